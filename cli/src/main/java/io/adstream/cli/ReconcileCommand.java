package io.adstream.cli;

import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.migration.LakeObjects;
import io.adstream.migration.Location;
import io.adstream.migration.batch.LakeBatchJob;
import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.Reconciler;
import io.adstream.reconcile.Reconciliation;
import io.adstream.reconcile.ReconciliationReport;
import io.adstream.reconcile.TableCodec;
import io.adstream.reconcile.TableRow;
import io.adstream.reconcile.TimeRange;
import io.adstream.reconcile.ToleranceRules;
import io.adstream.reconcile.aws.S3BatchTable;
import io.adstream.state.CapacityMeter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code adstream reconcile}: the shadow run's check, streaming output against the batch job's, per
 * campaign and metric.
 */
@Command(
    name = "reconcile",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Compares the streaming output (the DynamoDB aggregates, or the lake's enriched events) with the batch job's"
          + " per-campaign table for a day or an hour range: per campaign and metric the absolute and relative"
          + " difference, tolerance, campaigns missing on either side.",
      "Prints a Markdown report (or JSON with --json); --report-dir also writes Markdown, HTML with a drift chart,"
          + " and JSON. Exits 1 when a campaign is outside tolerance once the range is older than the grace period."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Adstream adstream;

  @Option(
      names = "--batch",
      paramLabel = "FILE|DIR|s3://BUCKET/PREFIX",
      description =
          "The batch table: a file, a directory of files, or an S3 prefix (default: reconcile.batchTable,"
              + " when it names a bucket).")
  Optional<String> batch;

  @Option(
      names = "--streaming",
      paramLabel = "dynamodb|lake",
      defaultValue = "dynamodb",
      description =
          "The streaming side: the aggregates table, or the enriched events in the lake (default: ${DEFAULT-VALUE}).")
  String streaming;

  @Option(
      names = "--lake",
      paramLabel = "s3://BUCKET|DIR",
      description = "The data lake, for --streaming lake.")
  Optional<String> lake;

  @Option(
      names = "--tolerance",
      paramLabel = "METRIC=ABS[/REL]|METRIC=REL%",
      description =
          "Tolerance of a metric (impressions, clicks, conversions, spend, revenue; * for all), e.g."
              + " spend=1000000/0.0001 or clicks=0.1%% (default: reconcile.tolerances, else exact). Money in micros.")
  Map<String, String> tolerances = Map.of();

  @Option(
      names = "--grace",
      converter = OptionConverters.Span.class,
      description =
          "How long after the range late events may still arrive: a younger range reports drift without"
              + " failing (default: reconcile.grace).")
  Optional<Duration> grace;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = "Also write reconcile-<range>.md, .html and .json here.")
  Optional<Path> reportDir;

  @Option(names = "--json", description = "Print the JSON report instead of Markdown.")
  boolean json;

  @Mixin MigrationOptions options;

  @Mixin TableOptions table;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig config = options.config(spec);
    TimeRange range = options.range(spec);
    ToleranceRules rules;
    try {
      Map<String, String> merged = new HashMap<>(config.reconcile().tolerances());
      merged.putAll(tolerances);
      rules = ToleranceRules.parse(merged);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--tolerance: " + e.getMessage());
    }
    Location batchLocation = batchLocation(config, range);
    ColumnMapping columns = table.columns(spec, config);
    TableCodec codec = TableOptions.codec(table.format(spec, config, batchLocation.key()), columns);
    Reconciliation result;
    try (S3Client s3 = adstream.aws().s3()) {
      List<TableRow> rows =
          batchLocation.isS3()
              ? new S3BatchTable(s3, codec)
                  .read(batchLocation.bucket().orElseThrow(), batchLocation.key())
              : readLocal(codec, batchLocation.path());
      Map<String, CampaignTotals> batchTotals;
      try {
        batchTotals = Reconciler.totals(rows, range);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      String streamingSource;
      Map<String, CampaignTotals> streamingTotals = new TreeMap<>();
      switch (streaming) {
        case "dynamodb" -> {
          try (DynamoDbClient dynamo = adstream.aws().dynamoDb()) {
            new DynamoAggregateReader(dynamo, config, new CapacityMeter())
                .totals(range.from(), range.to())
                .forEach(
                    (campaign, measures) ->
                        streamingTotals.put(campaign, CampaignTotals.of(measures)));
          }
          streamingSource = "DynamoDB table " + config.names().aggregatesTable();
        }
        case "lake" -> {
          Location lakeLocation =
              Location.parse(
                  lake.orElseThrow(
                      () ->
                          new ParameterException(
                              spec.commandLine(), "--streaming lake needs --lake")));
          LakeBatchJob.Result fromLake =
              new LakeBatchJob(config, CrawlerList.load())
                  .run(new LakeObjects(s3, lakeLocation), range, false);
          Reconciler.totals(fromLake.rows(), range).forEach(streamingTotals::put);
          streamingSource = "enriched events in " + lakeLocation;
        }
        default ->
            throw new ParameterException(
                spec.commandLine(), "--streaming must be dynamodb or lake, was " + streaming);
      }
      result =
          Reconciler.builder()
              .range(range)
              .tolerances(rules)
              .grace(grace.orElse(config.reconcile().grace()))
              .sources(batchLocation.toString(), streamingSource)
              .build()
              .reconcile(batchTotals, streamingTotals);
    }
    ReconciliationReport report = new ReconciliationReport(result);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() : report.markdown());
    out.flush();
    if (reportDir.isPresent()) {
      Files.createDirectories(reportDir.get());
      String name =
          "reconcile-"
              + range.from().toString().replace(":", "")
              + "-"
              + range.to().toString().replace(":", "");
      Files.writeString(
          reportDir.get().resolve(name + ".md"), report.markdown(), StandardCharsets.UTF_8);
      Files.writeString(
          reportDir.get().resolve(name + ".html"), report.html(), StandardCharsets.UTF_8);
      Files.writeString(
          reportDir.get().resolve(name + ".json"), report.json(), StandardCharsets.UTF_8);
      spec.commandLine()
          .getErr()
          .printf(Locale.ROOT, "reports in %s/%s.{md,html,json}%n", reportDir.get(), name);
    }
    spec.commandLine()
        .getErr()
        .printf(
            Locale.ROOT,
            "reconcile %s: %d campaigns, %d outside tolerance%s%n",
            range,
            result.campaigns().size(),
            result.campaignsOutsideTolerance(),
            result.settled() ? "" : " (provisional: within the grace period)");
    spec.commandLine().getErr().flush();
    return result.failed() ? 1 : 0;
  }

  private Location batchLocation(AdstreamConfig config, TimeRange range) {
    if (batch.isPresent()) {
      try {
        return Location.parse(batch.get());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--batch: " + e.getMessage());
      }
    }
    var configured = config.reconcile().batchTable();
    LocalDateRange days = new LocalDateRange(range);
    if (configured.bucket().isEmpty() || !days.singleDay()) {
      throw new ParameterException(
          spec.commandLine(),
          "give --batch: reconcile.batchTable names no bucket (it defaults to the lake bucket), or the range is not one day");
    }
    return Location.s3(configured.bucket().get(), configured.prefixFor(days.first()));
  }

  /** The days a range touches. */
  private record LocalDateRange(java.time.LocalDate first, java.time.LocalDate last) {
    LocalDateRange(TimeRange range) {
      this(
          range.from().atZone(java.time.ZoneOffset.UTC).toLocalDate(),
          range.to().minusMillis(1).atZone(java.time.ZoneOffset.UTC).toLocalDate());
    }

    boolean singleDay() {
      return first.equals(last);
    }
  }

  private static List<TableRow> readLocal(TableCodec codec, Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("no batch table at " + path);
    }
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        files =
            walk.filter(Files::isRegularFile)
                .filter(
                    p ->
                        !String.valueOf(p.getFileName()).startsWith("_")
                            && !String.valueOf(p.getFileName()).startsWith("."))
                .sorted()
                .toList();
      }
    } else {
      files = List.of(path);
    }
    List<TableRow> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(codec.read(file.toString(), Files.readAllBytes(file)));
    }
    return rows;
  }
}
