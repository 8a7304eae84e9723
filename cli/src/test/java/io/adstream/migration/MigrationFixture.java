package io.adstream.migration;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.aws.AwsTarget;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.cli.Adstream;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.RunReport;
import io.adstream.local.mapping.EventSourceMapping;
import io.adstream.state.CapacityMeter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * A pipeline on the emulator for the migration tools' tests: generate a day slice, run it, call the
 * tools.
 */
final class MigrationFixture {
  final LocalAws aws;
  final AdstreamConfig config;
  final ProvisioningPlan plan;

  /** Yesterday (UTC): a whole day in the past, inside the replay horizon. */
  final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);

  MigrationFixture(LocalAws aws, String mappingOverrides) {
    this.aws = aws;
    this.config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"m"
                + UUID.randomUUID().toString().substring(0, 8)
                + "\","
                + "\"mapping\":{"
                + mappingOverrides
                + "},\"reconcile\":{\"grace\":\"PT0S\"}}");
    this.plan =
        ProvisioningPlan.of(
            config,
            ProvisioningPlan.LOCAL_ACCOUNT,
            aws.target().region().orElse(AwsTarget.EMULATOR_REGION));
  }

  String bucket() {
    return plan.lakeBucket();
  }

  /** Traffic of two hours of the day, with the generator's defects. */
  List<byte[]> traffic(long seed, int events) {
    return TrafficGenerator.builder()
        .profile(
            TrafficProfile.builder()
                .seed(seed)
                .events(events)
                .start(day.atTime(10, 0).toInstant(ZoneOffset.UTC))
                .duration(Duration.ofHours(2))
                .clickFloods(1)
                .config(config)
                .build())
        .build()
        .generate()
        .lines();
  }

  ProcessorHandler handler() {
    return new ProcessorHandler(aws.clients(), config, plan.alertTopicArn(), new PipelineTotals());
  }

  /** Provisions, puts the lines and runs the mapping with the (wrapped) processor until drained. */
  RunReport run(
      List<byte[]> lines, UnaryOperator<RequestHandler<KinesisEvent, StreamsEventResponse>> wrap)
      throws InterruptedException {
    return LocalRun.builder()
        .aws(aws)
        .config(config)
        .handler(() -> wrap.apply(handler()))
        .progress(quiet(), false)
        .functionLog(quiet())
        .build()
        .run(lines.iterator());
  }

  /** A mapping from the stream's tip (LATEST) with the real processor: for what the tools put. */
  EventSourceMapping tipMapping() {
    AdstreamConfig latest =
        AdstreamConfig.withOverrides(config.toJson().replace("\"TRIM_HORIZON\"", "\"LATEST\""));
    return EventSourceMapping.builder()
        .plan(plan)
        .clients(aws.clients())
        .settings(latest.mapping())
        .handler(this::handler)
        .idlePollInterval(Duration.ofMillis(100))
        .functionLog(quiet())
        .build()
        .start();
  }

  SortedMap<CampaignMinute, Measures> aggregates() {
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return new DynamoAggregateReader(aws.clients().dynamoDb(), config, new CapacityMeter())
        .minutes(from, from.plus(Duration.ofDays(1)));
  }

  /** One run of the command line against the emulator. */
  record Cli(int exitCode, String out, String err) {}

  /** Runs a migration tool with this pipeline's configuration (--config is appended). */
  Cli adstream(String... args) throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("adstream-config", ".json");
    java.nio.file.Files.writeString(file, config.toJson());
    String[] withConfig = java.util.Arrays.copyOf(args, args.length + 2);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = file.toString();
    args = withConfig;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Adstream.commandLine(aws::clients);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    java.nio.file.Files.delete(file);
    return new Cli(exit, out.toString(), err.toString());
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
