package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.ToleranceRules;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The shadow run: where the batch job's output lives and how the scheduled reconciliation compares
 * it with the streaming aggregates.
 *
 * @param batchTable where the batch job writes its daily per-campaign table
 * @param schedule EventBridge schedule expression of the scheduled reconciliation (UTC); each run
 *     reconciles the previous UTC day
 * @param grace how long after a range ends late events may still change the streaming side; a range
 *     younger than that reports drift without failing
 * @param tolerances per metric ({@code impressions}, …, {@code *} for the rest): {@code ABS},
 *     {@code ABS/REL} or {@code REL%}; empty tolerates nothing
 */
public record ReconcileSettings(
    BatchTable batchTable, String schedule, Duration grace, Map<String, String> tolerances) {
  /**
   * The environment variable with the lake bucket's name, which the CDK app gives the scheduled
   * reconcile.
   */
  public static final String LAKE_BUCKET_VARIABLE = "ADSTREAM_LAKE_BUCKET";

  public ReconcileSettings {
    require(
        schedule != null && schedule.matches("(cron|rate)\\(.+\\)"),
        "reconcile.schedule must be an EventBridge schedule expression, cron(...) or rate(...), was "
            + schedule);
    requireBetween(grace, Duration.ZERO, Duration.ofDays(7), "reconcile.grace");
    tolerances = tolerances == null ? Map.of() : Map.copyOf(tolerances);
    try {
      ToleranceRules.parse(tolerances);
    } catch (IllegalArgumentException e) {
      throw new AdstreamConfig.InvalidConfigException(
          java.util.List.of("reconcile.tolerances: " + e.getMessage()));
    }
  }

  public static ReconcileSettings defaults() {
    return new ReconcileSettings(
        BatchTable.defaults(), "cron(0 6 * * ? *)", Duration.ofHours(2), Map.of());
  }

  public ToleranceRules toleranceRules() {
    return ToleranceRules.parse(tolerances);
  }

  /**
   * The batch job's table in S3: every object under {@code prefix} with {@code {date}} replaced by
   * the day (YYYY-MM-DD) is read.
   *
   * @param bucket the bucket; empty means the lake bucket
   */
  public record BatchTable(
      Optional<String> bucket, String prefix, TableFormat format, ColumnMapping columns) {
    public BatchTable {
      require(
          bucket != null,
          "reconcile.batchTable.bucket must be a bucket name or absent (the lake bucket)");
      bucket.ifPresent(
          b ->
              require(
                  b.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                  "reconcile.batchTable.bucket must be an S3 bucket name, was " + b));
      require(
          prefix != null && !prefix.startsWith("/") && prefix.contains("{date}"),
          "reconcile.batchTable.prefix must be a key prefix containing {date}, was " + prefix);
      require(format != null, "reconcile.batchTable.format must be CSV, JSONL or PARQUET");
      require(columns != null, "reconcile.batchTable.columns must map the table's columns");
    }

    public static BatchTable defaults() {
      return new BatchTable(
          Optional.empty(),
          "batch/daily-campaign/date={date}/",
          TableFormat.CSV,
          ColumnMapping.defaults());
    }

    public String prefixFor(LocalDate date) {
      return prefix.replace("{date}", date.toString());
    }

    /**
     * The fixed part of the prefix, before the first placeholder: what IAM grants read access to.
     */
    public String staticPrefix() {
      return prefix.substring(0, prefix.indexOf("{date}"));
    }
  }
}
