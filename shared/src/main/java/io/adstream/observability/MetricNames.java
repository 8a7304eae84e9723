package io.adstream.observability;

import java.util.List;

/**
 * Names of the metrics the pipeline publishes (as EMF log lines) and the CDK dashboard and alarms
 * read. One place, so an emitter and an alarm cannot disagree on a name.
 */
public final class MetricNames {
  public static final String NAMESPACE = "Adstream";

  /** Dimensions. */
  public static final String DIM_FUNCTION = "Function";

  public static final String DIM_SHARD = "ShardId";
  public static final String DIM_REASON = "Reason";
  public static final String DIM_RULE = "Rule";
  public static final String DIM_EVENT_TYPE = "EventType";

  /**
   * Conservation (guarantee 1 (docs/guarantees.md)): received = accepted + duplicate + quarantined
   * + parked, per shard.
   */
  public static final String RECORDS_RECEIVED = "RecordsReceived";

  public static final String RECORDS_ACCEPTED = "RecordsAccepted";
  public static final String RECORDS_DUPLICATE = "RecordsDuplicate";
  public static final String RECORDS_QUARANTINED = "RecordsQuarantined";
  public static final String RECORDS_PARKED = "RecordsParked";

  /** Stateful processing. */
  public static final String JOINS_ATTRIBUTED = "JoinsAttributed";

  public static final String JOINS_ORPHAN = "JoinsOrphan";
  public static final String CONVERSIONS_UNATTRIBUTED = "ConversionsUnattributed";
  public static final String LATE_EVENTS = "LateEvents";
  public static final String INVALID_CLICKS = "InvalidClicks";
  public static final String ALERTS_PUBLISHED = "AlertsPublished";
  public static final String WRITE_UNITS = "DynamoDbWriteUnits";

  /**
   * USD of DynamoDB writes per million received records, from the units the batch consumed
   * (capacity.writeUnitPriceUsd).
   */
  public static final String WRITE_COST_PER_MILLION = "DynamoDbWriteCostPerMillionEvents";

  /** Time. */
  public static final String PROCESSING_TIME_MS = "BatchProcessingTime";

  /** now − event_time, per accepted event. */
  public static final String EVENT_AGE_MS = "EventAge";

  /** Landing. */
  public static final String LANDED_RECORDS = "LandedRecords";

  public static final String LANDING_RETRIES = "LandingRetries";

  /** Migration tooling: streaming vs batch difference found by the scheduled reconcile. */
  public static final String RECONCILIATION_DRIFT = "ReconciliationDrift";

  public static final String RECONCILED_CAMPAIGNS = "ReconciledCampaigns";

  /**
   * The processor's metrics the CDK dashboard and alarms read by {Function}: the processor's tests
   * check it publishes each (EmfLogBytesTest), the CDK's that the dashboard reads each.
   */
  public static final List<String> READ_BY_FUNCTION =
      List.of(
          RECORDS_RECEIVED,
          RECORDS_ACCEPTED,
          RECORDS_DUPLICATE,
          RECORDS_QUARANTINED,
          PROCESSING_TIME_MS,
          EVENT_AGE_MS,
          WRITE_COST_PER_MILLION);

  /** What the processor publishes by {Function} alone, with every batch. */
  public static final List<String> BY_FUNCTION =
      List.of(
          RECORDS_RECEIVED,
          RECORDS_ACCEPTED,
          RECORDS_DUPLICATE,
          RECORDS_QUARANTINED,
          LATE_EVENTS,
          JOINS_ATTRIBUTED,
          JOINS_ORPHAN,
          CONVERSIONS_UNATTRIBUTED,
          INVALID_CLICKS,
          LANDED_RECORDS,
          WRITE_UNITS,
          WRITE_COST_PER_MILLION,
          PROCESSING_TIME_MS,
          EVENT_AGE_MS);

  /** What the processor publishes by {Function, ShardId}: conservation per shard. */
  public static final List<String> BY_SHARD =
      List.of(RECORDS_RECEIVED, RECORDS_ACCEPTED, RECORDS_DUPLICATE, RECORDS_QUARANTINED);

  /** What the scheduled reconcile publishes by {Function}. */
  public static final List<String> BY_RECONCILE =
      List.of(RECONCILIATION_DRIFT, RECONCILED_CAMPAIGNS);

  private MetricNames() {}
}
