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
  }

  @Test
  void everyAlarmNotifiesTheOpsTopicWhenItFiresAndWhenItRecovers() {
    Template template = Synth.defaultTemplate();
    String opsTopic = logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "adstream-ops"));
    assertThat(Resources.ofType(template, "AWS::CloudWatch::Alarm").values())
        .hasSize(13) // 11 of the pipeline, 2 of the scheduled reconcile
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
    String body = json(properties(Synth.defaultTemplate(), "AWS::CloudWatch::Dashboard", Map.of("DashboardName", "adstream-pipeline")));
    assertThat(body)
        .contains("IncomingRecords", "IteratorAge", "Errors", "Throttles", "Duration")
        .contains(
            MetricNames.RECORDS_RECEIVED,
            MetricNames.RECORDS_ACCEPTED,
            MetricNames.RECORDS_DUPLICATE,
            MetricNames.RECORDS_QUARANTINED,
            MetricNames.PROCESSING_TIME_MS,
            MetricNames.EVENT_AGE_MS)
        .contains("OnFailureDestinationDeliveredEventCount", "DeliveryToS3.DataFreshness", "DeliveryToS3.Success")
        .contains("\\\"p50\\\"", "\\\"p99\\\"")
        // breakdowns by reason and by rule, whatever values the processor publishes
        .contains("SEARCH('{Adstream,Function,Reason} MetricName=\\\\\\\"RecordsQuarantined\\\\\\\"")
        .contains("SEARCH('{Adstream,Function,Rule} MetricName=\\\\\\\"AlertsPublished\\\\\\\"");
  }

  private static Map<String, Object> alarm(Template template, String name) {
    return properties(template, "AWS::CloudWatch::Alarm", Map.of("AlarmName", name));
  }
}
