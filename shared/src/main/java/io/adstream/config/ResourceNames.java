package io.adstream.config;

/**
 * The name of every resource, derived from the configuration prefix. The CDK app names resources
 * with these and the local runner provisions exactly these.
 */
public record ResourceNames(String prefix) {

  /** Lake prefixes (each ends with '/'). */
  public static final String ENRICHED_PREFIX = "enriched/";

  public static final String ATTRIBUTION_PREFIX = "attribution/";
  public static final String QUARANTINE_PREFIX = "quarantine/";

  /**
   * Where the on-failure destination parks batches. Lambda fixes the key itself ({@code
   * aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>}) and no prefix can
   * be configured; the local runtime writes the same keys.
   */
  public static final String LAMBDA_ON_FAILURE_PREFIX = "aws/lambda/";

  public static final String FIREHOSE_ERRORS_PREFIX = "firehose-errors/";

  public String stream() {
    return prefix + "-events";
  }

  public String processorFunction() {
    return prefix + "-processor";
  }

  /** The scheduled alert check: orphan clicks, budgets, anomalies, source silence. */
  public String alertCheckFunction() {
    return prefix + "-alert-check";
  }

  /** The EventBridge schedule that invokes the alert check. */
  public String alertCheckSchedule() {
    return prefix + "-alert-check";
  }

  /** The read API behind the HTTP API. */
  public String apiFunction() {
    return prefix + "-api";
  }

  /** The delivery streams' record transformation: reads each packed record's lake partition. */
  public String lakePartitionFunction() {
    return prefix + "-lake-partition";
  }

  /** The scheduled shadow-run check: the batch job's daily table against the aggregates. */
  public String reconcileFunction() {
    return prefix + "-reconcile";
  }

  /** The EventBridge schedule that invokes the reconcile function. */
  public String reconcileSchedule() {
    return prefix + "-reconcile";
  }

  /** The processor's enhanced fan-out consumer of the stream (when stream.enhancedFanOut is on). */
  public String processorConsumer() {
    return prefix + "-processor";
  }

  /** Dedup claims and attribution join state. */
  public String claimsTable() {
    return prefix + "-claims";
  }

  public String aggregatesTable() {
    return prefix + "-aggregates";
  }

  public String featuresTable() {
    return prefix + "-features";
  }

  public String alertsTable() {
    return prefix + "-alerts";
  }

  /** Campaign settings (from campaign_update) and search-ads rows (sem_stats). */
  public String campaignsTable() {
    return prefix + "-campaigns";
  }

  public String alertTopic() {
    return prefix + "-alerts";
  }

  public String opsTopic() {
    return prefix + "-ops";
  }

  public String enrichedDeliveryStream() {
    return prefix + "-enriched";
  }

  public String attributionDeliveryStream() {
    return prefix + "-attribution";
  }

  public String quarantineDeliveryStream() {
    return prefix + "-quarantine";
  }

  public String piiKeySecret() {
    return prefix + "/pii-hmac-key";
  }

  /** Alerts by day, newest first: the alert feed of the API. */
  public static final String ALERTS_BY_DAY_INDEX = "by_day";

  /** Every table, with its keys, TTL attribute and indexes. */
  public java.util.List<TableSpec> tables() {
    return java.util.List.of(
        TableSpec.keyed(claimsTable()),
        TableSpec.sorted(aggregatesTable()),
        TableSpec.keyed(featuresTable()),
        TableSpec.sorted(
            alertsTable(), new TableSpec.IndexSpec(ALERTS_BY_DAY_INDEX, "day", "raised_at")),
        TableSpec.sorted(campaignsTable()));
  }

  /** S3 bucket names are global: the lake bucket carries the account and region. */
  public String lakeBucket(String account, String region) {
    return prefix + "-lake-" + account + "-" + region;
  }
}
