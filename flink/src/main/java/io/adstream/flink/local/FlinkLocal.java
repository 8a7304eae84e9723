package io.adstream.flink.local;

import io.adstream.cli.OptionConverters;
import io.adstream.config.AdstreamConfig;
import io.adstream.flink.JobSettings;
import io.adstream.flink.KafkaSourceRecords;
import io.adstream.flink.PiiKeys;
import io.adstream.flink.RunTotals;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.lake.LakeObjectBytes;
import io.adstream.local.harness.PartitionKeyFunction;
import io.adstream.local.harness.PutSchedule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adstream flink-local}: the Flink job in this process (a local Flink cluster and an
 * in-process Kafka broker) on generated traffic or an NDJSON file, with the outcome summary of
 * {@code adstream local}. The job runs as on a cluster (unbounded, checkpointed, transactional
 * sinks); the run ends when the job's committed totals show every record put, and prints throughput
 * per CPU-second, put-to-visible latency and state size.
 */
@Command(
    name = "adstream flink-local",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the Flink job locally (in-process Flink and Kafka) on generated traffic or an NDJSON file, and prints"
          + " what happened to every record, as adstream local does.",
      "Exits 1 when put != accepted + duplicates + quarantined."
    })
public final class FlinkLocal implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      description = "NDJSON file to put instead of generated traffic, one record per line.")
  Optional<Path> input;

  @Option(
      names = "--events",
      description = "Records to generate (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  int events;

  @Option(
      names = "--seed",
      description = "Random seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--profile",
      paramLabel = "display|search",
      defaultValue = "display",
      converter = OptionConverters.MixName.class,
      description =
          "Traffic mix: display (impressions, few clicks) or search (clicks without impressions, many per"
              + " user) (default: ${DEFAULT-VALUE}).")
  TrafficProfile.Mix mix;

  @Option(
      names = "--partitions",
      description = "Partitions of the events topic (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int partitions;

  @Option(
      names = "--rate",
      paramLabel = "R/s",
      converter = OptionConverters.PerSecond.class,
      description =
          "Stream instead of putting everything at once: put generated records at R a second for --for,"
              + " while the job runs; the latency reported is then put to enriched line visible, as producers and a"
              + " read-committed consumer see it.")
  Optional<Double> rate;

  @Option(
      names = "--for",
      paramLabel = "SPAN",
      defaultValue = "60s",
      converter = OptionConverters.Span.class,
      description = "How long a streaming run puts records (default: ${DEFAULT-VALUE}).")
  Duration streamFor;

  @Option(
      names = "--warmup",
      paramLabel = "SPAN",
      defaultValue = "10s",
      converter = OptionConverters.Span.class,
      description =
          "Latencies leave out the records put in the first SPAN, while the JVM compiles the job"
              + " (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "SPAN",
      defaultValue = "1s",
      converter = OptionConverters.Span.class,
      description =
          "Checkpoint interval, e.g. 500ms, 1s: outputs become visible to read-committed consumers at each checkpoint"
              + " (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--drain-timeout",
      paramLabel = "SPAN",
      defaultValue = "30m",
      converter = OptionConverters.Span.class,
      description =
          "How long to wait for the job to commit every record put (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--config",
      description = "adstream configuration overrides (JSON) for windows and thresholds.")
  Optional<Path> config;

  public static void main(String[] args) {
    // before any logger exists: Flink's and Kafka's logs go to a file, the terminal gets the
    // summary
    System.setProperty("log4j2.configurationFile", "log4j2-flink-local.xml");
    System.exit(new CommandLine(new FlinkLocal()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (rate.isPresent() && input.isPresent()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rate streams generated traffic; it does not apply to --input");
    }
    String overrides = config.isPresent() ? Files.readString(config.get()) : "{}";
    AdstreamConfig adstream = AdstreamConfig.withOverrides(overrides);
    Optional<PutSchedule> schedule = rate.map(r -> PutSchedule.steady(r, streamFor));
    List<byte[]> lines = input.isPresent() ? read(input.get()) : generate(adstream, schedule);
    PartitionKeyFunction keys = PartitionKeyFunction.producers();

    Path checkpoints = Files.createTempDirectory("adstream-flink-local-checkpoints");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              overrides,
              PiiKeys.Inline.random(),
              checkpointInterval,
              false,
              Math.min(partitions, 2));
      KafkaRun run = new KafkaRun(kafka, settings);
      run.createTopics(partitions);
      Configuration flink = new Configuration();
      flink.setString("taskmanager.numberOfTaskSlots", "2");
      // a failure is retried a few times from the last checkpoint, then the run fails instead of
      // looping
      flink.setString("restart-strategy.type", "fixed-delay");
      flink.setString("restart-strategy.fixed-delay.attempts", "3");
      flink.setString("restart-strategy.fixed-delay.delay", "1 s");
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(
              2, LocalCheckpoints.in(checkpoints, flink));

      long cpuBefore = processCpuNanos();
      long started = System.nanoTime();
      JobClient job = run.start(env);
      Measured measured;
      try (OutputTail tail = new OutputTail(kafka, run.topics())) {
        long[] putNanos = put(kafka, run.topics().events(), lines, keys, schedule);
        awaitEveryRecord(job, tail, lines.size());
        long took = System.nanoTime() - started;
        long cpu = processCpuNanos() - cpuBefore;
        Optional<Long> stateBytes = LocalCheckpoints.lastCheckpointBytes(checkpoints);
        measured =
            new Measured(
                took, cpu, coreThreadCpuNanos(), stateBytes, latencies(putNanos, started, tail));
      } finally {
        job.cancel().get();
      }
      KafkaRun.Result result = run.read();
      System.out.print(summary(lines.size(), schedule, measured, result));
      return result.totals().conserved() && result.totals().received() == lines.size() ? 0 : 1;
    } finally {
      LocalCheckpoints.delete(checkpoints);
    }
  }

  /**
   * The positions of the records put: {@code shard/sequence} to the index of the line, filled in by
   * the acks.
   */
  private final Map<String, Integer> positions = new ConcurrentHashMap<>();

  /**
   * Puts the lines as producers key them (all at once, or on the schedule); returns each one's put
   * time.
   */
  private long[] put(
      EmbeddedKafka kafka,
      String topic,
      List<byte[]> lines,
      PartitionKeyFunction keys,
      Optional<PutSchedule> schedule)
      throws InterruptedException {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long[] putNanos = new long[lines.size()];
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < lines.size(); i++) {
        if (schedule.isPresent()) {
          while (schedule.get().dueBy(Duration.ofNanos(System.nanoTime() - start)) <= i) {
            Thread.sleep(1);
          }
        }
        byte[] line = lines.get(i);
        int index = i;
        putNanos[i] = System.nanoTime();
        producer.send(
            new ProducerRecord<>(
                topic, keys.partitionKey(line).getBytes(StandardCharsets.UTF_8), line),
            (metadata, error) -> {
              if (error == null) {
                positions.put(
                    KafkaSourceRecords.shardId(metadata.partition()) + "/" + metadata.offset(),
                    index);
              }
            });
      }
      producer.flush();
    }
    return putNanos;
  }

  private void awaitEveryRecord(JobClient job, OutputTail tail, int records) throws Exception {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (tail.totals().received() < records) {
      JobStatus status = job.getJobStatus().get();
      if (status.isGloballyTerminalState()) {
        job.getJobExecutionResult().get(); // throws the job's failure
        throw new IllegalStateException(
            "the job ended ("
                + status
                + ") with "
                + tail.totals().received()
                + " of "
                + records
                + " records");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the job committed "
                + tail.totals().received()
                + " of "
                + records
                + " records in --drain-timeout "
                + drainTimeout
                + "; its log: $TMPDIR/adstream-flink-local.log");
      }
      Thread.sleep(100);
    }
  }

  /** Put to enriched line visible, per accepted record put after the warm-up. */
  private long[] latencies(long[] putNanos, long started, OutputTail tail) {
    long measuredFrom = started + warmup.toNanos();
    return positions.entrySet().stream()
        .filter(e -> putNanos[e.getValue()] >= measuredFrom)
        .mapToLong(
            e -> {
              Long visible = tail.visibleAt(e.getKey());
              return visible == null ? -1 : visible - putNanos[e.getValue()];
            })
        .filter(nanos -> nanos >= 0)
        .sorted()
        .toArray();
  }

  /**
   * @param coreCpuNanos CPU time of the task thread that runs the core (with the sink writers
   *     chained to it): the one-key job's ceiling is one such thread
   */
  private record Measured(
      long wallNanos,
      long cpuNanos,
      long coreCpuNanos,
      Optional<Long> stateBytes,
      long[] latencyNanos) {}

  private String summary(
      int put, Optional<PutSchedule> schedule, Measured measured, KafkaRun.Result result) {
    StringBuilder text = new StringBuilder("adstream flink-local run\n");
    line(
        text,
        "job",
        String.format(
            Locale.ROOT,
            "Flink (local, 2 slots) and Kafka (in process), %d partitions; checkpoints every %s",
            partitions,
            TimeUtils.formatWithHighestUnit(checkpointInterval)));
    line(
        text,
        "run",
        schedule.map(PutSchedule::describe).orElse("every record put as fast as Kafka takes it")
            + (warmup.isZero()
                ? ""
                : "; latencies leave out the first "
                    + TimeUtils.formatWithHighestUnit(warmup)
                    + " (warm-up)"));
    double seconds = measured.wallNanos() / 1e9;
    double cpuSeconds = measured.cpuNanos() / 1e9;
    line(
        text,
        "processed",
        String.format(
            Locale.ROOT,
            "%,d records in %.1f s, %,.0f records/s; %.1f s of CPU in this process, %,.0f records per CPU-second"
                + " (Flink, the broker, the producer and the readers together)",
            put,
            seconds,
            put / seconds,
            cpuSeconds,
            put / cpuSeconds));
    line(
        text,
        "core",
        String.format(
            Locale.ROOT,
            "%.1f s of CPU in the task thread of the core and its sinks: %,.0f records per"
                + " CPU-second, the one-key job's ceiling on one core",
            measured.coreCpuNanos() / 1e9,
            put / (measured.coreCpuNanos() / 1e9)));
    long[] l = measured.latencyNanos();
    line(
        text,
        "latency",
        l.length == 0
            ? "put to enriched line visible: no record after the warm-up"
            : String.format(
                Locale.ROOT,
                "put to enriched line visible (read committed) p50 %,d ms, p90 %,d ms, p99 %,d ms, max %,d ms over %,d records",
                rank(l, 0.50),
                rank(l, 0.90),
                rank(l, 0.99),
                l[l.length - 1] / 1_000_000,
                l.length));
    line(
        text,
        "state",
        String.format(
            Locale.ROOT,
            "last checkpoint %s; serving-state changelog %,d items",
            measured
                .stateBytes()
                .map(
                    b ->
                        String.format(
                            Locale.ROOT, "%,d bytes (%,.0f per record put)", b, (double) b / put))
                .orElse("-"),
            result.stateItems()));
    long written = result.outputBytes().values().stream().mapToLong(Long::longValue).sum();
    line(
        text,
        "kafka",
        String.format(
            Locale.ROOT,
            "%,.0f bytes written to the output topics per record put: %s",
            (double) written / put,
            result.outputBytes().entrySet().stream()
                .map(
                    e ->
                        String.format(
                            Locale.ROOT,
                            "%s %,.0f",
                            e.getKey().substring(e.getKey().lastIndexOf('-') + 1),
                            (double) e.getValue() / put))
                .collect(java.util.stream.Collectors.joining(", "))));
    Map<String, String> topics = new LinkedHashMap<>();
    topics.put(
        "topics",
        String.format(
            Locale.ROOT,
            "enriched %,d, late %,d, quarantine %,d, alerts %,d (per-event alerts only: the"
                + " scheduled check is the Lambda stack's)",
            result.outputs().enrichedPositions().size(),
            result.lateLines(),
            result.quarantineLines(),
            result.outputs().alertIds().size()));
    RunTotals totals = result.totals();
    text.append(totals.summary(put, topics));
    return text.toString();
  }

  private static long rank(long[] sorted, double quantile) {
    return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)] / 1_000_000;
  }

  private static void line(StringBuilder text, String label, String value) {
    // adstream local's label width for its run lines
    text.append(String.format(Locale.ROOT, "  %-10s %s%n", label, value));
  }

  /** CPU time of the live task threads of the core operator (its name starts the thread's name). */
  private static long coreThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("adstream core")) {
        nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return nanos;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private List<byte[]> generate(AdstreamConfig adstream, Optional<PutSchedule> schedule) {
    TrafficProfile.Builder profile = TrafficProfile.builder().seed(seed).mix(mix).config(adstream);
    if (schedule.isPresent()) {
      // event times as the records are put, as adstream local --rate makes them
      Duration span = schedule.get().span();
      profile
          .events(Math.toIntExact(schedule.get().records()))
          .start(Instant.now().minus(span.dividedBy(10)))
          .duration(span.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : span);
    } else {
      Duration duration = Duration.ofMinutes(TrafficProfile.DEFAULT_DURATION_MINUTES);
      profile
          .events(events)
          .start(
              Instant.now()
                  .minus(duration)
                  .minus(adstream.windows().allowedLateness())
                  .truncatedTo(ChronoUnit.MINUTES))
          .duration(duration);
    }
    return TrafficGenerator.builder().profile(profile.build()).build().generate().lines();
  }

  private static List<byte[]> read(Path file) throws IOException {
    try {
      return LakeObjectBytes.lines(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException("cannot read --input file " + file + ": " + e.getMessage(), e);
    }
  }
}
