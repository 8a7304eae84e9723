package io.adstream.infra;

import static io.adstream.observability.MetricNames.ALERTS_PUBLISHED;
import static io.adstream.observability.MetricNames.DIM_FUNCTION;
import static io.adstream.observability.MetricNames.DIM_REASON;
import static io.adstream.observability.MetricNames.DIM_RULE;
import static io.adstream.observability.MetricNames.EVENT_AGE_MS;
import static io.adstream.observability.MetricNames.NAMESPACE;
import static io.adstream.observability.MetricNames.PROCESSING_TIME_MS;
import static io.adstream.observability.MetricNames.RECORDS_ACCEPTED;
import static io.adstream.observability.MetricNames.RECORDS_DUPLICATE;
import static io.adstream.observability.MetricNames.RECORDS_QUARANTINED;
import static io.adstream.observability.MetricNames.RECORDS_RECEIVED;
import static io.adstream.observability.MetricNames.WRITE_COST_PER_MILLION;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.OperationsSettings.AlarmThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.SystemErrorsForOperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kinesisfirehose.DeliveryStream;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The pipeline's CloudWatch dashboard and its alarms, which notify the ops topic when they fire and
 * when they recover: the processor and the landing streams, the scheduled alert check, and the read
 * API (function errors and the HTTP API's 5xx). The reconcile function raises its own alarms, shown
 * here too.
 *
 * <p>The processor's EMF metrics are read with the dimension set {Function}: totals over all
 * shards. Breakdowns (by Reason, by Rule) are found by SEARCH over {Function, Reason} and
 * {Function, Rule}.
 */
final class Observability extends Construct {
  /**
   * Counts are judged over 5 minutes: long enough to smooth a batch, short enough to page in time.
   */
  static final Duration COUNT_PERIOD = Duration.minutes(5);

  static final Duration GRAPH_PERIOD = Duration.minutes(1);

  /** Firehose retries failed deliveries: only a failure lasting this many count periods alarms. */
  static final int LANDING_FAILURE_PERIODS = 3;

  /** Iterator age must stay above its threshold this many minutes: one slow batch is no backlog. */
  static final int ITERATOR_AGE_MINUTES = 3;

  /**
   * A stream that receives records while the processor receives none for this many count periods is
   * stalled.
   */
  static final int STALLED_PERIODS = 3;

  /**
   * Producers retry throttled puts: only throttling in this many consecutive count periods alarms.
   */
  static final int PRODUCER_THROTTLE_PERIODS = 3;

  /**
   * A table throttling in this many of {@link #TABLE_THROTTLE_PERIODS} count periods alarms; one
   * burst does not.
   */
  static final int TABLE_THROTTLE_DATAPOINTS = 2;

  static final int TABLE_THROTTLE_PERIODS = 3;

  /**
   * The alert check must have run in each of this many of its periods: two missed runs are no
   * coincidence.
   */
  static final int ALERT_CHECK_SILENT_PERIODS = 2;

  /** The DynamoDB operations adstream's functions call: the system-error alarm watches each. */
  static final List<Operation> TABLE_OPERATIONS =
      List.of(
          Operation.GET_ITEM,
          Operation.BATCH_GET_ITEM,
          Operation.QUERY,
          Operation.SCAN,
          Operation.PUT_ITEM,
          Operation.UPDATE_ITEM,
          Operation.TRANSACT_WRITE_ITEMS);

  private static final ComparisonOperator ABOVE = ComparisonOperator.GREATER_THAN_THRESHOLD;
  private static final ComparisonOperator BELOW = ComparisonOperator.LESS_THAN_THRESHOLD;
  private static final String DELIVERY_SUCCESS = "DeliveryToS3.Success";
  private static final String PARTITIONING_SUCCESS = "ExecuteProcessing.Success";
  private static final String DELIVERY_FRESHNESS = "DeliveryToS3.DataFreshness";

  final List<Alarm> alarms = new ArrayList<>();
  final Dashboard dashboard;

  private final String prefix;
  private final String functionName;
  private final SnsAction notifyOps;
  private final Processor processor;
  private final Landing landing;
  private final AlertChecker alertChecker;
  private final Serving serving;

  /** Read by both alarms and dashboard. */
  private final Metric iteratorAge;

  private final MathExpression parked;

  Observability(
      Construct scope,
      String id,
      AdstreamConfig config,
      EventStream events,
      StateTables state,
      Processor processor,
      Landing landing,
      Alerting alerting,
      AlertChecker alertChecker,
      Reconciliation reconciliation,
      Serving serving,
      FailedRuns failedRuns) {
    super(scope, id);
    this.prefix = config.prefix();
    this.functionName = config.names().processorFunction();
    this.notifyOps = new SnsAction(alerting.opsTopic);
    this.processor = processor;
    this.landing = landing;
    this.alertChecker = alertChecker;
    this.serving = serving;
    iteratorAge = processor.function.metric("IteratorAge", options("Maximum", GRAPH_PERIOD));
    parked =
        MathExpression.Builder.create()
            .label("parked or dropped records")
            .expression("FILL(parked, 0) + FILL(dropped, 0)")
            .usingMetrics(
                new TreeMap<>(
                    Map.of(
                        "parked", mappingMetric("OnFailureDestinationDeliveredEventCount"),
                        "dropped", mappingMetric("DroppedEventCount"))))
            .period(COUNT_PERIOD)
            .build();
    raiseAlarms(config.operations().alarms(), alertCheckPeriod(config));
    raiseStreamAlarms(config.operations().alarms(), events);
    raiseCapacityAlarms(config, state);
    raiseScheduledRunAlarms(alertCheckPeriod(config), failedRuns);
    dashboard = dashboard(events, reconciliation);
    dashboard.addWidgets(capacityWidgets(events, state, reconciliation, failedRuns));
  }

  /**
   * The stream itself, seen from outside the processor, so that a stopped consumer shows: records
   * arriving while the processor receives none (the mapping disabled, or failing on a key or a
   * permission before any invocation), the age of the oldest unread record (past the retention,
   * records are lost), and producers being throttled or failed.
   */
  private void raiseStreamAlarms(AlarmThresholds thresholds, EventStream events) {
    MathExpression stalled =
        MathExpression.Builder.create()
            .label("records arrive, none is processed (1 = stalled)")
            .expression("IF(FILL(incoming, 0) > 0 AND FILL(received, 0) == 0, 1, 0)")
            .usingMetrics(
                new TreeMap<>(
                    Map.of(
                        "incoming",
                            events.stream.metricIncomingRecords(options("Sum", COUNT_PERIOD)),
                        "received", processorMetric(RECORDS_RECEIVED, "Sum", COUNT_PERIOD))))
            .period(COUNT_PERIOD)
            .build();
    alarm(
        "StreamStalled",
        "stream-stalled",
        stalled,
        ABOVE,
        0,
        STALLED_PERIODS,
        STALLED_PERIODS,
        // no datapoint at all is an idle stream; the alert check's heartbeat watches what runs on a
        // schedule
        TreatMissingData.NOT_BREACHING,
        "Records reach the stream but the processor receives none: the event source mapping is disabled or failing"
            + " (KMS, permissions). Unread records expire after the stream's retention");
    alarm(
        "StreamIteratorAge",
        "stream-iterator-age",
        events.stream.metricGetRecordsIteratorAgeMilliseconds(options("Maximum", COUNT_PERIOD)),
        ABOVE,
        thresholds.streamIteratorAge().toMillis(),
        1,
        1,
        TreatMissingData.NOT_BREACHING,
        "The oldest record the stream's readers have not read is older than "
            + thresholds.streamIteratorAge()
            + ": records are lost once it reaches the stream's retention");
    alarm(
        "ProducerThrottled",
        "producer-throttled",
        events.stream.metricPutRecordsThrottledRecords(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.producerThrottledRecords(),
        PRODUCER_THROTTLE_PERIODS,
        PRODUCER_THROTTLE_PERIODS,
        TreatMissingData.NOT_BREACHING,
        "Producers' records are throttled by the stream (WriteProvisionedThroughputExceeded) for 15 minutes: add"
            + " shards, or spread partition keys");
    alarm(
        "ProducerFailed",
        "producer-failed",
        events.stream.metricPutRecordsFailedRecords(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.producerFailedRecords(),
        1,
        1,
        TreatMissingData.NOT_BREACHING,
        "PutRecords failed records for an internal error: producers must retry them, or they are lost");
  }

  /**
   * Every state table's throttles and 5xx errors, and every delivery stream's throttled records.
   */
  private void raiseCapacityAlarms(AdstreamConfig config, StateTables state) {
    AlarmThresholds thresholds = config.operations().alarms();
    for (Table table : state.tables) {
      String tableName = table.getNode().getId();
      String shortName = tableName.substring(config.prefix().length() + 1);
      String id = "Table" + Character.toUpperCase(shortName.charAt(0)) + shortName.substring(1);
      alarm(
          id + "Throttles",
          "table-" + shortName + "-throttles",
          tableThrottles(table, "", "Sum"),
          ABOVE,
          thresholds.tableThrottles(),
          TABLE_THROTTLE_PERIODS,
          TABLE_THROTTLE_DATAPOINTS,
          TreatMissingData.NOT_BREACHING,
          "DynamoDB throttles reads or writes of " + tableName + ": batches slow down and retry");
      alarm(
          id + "SystemErrors",
          "table-" + shortName + "-system-errors",
          table.metricSystemErrorsForOperations(
              SystemErrorsForOperationsMetricOptions.builder()
                  .operations(TABLE_OPERATIONS)
                  .statistic("Sum")
                  .period(COUNT_PERIOD)
                  .build()),
          ABOVE,
          thresholds.tableSystemErrors(),
          1,
          1,
          TreatMissingData.NOT_BREACHING,
          "DynamoDB answered requests to "
              + tableName
              + " with 5xx errors: the callers retry; a lasting one is AWS's");
    }
    for (DeliveryStream stream : landing.all()) {
      String id = stream.getNode().getId();
      String name = id.toLowerCase(Locale.ROOT);
      alarm(
          id + "Throttled",
          "landing-" + name + "-throttled",
          stream.metric("ThrottledRecords", options("Sum", COUNT_PERIOD)),
          ABOVE,
          thresholds.landingThrottledRecords(),
          1,
          1,
          TreatMissingData.NOT_BREACHING,
          "Firehose throttled the processor's "
              + name
              + " records (a delivery stream limit): batches retry and slow");
    }
  }

  /**
   * The scheduled functions when they do not run or fail without a retry: the alert check's
   * heartbeat (its invocations, where silence is the trouble) and the failed-runs queue.
   */
  private void raiseScheduledRunAlarms(Duration alertCheckPeriod, FailedRuns failedRuns) {
    alarm(
        "AlertCheckNotRunning",
        "alert-check-not-running",
        alertChecker.function.metricInvocations(options("Sum", alertCheckPeriod)),
        BELOW,
        1,
        ALERT_CHECK_SILENT_PERIODS,
        ALERT_CHECK_SILENT_PERIODS,
        // no invocation publishes no datapoint: silence is exactly what this alarm is for
        TreatMissingData.BREACHING,
        "The scheduled alert check has not run: its schedule is disabled or deleted, or it is throttled. Scheduled"
            + " fraud, budget and source-silence alerts are not raised");
    alarm(
        "FailedRuns",
        "failed-runs",
        failedRuns.queue.metricApproximateNumberOfMessagesVisible(options("Maximum", COUNT_PERIOD)),
        ABOVE,
        0,
        1,
        1,
        TreatMissingData.NOT_BREACHING,
        "A scheduled alert check or reconcile run failed and was not retried: its event and error are in the"
            + " failed-runs queue (docs/operations.md says how to re-run it)");
  }

  /**
   * Read and write throttle events of a table; {@code suffix} keeps metric ids unique within one
   * graph.
   */
  private static MathExpression tableThrottles(Table table, String suffix, String statistic) {
    return MathExpression.Builder.create()
        .label(table.getNode().getId() + " throttled reads + writes")
        .expression("FILL(read" + suffix + ", 0) + FILL(write" + suffix + ", 0)")
        .usingMetrics(
            new TreeMap<>(
                Map.of(
                    "read" + suffix,
                        table.metric("ReadThrottleEvents", options(statistic, COUNT_PERIOD)),
                    "write" + suffix,
                        table.metric("WriteThrottleEvents", options(statistic, COUNT_PERIOD)))))
        .period(COUNT_PERIOD)
        .build();
  }

  /**
   * Producers, the stream's readers, the tables, Firehose and every function's concurrency and
   * duration.
   */
  private IWidget[] capacityWidgets(
      EventStream events, StateTables state, Reconciliation reconciliation, FailedRuns failedRuns) {
    List<Function> functions =
        List.of(
            processor.function, alertChecker.function, reconciliation.function, serving.function);
    List<IMetric> tables = new ArrayList<>();
    for (int i = 0; i < state.tables.size(); i++) {
      tables.add(tableThrottles(state.tables.get(i), String.valueOf(i), "Sum"));
    }
    return new IWidget[] {
      graph(
          "Producers (records/5 min)",
          events.stream.metricIncomingRecords(options("Sum", COUNT_PERIOD)),
          events.stream.metricPutRecordsThrottledRecords(options("Sum", COUNT_PERIOD)),
          events.stream.metricPutRecordsFailedRecords(options("Sum", COUNT_PERIOD)),
          events.stream.metricWriteProvisionedThroughputExceeded(options("Sum", COUNT_PERIOD))),
      graph(
          "Stream: oldest unread record (ms)",
          events.stream.metricGetRecordsIteratorAgeMilliseconds(options("Maximum", GRAPH_PERIOD)),
          events.stream.metricReadProvisionedThroughputExceeded(options("Sum", GRAPH_PERIOD))),
      graph("DynamoDB throttled reads + writes", tables.toArray(IMetric[]::new)),
      graph(
          "DynamoDB system errors",
          MathExpression.Builder.create()
              .label("SystemErrors by table and operation")
              .expression(
                  "SEARCH('{AWS/DynamoDB,Operation,TableName} MetricName=\"SystemErrors\" TableName=("
                      + state.tables.stream()
                          .map(t -> "\"" + t.getNode().getId() + "\"")
                          .collect(java.util.stream.Collectors.joining(" OR "))
                      + ")', 'Sum', "
                      + COUNT_PERIOD.toSeconds()
                      + ")")
              .usingMetrics(Map.of())
              .period(COUNT_PERIOD)
              .build()),
      graph("Firehose throttled records", perDeliveryStream("ThrottledRecords", "Sum")),
      graph(
          "Lambda concurrency (max)",
          functions.stream()
              .map(f -> f.metric("ConcurrentExecutions", options("Maximum", GRAPH_PERIOD)))
              .toArray(IMetric[]::new)),
      graph(
          "Lambda duration p99 (ms)",
          functions.stream()
              .map(f -> f.metricDuration(options("p99", GRAPH_PERIOD)))
              .toArray(IMetric[]::new)),
      graph(
          "Failed scheduled runs",
          failedRuns.queue.metricApproximateNumberOfMessagesVisible(
              options("Maximum", COUNT_PERIOD)))
    };
  }

  private void raiseAlarms(AlarmThresholds thresholds, Duration alertCheckPeriod) {
    MathExpression quarantinePercent =
        MathExpression.Builder.create()
            .label("quarantined % of received (0 below the volume floor)")
            // below the volume floor a handful of bad records is no incident: the rate counts as 0
            .expression(
                "IF(received >= "
                    + thresholds.quarantineMinimumRecords()
                    + ", 100 * quarantined / received, 0)")
            .usingMetrics(
                new TreeMap<>(
                    Map.of(
                        "received", processorMetric(RECORDS_RECEIVED, "Sum", COUNT_PERIOD),
                        "quarantined", processorMetric(RECORDS_QUARANTINED, "Sum", COUNT_PERIOD))))
            .period(COUNT_PERIOD)
            .build();
    alarm(
        "IteratorAge",
        "processor-iterator-age",
        iteratorAge,
        ABOVE,
        thresholds.iteratorAge().toMillis(),
        ITERATOR_AGE_MINUTES,
        "The processor is falling behind the stream: its newest record is older than "
            + thresholds.iteratorAge());
    alarm(
        "Errors",
        "processor-errors",
        processor.function.metricErrors(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.processorErrors(),
        1,
        "The processor failed invocations: a crash, a timeout, or a batch it could not process");
    alarm(
        "Throttles",
        "processor-throttles",
        processor.function.metricThrottles(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.processorThrottles(),
        1,
        "Processor invocations were throttled: raise reserved concurrency or the account limit");
    alarm(
        "QuarantineRate",
        "quarantine-rate",
        quarantinePercent,
        ABOVE,
        thresholds.quarantinePercent(),
        1,
        "More than "
            + thresholds.quarantinePercent()
            + "% of received records were quarantined: inspect quarantine/");
    alarm(
        "ParkedRecords",
        "parked-records",
        parked,
        ABOVE,
        thresholds.parkedRecords(),
        1,
        "The event source mapping gave up on records: they are parked under aws/lambda/ in the lake (dropped if"
            + " even that failed); redrive them");
    alarm(
        "AlertCheckErrors",
        "alert-check-errors",
        alertChecker.function.metricErrors(options("Sum", alertCheckPeriod)),
        ABOVE,
        thresholds.alertCheckErrors(),
        1,
        "The scheduled alert check failed: while it does, orphan-click, budget, anomaly and source-silence alerts"
            + " are not raised. Read its log group for the error");
    alarm(
        "ApiErrors",
        "api-errors",
        serving.function.metricErrors(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.apiErrors(),
        1,
        "The read API function failed invocations (a crash or a timeout): dashboards and models got 5xx responses");
    alarm(
        "ApiServerErrors",
        "api-5xx",
        serving.api.metricServerError(options("Sum", COUNT_PERIOD)),
        ABOVE,
        thresholds.apiServerErrors(),
        1,
        "The read API answered with 5xx: the function failed, or was throttled or unreachable from API Gateway");
    for (DeliveryStream stream : landing.all()) {
      String id = stream.getNode().getId();
      String name = id.toLowerCase(Locale.ROOT);
      // Success is the share of S3 puts that succeeded: below 1 means some failed
      alarm(
          id + "DeliveryFailures",
          "landing-" + name + "-delivery-failures",
          stream.metric(DELIVERY_SUCCESS, options("Average", COUNT_PERIOD)),
          BELOW,
          1,
          LANDING_FAILURE_PERIODS,
          "Firehose fails to deliver " + name + " records to S3 (it retries for 24 hours)");
      // the lake partitioner's share of records it answered: below 1, records went to
      // firehose-errors/
      alarm(
          id + "PartitioningFailures",
          "landing-" + name + "-partitioning-failures",
          stream.metric(PARTITIONING_SUCCESS, options("Average", COUNT_PERIOD)),
          BELOW,
          1,
          1,
          "The lake partitioner failed or refused "
              + name
              + " records: they are under firehose-errors/, not in the"
              + " lake; read the partitioner's log group ("
              + landing.partitioner.getFunctionName()
              + ")");
      alarm(
          id + "Freshness",
          "landing-" + name + "-freshness",
          stream.metric(DELIVERY_FRESHNESS, options("Maximum", COUNT_PERIOD)),
          ABOVE,
          thresholds.landingFreshness().toSeconds(),
          1,
          "The oldest "
              + name
              + " record not yet in S3 is older than "
              + thresholds.landingFreshness());
    }
  }

  /**
   * A check running less often than every 5 minutes is judged over its own interval, so a failed
   * run is not missed.
   */
  static Duration alertCheckPeriod(AdstreamConfig config) {
    return Duration.minutes(
        Math.max(
            COUNT_PERIOD.toMinutes().longValue(),
            config.alerts().scheduledCheck().rate().toMinutes()));
  }

  private Dashboard dashboard(EventStream events, Reconciliation reconciliation) {
    Dashboard board =
        Dashboard.Builder.create(this, "Dashboard").dashboardName(prefix + "-pipeline").build();
    board.addWidgets(
        graph(
            "Throughput (records/min)",
            events.stream.metricIncomingRecords(options("Sum", GRAPH_PERIOD)),
            processorMetric(RECORDS_RECEIVED, "Sum", GRAPH_PERIOD),
            processorMetric(RECORDS_ACCEPTED, "Sum", GRAPH_PERIOD)),
        graph("Iterator age (ms)", iteratorAge),
        graph(
            "Errors and throttles",
            processor.function.metricErrors(options("Sum", GRAPH_PERIOD)),
            processor.function.metricThrottles(options("Sum", GRAPH_PERIOD))),
        graph(
            "Duplicates, quarantined, parked",
            processorMetric(RECORDS_DUPLICATE, "Sum", GRAPH_PERIOD),
            processorMetric(RECORDS_QUARANTINED, "Sum", GRAPH_PERIOD),
            parked));
    board.addWidgets(
        graph("Quarantine by reason", search(RECORDS_QUARANTINED, DIM_REASON)),
        graph("Alerts by rule", search(ALERTS_PUBLISHED, DIM_RULE)),
        graph(
            "Batch processing time (ms)",
            processorMetric(PROCESSING_TIME_MS, "p50", GRAPH_PERIOD),
            processorMetric(PROCESSING_TIME_MS, "p99", GRAPH_PERIOD),
            processor.function.metricDuration(options("p99", GRAPH_PERIOD))),
        graph(
            "Event age (ms)",
            processorMetric(EVENT_AGE_MS, "p50", GRAPH_PERIOD),
            processorMetric(EVENT_AGE_MS, "p99", GRAPH_PERIOD)));
    board.addWidgets(
        invocationsAndErrors("Alert check runs", alertChecker.function),
        invocationsAndErrors("Reconcile runs", reconciliation.function),
        graph(
            "API invocations and errors",
            serving.function.metricInvocations(options("Sum", GRAPH_PERIOD)),
            serving.function.metricErrors(options("Sum", GRAPH_PERIOD)),
            serving.function.metricThrottles(options("Sum", GRAPH_PERIOD))),
        graph(
            "API responses",
            serving.api.metricCount(options("Sum", GRAPH_PERIOD)),
            serving.api.metricClientError(options("Sum", GRAPH_PERIOD)),
            serving.api.metricServerError(options("Sum", GRAPH_PERIOD))));
    board.addWidgets(costWidget());
    List<IAlarm> all = new ArrayList<>(alarms);
    all.addAll(List.of(reconciliation.driftAlarm, reconciliation.failureAlarm));
    board.addWidgets(
        graph("Landing freshness (s)", perDeliveryStream(DELIVERY_FRESHNESS, "Maximum")),
        graph("Landing delivery success", perDeliveryStream(DELIVERY_SUCCESS, "Average")),
        AlarmStatusWidget.Builder.create().title("Alarms").alarms(all).width(12).build());
    return board;
  }

  /**
   * What the pipeline's DynamoDB writes cost per million events, as the processor computes it from
   * the units it consumed.
   */
  private GraphWidget costWidget() {
    return GraphWidget.Builder.create()
        .title("DynamoDB write cost (USD per million events)")
        .left(
            List.of(
                processorMetric(WRITE_COST_PER_MILLION, "Average", GRAPH_PERIOD),
                processorMetric(WRITE_COST_PER_MILLION, "Maximum", GRAPH_PERIOD)))
        .width(12)
        .build();
  }

  private void alarm(
      String id,
      String name,
      IMetric metric,
      ComparisonOperator comparison,
      Number threshold,
      int periods,
      String description) {
    // an idle stream publishes no processor or landing metrics: silence is not an incident
    alarm(
        id,
        name,
        metric,
        comparison,
        threshold,
        periods,
        periods,
        TreatMissingData.NOT_BREACHING,
        description);
  }

  /** An alarm that fires when {@code datapoints} of the last {@code periods} periods breach. */
  private void alarm(
      String id,
      String name,
      IMetric metric,
      ComparisonOperator comparison,
      Number threshold,
      int periods,
      int datapoints,
      TreatMissingData missingData,
      String description) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmName(prefix + "-" + name)
            .alarmDescription(description)
            .metric(metric)
            .comparisonOperator(comparison)
            .threshold(threshold)
            .evaluationPeriods(periods)
            .datapointsToAlarm(datapoints)
            .treatMissingData(missingData)
            .build();
    alarm.addAlarmAction(notifyOps);
    alarm.addOkAction(notifyOps);
    alarms.add(alarm);
  }

  private Metric processorMetric(String name, String statistic, Duration period) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of(DIM_FUNCTION, functionName))
        .statistic(statistic)
        .period(period)
        .build();
  }

  private IMetric[] perDeliveryStream(String metricName, String statistic) {
    return landing.all().stream()
        .map(stream -> stream.metric(metricName, options(statistic, GRAPH_PERIOD)))
        .toArray(IMetric[]::new);
  }

  /** The event source mapping's own metrics (enabled by its MetricsConfig). */
  private Metric mappingMetric(String name) {
    return Metric.Builder.create()
        .namespace("AWS/Lambda")
        .metricName(name)
        .dimensionsMap(
            Map.of("EventSourceMappingUUID", processor.mapping.getEventSourceMappingId()))
        .statistic("Sum")
        .period(COUNT_PERIOD)
        .build();
  }

  /** One line per value of a breakdown dimension, whichever values the processor has published. */
  private MathExpression search(String metricName, String dimension) {
    String schema = "{" + NAMESPACE + "," + DIM_FUNCTION + "," + dimension + "}";
    return MathExpression.Builder.create()
        .expression(
            "SEARCH('"
                + schema
                + " MetricName=\""
                + metricName
                + "\" "
                + DIM_FUNCTION
                + "=\""
                + functionName
                + "\"', 'Sum', "
                + GRAPH_PERIOD.toSeconds()
                + ")")
        .usingMetrics(Map.of())
        .period(GRAPH_PERIOD)
        .build();
  }

  /** A scheduled function: how often it ran and how often it failed, per 5 minutes. */
  private static GraphWidget invocationsAndErrors(String title, Function function) {
    return graph(
        title,
        function.metricInvocations(options("Sum", COUNT_PERIOD)),
        function.metricErrors(options("Sum", COUNT_PERIOD)));
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(6).build();
  }

  private static MetricOptions options(String statistic, Duration period) {
    return MetricOptions.builder().statistic(statistic).period(period).build();
  }
}
