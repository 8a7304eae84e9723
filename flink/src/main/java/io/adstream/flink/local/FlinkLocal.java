package io.adstream.flink.local;

import io.adstream.config.AdstreamConfig;
import io.adstream.flink.JobSettings;
import io.adstream.flink.PiiKeys;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.lake.LakeObjectBytes;
import io.adstream.local.harness.PartitionKeyFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adstream flink-local}: the Flink job in this process (a local Flink cluster and an in-process Kafka
 * broker) on generated traffic or an NDJSON file, with the outcome summary of {@code adstream local}.
 */
@Command(name = "flink-local", mixinStandardHelpOptions = true,
    description = "Run the Flink job locally (in-process Flink and Kafka) on generated traffic or a file.")
public final class FlinkLocal implements Callable<Integer> {
  @Option(names = "--input", description = "NDJSON file to put instead of generated traffic, one record per line.")
  Optional<Path> input;

  @Option(names = "--events", description = "Records to generate (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
  int events;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
  long seed;

  @Option(names = "--partitions", description = "Partitions of the events topic (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int partitions;

  @Option(names = "--config", description = "adstream configuration overrides (JSON) for windows and thresholds.")
  Optional<Path> config;

  public static void main(String[] args) {
    // before any logger exists: Flink's and Kafka's logs go to a file, the terminal gets the summary
    System.setProperty("log4j2.configurationFile", "log4j2-flink-local.xml");
    System.exit(new CommandLine(new FlinkLocal()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String overrides = config.isPresent() ? Files.readString(config.get()) : "{}";
    AdstreamConfig adstream = AdstreamConfig.withOverrides(overrides);
    List<byte[]> lines = input.isPresent() ? read(input.get()) : generate(adstream).lines();
    PartitionKeyFunction keys = PartitionKeyFunction.producers();
    List<Map.Entry<String, byte[]>> keyed = new ArrayList<>();
    lines.forEach(line -> keyed.add(new AbstractMap.SimpleImmutableEntry<>(keys.partitionKey(line), line)));

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobSettings settings = new JobSettings(kafka.bootstrapServers(), overrides, PiiKeys.Inline.random(), Duration.ofSeconds(1), true, Math.min(partitions, 2));
      KafkaRun run = new KafkaRun(kafka, settings);
      run.createTopics(partitions);
      run.put(keyed);
      Configuration flink = new Configuration();
      flink.setString("taskmanager.numberOfTaskSlots", "2");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
      long started = System.nanoTime();
      run.execute(env);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      KafkaRun.Result result = run.read();
      System.out.printf(Locale.ROOT, "adstream flink-local: %,d records on %d partitions through Flink (local) and Kafka (in process)%n",
          lines.size(), partitions);
      System.out.print(result.totals().summary());
      System.out.printf(Locale.ROOT, "  %-10s enriched %,d, late %,d, quarantine %,d, alerts %,d, serving-state items %,d%n", "topics",
          result.outputs().enrichedPositions().size(), result.lateLines(), result.quarantineLines(),
          result.outputs().alertIds().size(), result.stateItems());
      System.out.printf(Locale.ROOT, "  %-10s %,.0f records/s, job submitted to finished in %.1f s (per-event alerts only: the scheduled check is the Lambda stack's)%n",
          "throughput", lines.size() / Math.max(0.001, took.toMillis() / 1000.0), took.toMillis() / 1000.0);
      return result.totals().conserved() && result.totals().received() == lines.size() ? 0 : 1;
    }
  }

  private GeneratedTraffic generate(AdstreamConfig adstream) {
    Duration duration = Duration.ofMinutes(TrafficProfile.DEFAULT_DURATION_MINUTES);
    Instant start = Instant.now().minus(duration).minus(adstream.windows().allowedLateness()).truncatedTo(ChronoUnit.MINUTES);
    return TrafficGenerator.builder()
        .profile(TrafficProfile.builder().seed(seed).events(events).start(start).duration(duration).config(adstream).build())
        .build()
        .generate();
  }

  private static List<byte[]> read(Path file) throws IOException {
    try {
      return LakeObjectBytes.lines(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException("cannot read --input file " + file + ": " + e.getMessage(), e);
    }
  }
}
