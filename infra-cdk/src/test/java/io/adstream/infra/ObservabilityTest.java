package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static io.adstream.infra.Resources.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.OperationsSettings.AlarmThresholds;
import io.adstream.observability.MetricNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class ObservabilityTest {

  @Test
  void alarmThresholdsFollowTheConfiguration() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      AlarmThresholds thresholds = config.operations().alarms();
      String prefix = config.prefix();
      assertThat(alarm(template, prefix + "-processor-iterator-age"))
          .containsEntry("MetricName", "IteratorAge")
          .containsEntry("Statistic", "Maximum")
          .containsEntry("Threshold", (int) thresholds.iteratorAge().toMillis());
      assertThat(alarm(template, prefix + "-processor-errors"))
          .containsEntry("MetricName", "Errors")
          .containsEntry("Threshold", thresholds.processorErrors());
      assertThat(alarm(template, prefix + "-processor-throttles"))
          .containsEntry("MetricName", "Throttles")
          .containsEntry("Threshold", thresholds.processorThrottles());
      assertThat(
              ((Number) alarm(template, prefix + "-quarantine-rate").get("Threshold"))
                  .doubleValue())
          .isEqualTo(thresholds.quarantinePercent());
      assertThat(alarm(template, prefix + "-parked-records"))
          .containsEntry("Threshold", thresholds.parkedRecords());
      assertThat(alarm(template, prefix + "-alert-check-errors"))
          .containsEntry("Namespace", "AWS/Lambda")
          .containsEntry("MetricName", "Errors")
          .containsEntry(
              "Dimensions",
              List.of(
                  Map.of(
                      "Name",
                      "FunctionName",
                      "Value",
                      ref(function(template, config.names().alertCheckFunction())))))
          .containsEntry(
              "Period", (int) Math.max(300, config.alerts().scheduledCheck().rate().toSeconds()))
          .containsEntry("Threshold", thresholds.alertCheckErrors());
      assertThat(alarm(template, prefix + "-api-errors"))
          .containsEntry("Namespace", "AWS/Lambda")
          .containsEntry("MetricName", "Errors")
          .containsEntry(
              "Dimensions",
              List.of(
                  Map.of(
                      "Name", "FunctionName", "Value", ref(function(template, prefix + "-api")))))
          .containsEntry("Threshold", thresholds.apiErrors());
      assertThat(alarm(template, prefix + "-api-5xx"))
          .containsEntry("Namespace", "AWS/ApiGateway")
          .containsEntry("MetricName", "5xx")
          .containsEntry(
              "Dimensions",
              List.of(
                  Map.of(
                      "Name",
                      "ApiId",
                      "Value",
                      ref(
                          logicalId(
                              template,
                              "AWS::ApiGatewayV2::Api",
                              Map.of("Name", prefix + "-api"))))))
          .containsEntry("Threshold", thresholds.apiServerErrors());
      for (String stream : List.of("enriched", "attribution", "quarantine")) {
        assertThat(alarm(template, prefix + "-landing-" + stream + "-freshness"))
            .containsEntry("MetricName", "DeliveryToS3.DataFreshness")
            .containsEntry("Threshold", (int) thresholds.landingFreshness().toSeconds());
        assertThat(alarm(template, prefix + "-landing-" + stream + "-delivery-failures"))
            .containsEntry("MetricName", "DeliveryToS3.Success")
            .containsEntry("ComparisonOperator", "LessThanThreshold")
            .containsEntry("Threshold", 1);
      }
    }
    assertThat(VARIANT.operations().alarms()).isNotEqualTo(DEFAULTS.operations().alarms());
    assertThat(Observability.alertCheckPeriod(VARIANT))
        .isNotEqualTo(Observability.alertCheckPeriod(DEFAULTS));
  }

  @Test
  void everyAlarmNotifiesTheOpsTopicWhenItFiresAndWhenItRecovers() {
    Template template = Synth.defaultTemplate();
    String opsTopic = logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "adstream-ops"));
    assertThat(Resources.ofType(template, "AWS::CloudWatch::Alarm").values())
        // processor 5, stream 4, tables 5x2, landing 3x4, alert check 2, failed runs 1, read API 2,
        // reconcile 2
        .hasSize(38)
        .allSatisfy(
            alarm ->
                assertThat(alarm.get("Properties"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("AlarmActions", List.of(ref(opsTopic)))
                    .containsEntry("OKActions", List.of(ref(opsTopic))));
    assertThat(expectedAlarms(Configs.DEFAULTS))
        .hasSize(36); // all but the reconcile's two (ReconciliationTest)
  }

  /**
   * What each alarm watches and when it fires: metric (or the metrics of its expression),
   * threshold, period, evaluation periods, datapoints to alarm, and whether silence counts as
   * breaching.
   */
  @Test
  void everyAlarmWatchesItsMetricOverItsPeriodsAndTreatsSilenceAsDesigned() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      for (Expected expected : expectedAlarms(config)) {
        Map<String, Object> alarm = alarm(template, config.prefix() + "-" + expected.name());
        String description = config.prefix() + "-" + expected.name();
        assertThat(((Number) alarm.get("Threshold")).doubleValue())
            .as(description)
            .isEqualTo(expected.threshold());
        assertThat(alarm)
            .as(description)
            .containsEntry("ComparisonOperator", expected.comparison())
            .containsEntry("EvaluationPeriods", expected.periods())
            .containsEntry("DatapointsToAlarm", expected.datapoints())
            .containsEntry("TreatMissingData", expected.missingData());
        String body = json(alarm);
        for (String metric : expected.metrics()) {
          assertThat(body).as(description).contains("\"MetricName\":\"" + metric + "\"");
        }
        assertThat(body).as(description).contains("\"Period\":" + expected.periodSeconds());
        assertThat(body).as(description).contains(expected.expression());
      }
    }
  }

  @Test
  void theQuarantineRateCountsOnlyAboveItsVolumeFloor() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      assertThat(json(alarm(Configs.templateOf(config), config.prefix() + "-quarantine-rate")))
          .contains(
              "IF(received >= "
                  + config.operations().alarms().quarantineMinimumRecords()
                  + ", 100 * quarantined / received, 0)");
    }
    assertThat(VARIANT.operations().alarms().quarantineMinimumRecords())
        .isNotEqualTo(DEFAULTS.operations().alarms().quarantineMinimumRecords());
  }

  @Test
  void aStalledStreamIsRecordsArrivingWhileTheProcessorReceivesNone() {
    Template template = Synth.defaultTemplate();
    String stream = logicalId(template, "AWS::Kinesis::Stream", Map.of("Name", "adstream-events"));
    assertThat(json(alarm(template, "adstream-stream-stalled")))
        .contains("IF(FILL(incoming, 0) > 0 AND FILL(received, 0) == 0, 1, 0)")
        .contains("{\"Name\":\"StreamName\",\"Value\":" + json(ref(stream)) + "}")
        .contains(
            "{\"Name\":\"" + MetricNames.DIM_FUNCTION + "\",\"Value\":\"adstream-processor\"}");
  }

  @Test
  void everyStateTableHasAThrottleAndASystemErrorAlarm() {
    Template template = Synth.defaultTemplate();
    for (var spec : DEFAULTS.names().tables()) {
      String table = logicalId(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      String shortName = spec.name().substring("adstream-".length());
      for (String kind : List.of("throttles", "system-errors")) {
        assertThat(json(alarm(template, "adstream-table-" + shortName + "-" + kind)))
            .contains("{\"Name\":\"TableName\",\"Value\":" + json(ref(table)) + "}");
      }
    }
  }

  /** One alarm as designed. */
  record Expected(
      String name,
      List<String> metrics,
      String expression,
      String comparison,
      double threshold,
      long periodSeconds,
      int periods,
      int datapoints,
      String missingData) {}

  private static List<Expected> expectedAlarms(AdstreamConfig config) {
    AlarmThresholds t = config.operations().alarms();
    String above = "GreaterThanThreshold";
    String below = "LessThanThreshold";
    String quiet = "notBreaching";
    long check = Math.max(300, config.alerts().scheduledCheck().rate().toSeconds());
    List<Expected> all =
        new java.util.ArrayList<>(
            List.of(
                new Expected(
                    "processor-iterator-age",
                    List.of("IteratorAge"),
                    "",
                    above,
                    t.iteratorAge().toMillis(),
                    60,
                    3,
                    3,
                    quiet),
                new Expected(
                    "processor-errors",
                    List.of("Errors"),
                    "",
                    above,
                    t.processorErrors(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "processor-throttles",
                    List.of("Throttles"),
                    "",
                    above,
                    t.processorThrottles(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "quarantine-rate",
                    List.of(MetricNames.RECORDS_RECEIVED, MetricNames.RECORDS_QUARANTINED),
                    "IF(received >= ",
                    above,
                    t.quarantinePercent(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "parked-records",
                    List.of("OnFailureDestinationDeliveredEventCount", "DroppedEventCount"),
                    "FILL(parked, 0)",
                    above,
                    t.parkedRecords(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "stream-stalled",
                    List.of("IncomingRecords", MetricNames.RECORDS_RECEIVED),
                    "IF(FILL(incoming, 0) > 0",
                    above,
                    0,
                    300,
                    3,
                    3,
                    quiet),
                new Expected(
                    "stream-iterator-age",
                    List.of("GetRecords.IteratorAgeMilliseconds"),
                    "",
                    above,
                    t.streamIteratorAge().toMillis(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "producer-throttled",
                    List.of("PutRecords.ThrottledRecords"),
                    "",
                    above,
                    t.producerThrottledRecords(),
                    300,
                    3,
                    3,
                    quiet),
                new Expected(
                    "producer-failed",
                    List.of("PutRecords.FailedRecords"),
                    "",
                    above,
                    t.producerFailedRecords(),
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "alert-check-errors",
                    List.of("Errors"),
                    "",
                    above,
                    t.alertCheckErrors(),
                    check,
                    1,
                    1,
                    quiet),
                new Expected(
                    "alert-check-not-running",
                    List.of("Invocations"),
                    "",
                    below,
                    1,
                    check,
                    2,
                    2,
                    "breaching"),
                new Expected(
                    "failed-runs",
                    List.of("ApproximateNumberOfMessagesVisible"),
                    "",
                    above,
                    0,
                    300,
                    1,
                    1,
                    quiet),
                new Expected(
                    "api-errors", List.of("Errors"), "", above, t.apiErrors(), 300, 1, 1, quiet),
                new Expected(
                    "api-5xx", List.of("5xx"), "", above, t.apiServerErrors(), 300, 1, 1, quiet)));
    for (var spec : config.names().tables()) {
      String shortName = spec.name().substring(config.prefix().length() + 1);
      all.add(
          new Expected(
              "table-" + shortName + "-throttles",
              List.of("ReadThrottleEvents", "WriteThrottleEvents"),
              "FILL(read, 0) + FILL(write, 0)",
              above,
              t.tableThrottles(),
              300,
              3,
              2,
              quiet));
      all.add(
          new Expected(
              "table-" + shortName + "-system-errors",
              List.of("SystemErrors"),
              "",
              above,
              t.tableSystemErrors(),
              300,
              1,
              1,
              quiet));
    }
    for (String stream : List.of("enriched", "attribution", "quarantine")) {
      all.add(
          new Expected(
              "landing-" + stream + "-delivery-failures",
              List.of("DeliveryToS3.Success"),
              "",
              below,
              1,
              300,
              3,
              3,
              quiet));
      all.add(
          new Expected(
              "landing-" + stream + "-partitioning-failures",
              List.of("ExecuteProcessing.Success"),
              "",
              below,
              1,
              300,
              1,
              1,
              quiet));
      all.add(
          new Expected(
              "landing-" + stream + "-freshness",
              List.of("DeliveryToS3.DataFreshness"),
              "",
              above,
              t.landingFreshness().toSeconds(),
              300,
              1,
              1,
              quiet));
      all.add(
          new Expected(
              "landing-" + stream + "-throttled",
              List.of("ThrottledRecords"),
              "",
              above,
              t.landingThrottledRecords(),
              300,
              1,
              1,
              quiet));
    }
    return all;
  }

  @Test
  void quarantineRateIsQuarantinedOverReceivedFromTheProcessorsMetrics() {
    String alarm = json(alarm(Synth.defaultTemplate(), "adstream-quarantine-rate"));
    assertThat(alarm)
        .contains("IF(received >= 100, 100 * quarantined / received, 0)")
        .contains("\"Namespace\":\"" + MetricNames.NAMESPACE + "\"")
        .contains("\"MetricName\":\"" + MetricNames.RECORDS_RECEIVED + "\"")
        .contains("\"MetricName\":\"" + MetricNames.RECORDS_QUARANTINED + "\"")
        .contains(
            "{\"Name\":\"" + MetricNames.DIM_FUNCTION + "\",\"Value\":\"adstream-processor\"}");
  }

  @Test
  void parkedRecordsAreCountedByTheEventSourceMappingItself() {
    Template template = Synth.defaultTemplate();
    String mapping = logicalId(template, "AWS::Lambda::EventSourceMapping", Map.of());
    assertThat(json(alarm(template, "adstream-parked-records")))
        .contains("\"MetricName\":\"OnFailureDestinationDeliveredEventCount\"")
        .contains("\"MetricName\":\"DroppedEventCount\"")
        .contains("{\"Name\":\"EventSourceMappingUUID\",\"Value\":" + json(ref(mapping)) + "}");
  }

  @Test
  void dashboardShowsEveryMeasureOperatorsWatch() {
    Template template = Synth.defaultTemplate();
    String body =
        json(
            properties(
                template,
                "AWS::CloudWatch::Dashboard",
                Map.of("DashboardName", "adstream-pipeline")));
    assertThat(body)
        .contains("IncomingRecords", "IteratorAge", "Errors", "Throttles", "Duration")
        .contains(MetricNames.READ_BY_FUNCTION.toArray(String[]::new))
        .contains(
            "OnFailureDestinationDeliveredEventCount",
            "DeliveryToS3.DataFreshness",
            "DeliveryToS3.Success")
        // producers, the stream's readers, the tables, Firehose, every function's concurrency and
        // duration
        .contains(
            "PutRecords.ThrottledRecords",
            "PutRecords.FailedRecords",
            "WriteProvisionedThroughputExceeded")
        .contains("GetRecords.IteratorAgeMilliseconds", "ReadProvisionedThroughputExceeded")
        .contains(
            "ReadThrottleEvents", "WriteThrottleEvents", "MetricName=\\\\\\\"SystemErrors\\\\\\\"")
        .contains("ThrottledRecords", "ConcurrentExecutions", "ApproximateNumberOfMessagesVisible")
        .contains("\\\"p50\\\"", "\\\"p99\\\"")
        // breakdowns by reason and by rule, whatever values the processor publishes
        .contains(
            "SEARCH('{Adstream,Function,Reason} MetricName=\\\\\\\"RecordsQuarantined\\\\\\\"")
        .contains("SEARCH('{Adstream,Function,Rule} MetricName=\\\\\\\"AlertsPublished\\\\\\\"")
        // the other functions (the scheduled alert check and reconcile, the read API) and the API's
        // responses
        .contains("Invocations", "4xx", "5xx")
        .contains(
            json(ref(function(template, "adstream-alert-check"))),
            json(ref(function(template, "adstream-reconcile"))),
            json(ref(function(template, "adstream-api"))),
            json(
                ref(
                    logicalId(
                        template, "AWS::ApiGatewayV2::Api", Map.of("Name", "adstream-api")))));
  }

  private static String function(Template template, String name) {
    return logicalId(template, "AWS::Lambda::Function", Map.of("FunctionName", name));
  }

  private static Map<String, Object> alarm(Template template, String name) {
    return properties(template, "AWS::CloudWatch::Alarm", Map.of("AlarmName", name));
  }
}
