package io.adstream.cli;

import io.adstream.aws.AwsTarget;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.aws.SimulatedLatency;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.lake.LakeObjectBytes;
import io.adstream.lambda.AlertCheckHandler;
import io.adstream.lambda.ApiHandler;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LakeInventory;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.PutSchedule;
import io.adstream.local.harness.RunReport;
import io.adstream.local.harness.WriteUnitsByType;
import io.adstream.local.serve.LocalApiServer;
import io.adstream.state.aws.CapacityLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code adstream local}: the whole pipeline on this machine. Starts (or reuses) the emulator,
 * provisions from the configuration, generates traffic (or reads NDJSON), puts it to Kinesis (all
 * at once, or streamed at {@code --rate}), runs the event source mapping with the real processor
 * handler until drained, and checks conservation (guarantee 1 (docs/guarantees.md)).
 */
@Command(
    name = "local",
    sortOptions = false,
    description = {
      "Runs the pipeline locally against the embedded AWS emulator (or AWS_ENDPOINT_URL) on generated traffic"
          + " or an NDJSON file, and prints what happened to every record.",
      "Exits 1 when received != accepted + duplicates + quarantined + parked."
    })
final class LocalCommand implements Callable<Integer> {
  static final int DEFAULT_EVENTS = 20_000;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--input",
      description = "NDJSON file to put instead of generated traffic, one record per line.")
  Optional<Path> input;

  @Option(
      names = "--drain-timeout",
      converter = OptionConverters.Span.class,
      defaultValue = "30m",
      description = "How long to wait for every shard to drain (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--serve",
      arity = "0..1",
      fallbackValue = "" + ServeCommand.DEFAULT_PORT,
      paramLabel = "PORT",
      description =
          "After the run, keep the emulator up and serve the API and the live dashboard on 127.0.0.1:PORT"
              + " (default "
              + ServeCommand.DEFAULT_PORT
              + ") until Ctrl-C.")
  Optional<Integer> serve;

  @Option(
      names = "--rate",
      converter = OptionConverters.PerSecond.class,
      paramLabel = "R/s",
      description =
          "Stream instead of putting everything at once: put generated records at R a second"
              + " (e.g. 116/s, about 10M a day) for --for, while the mapping consumes them, as producers and Lambda"
              + " do in AWS. The report adds put-to-aggregate-visible latency, read back through the API.")
  Optional<Double> rate;

  @Option(
      names = "--for",
      converter = OptionConverters.Span.class,
      paramLabel = "SPAN",
      defaultValue = "10m",
      description = "How long a streaming run puts records (default: ${DEFAULT-VALUE}).")
  Duration streamFor;

  @Option(
      names = "--shape",
      defaultValue = "steady",
      paramLabel = "steady|diurnal",
      description =
          "A streaming run's rate over time: steady, or diurnal (a day's curve in --for: 0.4 to 1.6"
              + " times --rate, the same records in all) (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--warmup",
      converter = OptionConverters.Span.class,
      paramLabel = "SPAN",
      defaultValue = "30s",
      description =
          "A streaming run's latencies leave out the records put in its first SPAN, while the JVM"
              + " compiles the pipeline, as a Lambda cold start would happen once (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--aws-latency",
      description =
          "Make every AWS call take about as long as it would in AWS (published figures; see"
              + " docs/latency.md), so that the latency reported says something about AWS.")
  boolean awsLatency;

  @Option(
      names = "--budget",
      description = "Also print the waves of calls of a typical full batch.")
  boolean budget;

  @Mixin TrafficOptions traffic;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig config = traffic.config(spec);
    PrintWriter out = spec.commandLine().getOut();
    Optional<PutSchedule> schedule = schedule();
    List<byte[]> lines = input.isPresent() ? read(input.get()) : generate(schedule);
    PipelineTotals totals = new PipelineTotals();
    Optional<LocalApiServer> server = Optional.empty();
    try (LocalAws aws = LocalAws.start()) {
      // started before the run, so that the dashboard fills in while the records are processed
      if (serve.isPresent()) {
        server =
            Optional.of(
                ServeCommand.start(
                    spec.commandLine().getErr(), aws.clients(), config, serve.get()));
      }
      LocalRun.Builder run =
          LocalRun.builder()
              .aws(aws)
              .config(config)
              .handlerOn(
                  clients ->
                      new ProcessorHandler(
                          clients, config, plan(config, aws).alertTopicArn(), totals))
              .alertCheck(
                  () ->
                      new AlertCheckHandler(
                          aws.clients(),
                          config,
                          plan(config, aws).alertTopicArn(),
                          Clock.systemUTC()))
              .drainTimeout(drainTimeout)
              .functionLog(System.err);
      schedule.ifPresent(
          s ->
              run.schedule(s)
                  .warmup(warmup)
                  .api(clients -> new ApiHandler(clients, config, Clock.systemUTC())));
      if (awsLatency) {
        run.simulatedLatency(SimulatedLatency.published());
      }
      RunReport report = run.build().run(lines.iterator());
      String bucket = plan(config, aws).lakeBucket();
      LakeInventory lake;
      try (S3Client s3 = aws.clients().s3()) {
        lake = LakeInventory.of(s3, bucket);
      }
      PipelineTotals.Snapshot pipeline = totals.snapshot();
      out.print(report.summary());
      if (budget) {
        report.typicalBatch().forEach(wave -> line(out, "", wave));
      }
      boolean conserved = printPipeline(out, report, pipeline, lake, aws.capacity());
      out.flush();
      if (server.isPresent()) {
        String endpoint =
            aws.endpoint()
                .map(URI::toString)
                .or(() -> java.util.Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")))
                .orElse("AWS");
        out.printf("  serving      %s until Ctrl-C%n", server.get().uri());
        out.printf(
            "  emulator at  %s (AWS_ENDPOINT_URL for adstream batch, reconcile, replay)%n",
            endpoint);
        // one line a script can wait for and parse
        out.printf("adstream-ready api=%s endpoint=%s%n", server.get().uri(), endpoint);
        out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return conserved ? 0 : 1;
    } finally {
      server.ifPresent(LocalApiServer::close);
    }
  }

  private static ProvisioningPlan plan(AdstreamConfig config, LocalAws aws) {
    return ProvisioningPlan.of(
        config,
        ProvisioningPlan.LOCAL_ACCOUNT,
        aws.target().region().orElse(AwsTarget.EMULATOR_REGION));
  }

  private Optional<PutSchedule> schedule() {
    if (rate.isEmpty()) {
      return Optional.empty();
    }
    if (input.isPresent()) {
      throw new ParameterException(
          spec.commandLine(), "--rate streams generated traffic; it does not apply to --input");
    }
    return Optional.of(
        switch (shape) {
          case "steady" -> PutSchedule.steady(rate.get(), streamFor);
          case "diurnal" -> PutSchedule.diurnal(rate.get(), streamFor);
          default ->
              throw new ParameterException(
                  spec.commandLine(), "--shape must be steady or diurnal, was '" + shape + "'");
        });
  }

  private List<byte[]> generate(Optional<PutSchedule> schedule) {
    TrafficProfile profile;
    if (schedule.isPresent()) {
      // event times as the records are put; a diurnal run puts its middle ahead of a steady pace,
      // by at
      // most a tenth of the span, so the times start that much earlier to stay out of the future
      long records = schedule.get().records();
      if (records > Integer.MAX_VALUE) {
        throw new ParameterException(
            spec.commandLine(), "--rate x --for is " + records + " records: too many");
      }
      Duration span = schedule.get().span();
      Duration eventSpan =
          span.compareTo(Duration.ofMinutes(1)) < 0
              ? Duration.ofMinutes(1)
              : span; // the generator's least
      profile =
          traffic.streamingProfile(
              spec, (int) records, Instant.now().minus(span.dividedBy(10)), eventSpan);
    } else {
      profile = traffic.profile(spec, DEFAULT_EVENTS);
    }
    return TrafficGenerator.builder().profile(profile).build().generate().lines();
  }

  /**
   * Lines byte for byte (a record need not be UTF-8); a trailing carriage return is kept as data.
   */
  private static List<byte[]> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("cannot read --input file " + file + ": " + e.getMessage(), e);
    }
    return LakeObjectBytes.lines(bytes);
  }

  private static boolean printPipeline(
      PrintWriter out,
      RunReport report,
      PipelineTotals.Snapshot p,
      LakeInventory lake,
      CapacityLedger capacity) {
    long put = report.load().records();
    long parked = report.mapping().total().recordsParked();
    line(
        out,
        "outcomes",
        String.format(
            Locale.ROOT,
            "%,d accepted, %,d duplicates, %,d quarantined, %,d parked",
            p.accepted(),
            p.duplicates(),
            p.quarantined(),
            parked));
    if (!p.quarantinedByReason().isEmpty()) {
      line(
          out,
          "reasons",
          new java.util.TreeMap<>(p.quarantinedByReason())
              .entrySet().stream()
                  .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                  .collect(Collectors.joining(", ")));
    }
    line(
        out,
        "joins",
        String.format(
            Locale.ROOT,
            "%,d attributed, %,d orphan clicks, %,d conversions unattributed; %,d late events, %,d invalid clicks",
            p.joinsAttributed(),
            p.joinsOrphan(),
            p.conversionsUnattributed(),
            p.late(),
            p.invalidClicks()));
    java.util.TreeMap<String, Long> alerts = new java.util.TreeMap<>(p.alertsByRule());
    report.scheduledAlerts().forEach((rule, n) -> alerts.merge(rule, (long) n, Long::sum));
    line(
        out,
        "alerts",
        alerts.isEmpty()
            ? "none"
            : alerts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
    line(out, "dynamodb", CapacityLine.of(capacity, p.accepted()));
    for (var share : WriteUnitsByType.of(capacity.writeUnitsByItem(), p.acceptedByType())) {
      line(out, "  by type", share.describe());
    }
    line(
        out,
        "lake",
        LakeInventory.PREFIXES.stream()
            .map(
                prefix ->
                    String.format(
                        Locale.ROOT,
                        "%s %,d lines in %,d objects",
                        prefix,
                        lake.at(prefix).lines(),
                        lake.at(prefix).objects()))
            .collect(Collectors.joining("; ")));
    line(
        out,
        "throughput",
        String.format(
            Locale.ROOT,
            "%,.0f records/s from first put to drained",
            put / Math.max(0.001, report.processingTime().toMillis() / 1000.0)));
    long accounted = p.accepted() + p.duplicates() + p.quarantined() + parked;
    boolean conserved = accounted == put && p.received() + parked == put;
    line(
        out,
        "conservation",
        String.format(
            Locale.ROOT,
            "%s: %,d put = %,d accepted + %,d duplicates + %,d quarantined + %,d parked",
            conserved ? "holds" : "BROKEN",
            put,
            p.accepted(),
            p.duplicates(),
            p.quarantined(),
            parked));
    if (lake.at(ResourceNames.ENRICHED_PREFIX).lines() != p.accepted()
        || lake.at(ResourceNames.QUARANTINE_PREFIX).lines() != p.quarantined()) {
      line(
          out,
          "note",
          "the lake holds a different number of lines than records took effect: landing is at-least-once");
    }
    return conserved;
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "  %-12s %s%n", label, value);
  }
}
