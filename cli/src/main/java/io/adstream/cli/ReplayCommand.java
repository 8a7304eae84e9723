package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.local.harness.ProgressBar;
import io.adstream.migration.LakeObjects;
import io.adstream.migration.Location;
import io.adstream.migration.replay.LakeReplay;
import io.adstream.migration.replay.ReplayCheckpoint;
import io.adstream.pii.aws.SecretsManagerKeys;
import io.adstream.reconcile.TimeRange;
import io.adstream.replay.ReplayEnvelope;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code adstream replay}: the lake's events of a time range, put into the stream again. */
@Command(
    name = "replay",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Re-injects the lake's enriched events of a time range into the Kinesis stream as replay envelopes: dedup"
          + " recognises events already applied, so replaying a processed range changes no aggregate, and fills"
          + " in what a failure lost.",
      "Rate-limited, with a progress bar, resumable from --checkpoint. Refuses a range older than"
          + " windows.replayHorizon (never longer than the dedup window) unless --recompute."
    })
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Adstream adstream;

  @Option(
      names = "--lake",
      required = true,
      paramLabel = "s3://BUCKET|DIR",
      description = "The data lake (enriched/ inside).")
  String lake;

  @Option(
      names = "--stream",
      description = "The stream to put into (default: the configuration's).")
  Optional<String> stream;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      paramLabel = "RECORDS_PER_SECOND",
      description = "At most this many records per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Progress is written here after every put; run again with the same file to resume.")
  Optional<Path> checkpoint;

  @Option(
      names = "--recompute",
      description =
          "Replay a range older than the replay horizon: its dedup claims may have expired, so events"
              + " are applied again. Only after the range's aggregates were cleared, to recompute them.")
  boolean recompute;

  @Mixin MigrationOptions options;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig config = options.config(spec);
    TimeRange range = options.range(spec);
    Instant horizon = Instant.now().minus(config.windows().replayHorizon());
    if (range.from().isBefore(horizon) && !recompute) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "the range starts before the replay horizon (%s, windows.replayHorizon %s, dedup window %s): its events may"
                  + " no longer be recognised as applied and would count twice. Give --recompute to replay it anyway, after"
                  + " clearing the range's aggregates.",
              horizon,
              config.windows().replayHorizon(),
              config.windows().dedupWindow()));
    }
    if (rate < 1) {
      throw new ParameterException(spec.commandLine(), "--rate must be at least 1");
    }
    Location lakeLocation = Location.parse(lake);
    String scope = lakeLocation + " " + range;
    ReplayCheckpoint progress =
        checkpoint.isPresent()
            ? ReplayCheckpoint.open(checkpoint.get(), scope)
            : ReplayCheckpoint.none(scope);
    String streamName = stream.orElse(config.names().stream());
    PrintStream err = System.err;
    try (S3Client s3 = lakeLocation.isS3() ? adstream.aws().s3() : null;
        KinesisClient kinesis = adstream.aws().kinesis();
        SecretsManagerClient secrets = adstream.aws().secretsManager()) {
      // the processor takes only envelopes authenticated under the PII secret it masks with
      ReplayEnvelope envelopes =
          ReplayEnvelope.builder()
              .keyProvider(
                  new SecretsManagerKeys(
                      secrets,
                      config.names().piiKeySecret(),
                      Duration.ofMinutes(5),
                      Clock.systemUTC()))
              .build();
      LakeReplay replay =
          new LakeReplay(
              new LakeObjects(s3, lakeLocation),
              envelopes,
              LakeReplay.loader(kinesis, streamName),
              rate);
      LakeReplay.Result result;
      try (ProgressBar bar =
          ProgressBar.start(
              err,
              ProgressBar.interactive(),
              () ->
                  new ProgressBar.Progress(
                      replay.put(), Math.max(replay.total(), replay.put()), 0, 0, ""))) {
        result = replay.replay(range, progress);
      }
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "replay %s into %s: %,d records put from %,d objects%s%n",
              range,
              streamName,
              result.recordsPut(),
              result.objects(),
              result.recordsSkippedByCheckpoint() == 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      " (%,d already put by an earlier run, per the checkpoint)",
                      result.recordsSkippedByCheckpoint()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
