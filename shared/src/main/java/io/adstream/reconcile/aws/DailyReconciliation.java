package io.adstream.reconcile.aws;

import io.adstream.aggregation.AggregateReader;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ReconcileSettings;
import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.Reconciler;
import io.adstream.reconcile.Reconciliation;
import io.adstream.reconcile.ReconciliationReport;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.TextTableCodec;
import io.adstream.reconcile.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduled shadow-run check: one UTC day of the batch job's table (reconcile.batchTable in S3)
 * against the DynamoDB aggregates, with the configured tolerances and grace; the reports (JSON,
 * Markdown, HTML) are written to the lake under {@value #REPORTS_PREFIX}{@code date=YYYY-MM-DD/}.
 */
public final class DailyReconciliation {
  public static final String REPORTS_PREFIX = "reconcile/";

  private final S3Client s3;
  private final AggregateReader aggregates;
  private final AdstreamConfig config;
  private final String lakeBucket;

  /**
   * @throws IllegalArgumentException when the batch table is Parquet, which this reader does not
   *     read
   */
  public DailyReconciliation(
      S3Client s3, AggregateReader aggregates, AdstreamConfig config, String lakeBucket) {
    requireReadable(config.reconcile().batchTable());
    this.s3 = s3;
    this.aggregates = aggregates;
    this.config = config;
    this.lakeBucket = lakeBucket;
  }

  /**
   * The scheduled check reads CSV and JSON lines only: a Parquet reader would take the Lambda jar
   * past its size budget. Checked when the CDK app synthesizes and when the Lambda starts, so a
   * Parquet table is refused before the first scheduled run rather than at it.
   */
  public static void requireReadable(ReconcileSettings.BatchTable table) {
    if (table.format() == TableFormat.PARQUET) {
      throw new IllegalArgumentException(
          "reconcile.batchTable.format is PARQUET, but the scheduled reconcile Lambda reads"
              + " CSV or JSON lines only: have the batch job write CSV or JSON lines for it, or reconcile Parquet tables"
              + " with the CLI (adstream reconcile --format parquet)");
    }
  }

  /** Where the batch table of a day is read. */
  public String batchBucket() {
    return config.reconcile().batchTable().bucket().orElse(lakeBucket);
  }

  public Reconciliation reconcile(LocalDate day, Instant now) {
    ReconcileSettings settings = config.reconcile();
    TimeRange range = TimeRange.day(day);
    String prefix = settings.batchTable().prefixFor(day);
    var rows =
        new S3BatchTable(
                s3,
                new TextTableCodec(settings.batchTable().format(), settings.batchTable().columns()))
            .read(batchBucket(), prefix);
    Map<String, CampaignTotals> streaming = new TreeMap<>();
    aggregates
        .totals(range.from(), range.to())
        .forEach((campaign, measures) -> streaming.put(campaign, CampaignTotals.of(measures)));
    Reconciliation result =
        Reconciler.builder()
            .range(range)
            .tolerances(settings.toleranceRules())
            .grace(settings.grace())
            .now(now)
            .sources(
                "s3://" + batchBucket() + "/" + prefix,
                "DynamoDB table " + config.names().aggregatesTable())
            .build()
            .reconcile(Reconciler.totals(rows, range), streaming);
    ReconciliationReport report = new ReconciliationReport(result);
    String reports = REPORTS_PREFIX + "date=" + day + "/";
    put(reports + "report.json", report.json(), "application/json");
    put(reports + "report.md", report.markdown(), "text/markdown; charset=utf-8");
    put(reports + "report.html", report.html(), "text/html; charset=utf-8");
    return result;
  }

  private void put(String key, String content, String contentType) {
    s3.putObject(
        b -> b.bucket(lakeBucket).key(key).contentType(contentType),
        RequestBody.fromBytes(content.getBytes(StandardCharsets.UTF_8)));
  }
}
