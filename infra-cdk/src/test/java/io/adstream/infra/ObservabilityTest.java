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
      assertThat(((Number) alarm(template, prefix + "-quarantine-rate").get("Threshold")).doubleValue())
          .isEqualTo(thresholds.quarantinePercent());
      assertThat(alarm(template, prefix + "-parked-records")).containsEntry("Threshold", thresholds.parkedRecords());
      assertThat(alarm(template, prefix + "-alert-check-errors"))
          .containsEntry("Namespace", "AWS/Lambda")
          .containsEntry("MetricName", "Errors")
          .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(function(template, config.names().alertCheckFunction())))))
          .containsEntry("Period", (int) Math.max(300, config.alerts().scheduledCheck().rate().toSeconds()))
          .containsEntry("Threshold", thresholds.alertCheckErrors());
      assertThat(alarm(template, prefix + "-api-errors"))
          .containsEntry("Namespace", "AWS/Lambda")
          .containsEntry("MetricName", "Errors")
          .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(function(template, prefix + "-api")))))
          .containsEntry("Threshold", thresholds.apiErrors());
      assertThat(alarm(template, prefix + "-api-5xx"))
          .containsEntry("Namespace", "AWS/ApiGateway")
          .containsEntry("MetricName", "5xx")
          .containsEntry("Dimensions", List.of(Map.of("Name", "ApiId", "Value", ref(logicalId(template, "AWS::ApiGatewayV2::Api", Map.of("Name", prefix + "-api"))))))
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
    assertThat(Observability.alertCheckPeriod(VARIANT)).isNotEqualTo(Observability.alertCheckPeriod(DEFAULTS));
  }

  @Test
  void everyAlarmNotifiesTheOpsTopicWhenItFiresAndWhenItRecovers() {
    Template template = Synth.defaultTemplate();
    String opsTopic = logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "adstream-ops"));
    assertThat(Resources.ofType(template, "AWS::CloudWatch::Alarm").values())
        // processor 5, landing 6, alert check 1, read API 2 (function errors, HTTP 5xx), scheduled reconcile 2
        .hasSize(16)
        .allSatisfy(
            alarm ->
                assertThat(alarm.get("Properties"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("AlarmActions", List.of(ref(opsTopic)))
                    .containsEntry("OKActions", List.of(ref(opsTopic)))
                    .containsEntry("TreatMissingData", "notBreaching"));
  }

  @Test
  void quarantineRateIsQuarantinedOverReceivedFromTheProcessorsMetrics() {
    String alarm = json(alarm(Synth.defaultTemplate(), "adstream-quarantine-rate"));
    assertThat(alarm)
        .contains("IF(received > 0, 100 * quarantined / received, 0)")
        .contains("\"Namespace\":\"" + MetricNames.NAMESPACE + "\"")
        .contains("\"MetricName\":\"" + MetricNames.RECORDS_RECEIVED + "\"")
        .contains("\"MetricName\":\"" + MetricNames.RECORDS_QUARANTINED + "\"")
        .contains("{\"Name\":\"" + MetricNames.DIM_FUNCTION + "\",\"Value\":\"adstream-processor\"}");
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
    String body = json(properties(template, "AWS::CloudWatch::Dashboard", Map.of("DashboardName", "adstream-pipeline")));
    assertThat(body)
        .contains("IncomingRecords", "IteratorAge", "Errors", "Throttles", "Duration")
        .contains(
            MetricNames.RECORDS_RECEIVED,
            MetricNames.RECORDS_ACCEPTED,
            MetricNames.RECORDS_DUPLICATE,
            MetricNames.RECORDS_QUARANTINED,
            MetricNames.PROCESSING_TIME_MS,
            MetricNames.EVENT_AGE_MS,
            MetricNames.WRITE_COST_PER_MILLION)
        .contains("OnFailureDestinationDeliveredEventCount", "DeliveryToS3.DataFreshness", "DeliveryToS3.Success")
        .contains("\\\"p50\\\"", "\\\"p99\\\"")
        // breakdowns by reason and by rule, whatever values the processor publishes
        .contains("SEARCH('{Adstream,Function,Reason} MetricName=\\\\\\\"RecordsQuarantined\\\\\\\"")
        .contains("SEARCH('{Adstream,Function,Rule} MetricName=\\\\\\\"AlertsPublished\\\\\\\"")
        // the other functions (the scheduled alert check and reconcile, the read API) and the API's responses
        .contains("Invocations", "4xx", "5xx")
        .contains(
            json(ref(function(template, "adstream-alert-check"))),
            json(ref(function(template, "adstream-reconcile"))),
            json(ref(function(template, "adstream-api"))),
            json(ref(logicalId(template, "AWS::ApiGatewayV2::Api", Map.of("Name", "adstream-api")))));
  }

  private static String function(Template template, String name) {
    return logicalId(template, "AWS::Lambda::Function", Map.of("FunctionName", name));
  }

  private static Map<String, Object> alarm(Template template, String name) {
    return properties(template, "AWS::CloudWatch::Alarm", Map.of("AlarmName", name));
  }
}
