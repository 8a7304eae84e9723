package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.migration.LakeObjects;
import io.adstream.migration.Location;
import io.adstream.migration.batch.LakeBatchJob;
import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.TimeRange;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code adstream batch}: the Glue job's daily per-campaign table, recomputed from the data lake.
 * The reference of the shadow run's tests, and the fallback while streaming is paused.
 */
@Command(
    name = "batch",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes the batch job's per-campaign table (date, campaign_id, impressions, clicks, conversions, spend,"
          + " revenue) from the lake's enriched events, following docs/semantics.md.",
      "Reads the events of the range and, for attribution and lateness, of the conversion lookback before it."
    })
final class BatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Adstream adstream;

  @Option(
      names = "--lake",
      required = true,
      paramLabel = "s3://BUCKET[/PREFIX]|DIR",
      description =
          "The data lake: the lake bucket, or a local copy of it (with enriched/ inside).")
  String lake;

  @Option(
      names = "--out",
      paramLabel = "FILE|s3://BUCKET/KEY",
      description = "Where to write the table (default: standard output).")
  Optional<String> out;

  @Option(
      names = "--hourly",
      description = "One row per campaign and UTC hour (adds the hour column) instead of per day.")
  boolean hourly;

  @Mixin MigrationOptions options;

  @Mixin TableOptions table;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig config = options.config(spec);
    TimeRange range = options.range(spec);
    if (!hourly
        && !(range.from().equals(range.from().truncatedTo(java.time.temporal.ChronoUnit.DAYS))
            && range.to().equals(range.to().truncatedTo(java.time.temporal.ChronoUnit.DAYS)))) {
      throw new ParameterException(
          spec.commandLine(), "a daily table covers whole UTC days: give --hourly for " + range);
    }
    TableFormat format = table.format(spec, config, out.orElse(""));
    ColumnMapping columns = table.columns(spec, config);
    if (hourly && columns.hour().isEmpty()) {
      columns = columns.hourly("hour");
    } else if (!hourly && columns.hour().isPresent()) {
      throw new ParameterException(spec.commandLine(), "an hour column is mapped: give --hourly");
    }
    Location lakeLocation = parse("--lake", lake);
    Optional<Location> target = out.map(o -> parse("--out", o));
    if (format == TableFormat.PARQUET && target.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Parquet is binary: give --out FILE or --out s3://BUCKET/KEY");
    }
    boolean needsS3 = lakeLocation.isS3() || target.map(Location::isS3).orElse(false);
    try (S3Client s3 = needsS3 ? adstream.aws().s3() : null) {
      LakeBatchJob.Result result =
          new LakeBatchJob(config, CrawlerList.load())
              .run(new LakeObjects(s3, lakeLocation), range, hourly);
      byte[] bytes = TableOptions.codec(format, columns).write(result.rows());
      if (target.isEmpty()) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(new String(bytes, StandardCharsets.UTF_8));
        stdout.flush();
      } else if (target.get().isS3()) {
        s3.putObject(
            b -> b.bucket(target.get().bucket().orElseThrow()).key(target.get().key()),
            RequestBody.fromBytes(bytes));
      } else {
        Path file = target.get().path();
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
          Files.createDirectories(folder);
        }
        Files.write(file, bytes);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          Locale.ROOT,
          "batch %s: %,d rows from %,d events in range (%,d lines in %,d objects read)%s%s%n",
          range,
          result.rows().size(),
          result.eventsInRange(),
          result.linesRead(),
          result.objectsRead(),
          result.landedTwice() == 0
              ? ""
              : String.format(
                  Locale.ROOT, "; %,d events landed twice, counted once", result.landedTwice()),
          result.lateDisagreements() == 0
              ? ""
              : String.format(
                  Locale.ROOT,
                  "; %,d events the stream judged late differently",
                  result.lateDisagreements()));
      target.ifPresent(t -> err.println("wrote " + t));
      err.flush();
      return 0;
    }
  }

  private Location parse(String option, String value) {
    try {
      return Location.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
