package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.migration.redrive.ParkedRedrive;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code adstream redrive}: parked batches back into the stream. */
@Command(
    name = "redrive",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Re-injects the records of the batches parked in the on-failure destination (aws/lambda/ in the lake bucket)"
          + " into the stream, byte for byte with their partition keys, then marks each batch done by moving it"
          + " under "
          + ParkedRedrive.REDRIVEN_PREFIX
          + ".",
      "Fix what made them fail first: a record that fails again is parked again."
    })
final class RedriveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Adstream adstream;

  @Option(
      names = "--bucket",
      required = true,
      description = "The lake bucket (the on-failure destination).")
  String bucket;

  @Option(
      names = "--stream",
      description = "The stream to put into (default: the configuration's).")
  Optional<String> stream;

  @Option(names = "--dry-run", description = "List the parked batches; put and move nothing.")
  boolean dryRun;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON overrides of the configuration.")
  Optional<java.nio.file.Path> config;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig adstreamConfig = MigrationOptions.config(spec, config);
    String streamName = stream.orElse(adstreamConfig.names().stream());
    PrintWriter out = spec.commandLine().getOut();
    try (S3Client s3 = adstream.aws().s3();
        KinesisClient kinesis = adstream.aws().kinesis()) {
      ParkedRedrive redrive = new ParkedRedrive(s3, kinesis, bucket, streamName);
      List<ParkedRedrive.Parked> parked = redrive.parked();
      long records = 0;
      for (ParkedRedrive.Parked batch : parked) {
        out.printf(
            Locale.ROOT,
            "%s %s: %d records of %s, %s .. %s (%s, %d invocations)%n",
            dryRun ? "parked" : "redrive",
            batch.key(),
            batch.batch().records().size(),
            batch.batch().shardId(),
            batch.batch().startSequenceNumber(),
            batch.batch().endSequenceNumber(),
            batch.batch().condition(),
            batch.batch().approximateInvokeCount());
        if (!dryRun) {
          records += redrive.redrive(batch);
        }
      }
      out.printf(
          Locale.ROOT,
          "%s %d parked batches%s%n",
          dryRun ? "found" : "redrove",
          parked.size(),
          dryRun
              ? ""
              : String.format(Locale.ROOT, ", %,d records put into %s", records, streamName));
      out.flush();
      return 0;
    }
  }
}
