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
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kinesisfirehose.DeliveryStream;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The pipeline's CloudWatch dashboard and its alarms, which notify the ops topic when they fire and when they
 * recover: the processor and the landing streams, the scheduled alert check, and the read API (function errors
 * and the HTTP API's 5xx). The reconcile function raises its own alarms, shown here too.
 *
 * <p>The processor's EMF metrics are read with the dimension set {Function}: totals over all shards. Breakdowns
 * (by Reason, by Rule) are found by SEARCH over {Function, Reason} and {Function, Rule}.
 */
final class Observability extends Construct {
  /** Counts are judged over 5 minutes: long enough to smooth a batch, short enough to page in time. */
  static final Duration COUNT_PERIOD = Duration.minutes(5);

  static final Duration GRAPH_PERIOD = Duration.minutes(1);

  /** Firehose retries failed deliveries: only a failure lasting this many count periods alarms. */
  static final int LANDING_FAILURE_PERIODS = 3;

  /** Iterator age must stay above its threshold this many minutes: one slow batch is no backlog. */
  static final int ITERATOR_AGE_MINUTES = 3;

  private static final ComparisonOperator ABOVE = ComparisonOperator.GREATER_THAN_THRESHOLD;
  private static final ComparisonOperator BELOW = ComparisonOperator.LESS_THAN_THRESHOLD;
  private static final String DELIVERY_SUCCESS = "DeliveryToS3.Success";
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
      Processor processor,
      Landing landing,
      Alerting alerting,
      AlertChecker alertChecker,
      Reconciliation reconciliation,
      Serving serving) {
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
    dashboard = dashboard(events, reconciliation);
  }

  private void raiseAlarms(AlarmThresholds thresholds, Duration alertCheckPeriod) {
    MathExpression quarantinePercent =
        MathExpression.Builder.create()
            .label("quarantined % of received")
            .expression("IF(received > 0, 100 * quarantined / received, 0)")
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
        "The processor is falling behind the stream: its newest record is older than " + thresholds.iteratorAge());
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
        "More than " + thresholds.quarantinePercent() + "% of received records were quarantined: inspect quarantine/");
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
      alarm(
          id + "Freshness",
          "landing-" + name + "-freshness",
          stream.metric(DELIVERY_FRESHNESS, options("Maximum", COUNT_PERIOD)),
          ABOVE,
          thresholds.landingFreshness().toSeconds(),
          1,
          "The oldest " + name + " record not yet in S3 is older than " + thresholds.landingFreshness());
    }
  }

  /** A check running less often than every 5 minutes is judged over its own interval, so a failed run is not missed. */
  static Duration alertCheckPeriod(AdstreamConfig config) {
    return Duration.minutes(Math.max(COUNT_PERIOD.toMinutes().longValue(), config.alerts().scheduledCheck().rate().toMinutes()));
  }

  private Dashboard dashboard(EventStream events, Reconciliation reconciliation) {
    Dashboard board = Dashboard.Builder.create(this, "Dashboard").dashboardName(prefix + "-pipeline").build();
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

  /** What the pipeline's DynamoDB writes cost per million events, as the processor computes it from the units it consumed. */
  private GraphWidget costWidget() {
    return GraphWidget.Builder.create()
        .title("DynamoDB write cost (USD per million events)")
        .left(List.of(
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
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmName(prefix + "-" + name)
            .alarmDescription(description)
            .metric(metric)
            .comparisonOperator(comparison)
            .threshold(threshold)
            .evaluationPeriods(periods)
            .datapointsToAlarm(periods)
            // an idle stream publishes no processor or landing metrics: silence is not an incident
            .treatMissingData(TreatMissingData.NOT_BREACHING)
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
        .dimensionsMap(Map.of("EventSourceMappingUUID", processor.mapping.getEventSourceMappingId()))
        .statistic("Sum")
        .period(COUNT_PERIOD)
        .build();
  }

  /** One line per value of a breakdown dimension, whichever values the processor has published. */
  private MathExpression search(String metricName, String dimension) {
    String schema = "{" + NAMESPACE + "," + DIM_FUNCTION + "," + dimension + "}";
    return MathExpression.Builder.create()
        .expression(
            "SEARCH('" + schema + " MetricName=\"" + metricName + "\" " + DIM_FUNCTION + "=\"" + functionName
                + "\"', 'Sum', " + GRAPH_PERIOD.toSeconds() + ")")
        .usingMetrics(Map.of())
        .period(GRAPH_PERIOD)
        .build();
  }

  /** A scheduled function: how often it ran and how often it failed, per 5 minutes. */
  private static GraphWidget invocationsAndErrors(String title, Function function) {
    return graph(
        title, function.metricInvocations(options("Sum", COUNT_PERIOD)), function.metricErrors(options("Sum", COUNT_PERIOD)));
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(6).build();
  }

  private static MetricOptions options(String statistic, Duration period) {
    return MetricOptions.builder().statistic(statistic).period(period).build();
  }
}
