package io.adstream.infra;

import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ReconcileSettings;
import io.adstream.observability.MetricNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class ReconciliationTest {

  @Test
  void aScheduleInvokesTheReconcileFunctionFromTheProcessorsJarOnArm64() {
    Template template = Synth.defaultTemplate();
    Map<String, Object> function =
        properties(template, "AWS::Lambda::Function", Map.of("FunctionName", "adstream-reconcile"));
    assertThat(function)
        .containsEntry("Handler", Reconciliation.HANDLER)
        .containsEntry("Architectures", List.of("arm64"));
    assertThat(json(function.get("Environment")))
        .contains(ReconcileSettings.LAKE_BUCKET_VARIABLE)
        .contains(AdstreamConfig.ENVIRONMENT_VARIABLE);
    Map<String, Object> processor =
        properties(template, "AWS::Lambda::Function", Map.of("FunctionName", "adstream-processor"));
    assertThat(function.get("Code")).isEqualTo(processor.get("Code"));

    String functionId =
        logicalId(template, "AWS::Lambda::Function", Map.of("FunctionName", "adstream-reconcile"));
    Map<String, Object> rule =
        properties(template, "AWS::Events::Rule", Map.of("Name", "adstream-reconcile"));
    assertThat(rule)
        .containsEntry("ScheduleExpression", AdstreamConfig.defaults().reconcile().schedule());
    assertThat(json(rule.get("Targets"))).contains(functionId);
  }

  @Test
  void theScheduleFollowsTheConfiguration() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"adstream-rc\",\"reconcile\":{\"schedule\":\"cron(30 4 * * ? *)\"}}");
    assertThat(
            properties(
                Synth.template(config),
                "AWS::Events::Rule",
                Map.of("Name", "adstream-rc-reconcile")))
        .containsEntry("ScheduleExpression", "cron(30 4 * * ? *)");
  }

  @Test
  void aParquetBatchTableIsRefusedAtSynthesisBecauseTheFunctionReadsCsvAndJsonLines() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides("{\"reconcile\":{\"batchTable\":{\"format\":\"PARQUET\"}}}");
    assertThatThrownBy(() -> Synth.template(config))
        .hasMessageContaining("the scheduled reconcile Lambda reads CSV or JSON lines only")
        .hasMessageContaining("adstream reconcile --format parquet");
  }

  @Test
  void driftAboveZeroAndFailedRunsAlarmTheOpsTopic() {
    Template template = Synth.defaultTemplate();
    String opsTopic = logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "adstream-ops"));
    Map<String, Object> drift =
        properties(
            template, "AWS::CloudWatch::Alarm", Map.of("AlarmName", "adstream-reconcile-drift"));
    assertThat(drift)
        .containsEntry("MetricName", MetricNames.RECONCILIATION_DRIFT)
        .containsEntry("Namespace", MetricNames.NAMESPACE)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("Threshold", 0);
    assertThat(json(drift.get("Dimensions"))).contains("adstream-reconcile");
    assertThat(json(drift.get("AlarmActions"))).contains(opsTopic);
    assertThat(
            json(
                properties(
                        template,
                        "AWS::CloudWatch::Alarm",
                        Map.of("AlarmName", "adstream-reconcile-failed"))
                    .get("AlarmActions")))
        .contains(opsTopic);
  }

  @Test
  void theFunctionReadsOnlyTheAggregatesAndOnlyTheBatchTablesPrefix() {
    Template template = Synth.defaultTemplate();
    String role =
        logicalId(
            template,
            "AWS::IAM::Role",
            Map.of(
                "Description",
                "adstream reconcile: reads the batch table and the aggregates, writes its reports"));
    String policy =
        json(
            Resources.ofType(template, "AWS::IAM::Policy").values().stream()
                .filter(p -> json(p).contains("\"Ref\":\"" + role + "\""))
                .findFirst()
                .orElseThrow());
    String aggregates =
        logicalId(template, "AWS::DynamoDB::Table", Map.of("TableName", "adstream-aggregates"));
    String claims =
        logicalId(template, "AWS::DynamoDB::Table", Map.of("TableName", "adstream-claims"));
    assertThat(policy)
        .contains("\"Action\":[\"dynamodb:BatchGetItem\",\"dynamodb:Query\"]")
        .contains(aggregates)
        .doesNotContain(claims)
        .contains("/" + AdstreamConfig.defaults().reconcile().batchTable().staticPrefix() + "*")
        .contains("/reconcile/*")
        .doesNotContain("dynamodb:PutItem")
        .doesNotContain("s3:DeleteObject");
  }
}
