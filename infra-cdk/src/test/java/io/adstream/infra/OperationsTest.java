package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Running the deployed stack: log retention, failed scheduled runs, concurrency, CloudFront,
 * recipients, tracing.
 */
class OperationsTest {

  @Test
  void operationalLogsKeepTheOperationalRetentionAndAuditLogsTheAuditOne() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      int operational = config.operations().logRetentionDays();
      int audit = config.operations().auditLogRetentionDays();
      for (String function :
          List.of(
              config.names().processorFunction(),
              config.names().alertCheckFunction(),
              config.names().reconcileFunction(),
              config.names().apiFunction())) {
        assertThat(logGroup(template, "/aws/lambda/" + function))
            .as(function)
            .containsEntry("RetentionInDays", operational);
      }
      assertThat(logGroup(template, "/aws/apigateway/" + config.names().apiFunction()))
          .containsEntry("RetentionInDays", audit);
      assertThat(logGroup(template, "/aws/vendedlogs/cloudfront/" + config.prefix() + "-dashboard"))
          .containsEntry("RetentionInDays", audit);
    }
    assertThat(DEFAULTS.operations().auditLogRetentionDays()).isGreaterThanOrEqualTo(365);
    assertThat(DEFAULTS.operations().logRetentionDays())
        .isLessThan(DEFAULTS.operations().auditLogRetentionDays());
    assertThat(VARIANT.operations().auditLogRetentionDays())
        .isNotEqualTo(DEFAULTS.operations().auditLogRetentionDays());
  }

  @Test
  void aFailedScheduledRunIsNotRetriedAndIsKeptInTheFailedRunsQueue() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      String queue =
          logicalId(
              template, "AWS::SQS::Queue", Map.of("QueueName", config.prefix() + "-failed-runs"));
      assertThat(
              properties(
                  template,
                  "AWS::SQS::Queue",
                  Map.of("QueueName", config.prefix() + "-failed-runs")))
          .containsEntry("MessageRetentionPeriod", 14 * 24 * 3600)
          .containsKey("KmsMasterKeyId");
      Map<String, Long> maxEventAge =
          Map.of(
              config.names().alertCheckFunction(),
              config.alerts().scheduledCheck().rate().toSeconds(),
              config.names().reconcileFunction(),
              3600L);
      maxEventAge.forEach(
          (function, age) -> {
            String functionId =
                logicalId(template, "AWS::Lambda::Function", Map.of("FunctionName", function));
            Map<String, Object> invokeConfig =
                properties(
                    template,
                    "AWS::Lambda::EventInvokeConfig",
                    Map.of("FunctionName", Map.of("Ref", functionId)));
            assertThat(invokeConfig)
                .as(function)
                .containsEntry("MaximumRetryAttempts", 0)
                .containsEntry("MaximumEventAgeInSeconds", age.intValue())
                .containsEntry(
                    "DestinationConfig", Map.of("OnFailure", Map.of("Destination", arnOf(queue))));
          });
    }
  }

  @Test
  void theReadApiHasReservedConcurrencyFromTheConfiguration() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      assertThat(
              properties(
                  Configs.templateOf(config),
                  "AWS::Lambda::Function",
                  Map.of("FunctionName", config.names().apiFunction())))
          .containsEntry(
              "ReservedConcurrentExecutions", config.operations().apiReservedConcurrency());
    }
    assertThat(VARIANT.operations().apiReservedConcurrency())
        .isNotEqualTo(DEFAULTS.operations().apiReservedConcurrency());
  }

  @Test
  void withItsOwnDomainTheDashboardRequiresTls12() {
    Map<String, Object> config = distributionConfig(Configs.variantTemplate());
    var domain = VARIANT.operations().dashboardDomain().orElseThrow();
    assertThat(config).containsEntry("Aliases", List.of(domain.domainName()));
    assertThat(config.get("ViewerCertificate"))
        .isEqualTo(
            Map.of(
                "AcmCertificateArn", domain.certificateArn(),
                "MinimumProtocolVersion", "TLSv1.2_2021",
                "SslSupportMethod", "sni-only"));
    // without one, CloudFront's default certificate applies: it fixes the minimum protocol itself
    assertThat(distributionConfig(Synth.defaultTemplate())).doesNotContainKey("ViewerCertificate");
  }

  @Test
  void dashboardRequestsAreLoggedThroughStandardLoggingV2IntoAnAuditLogGroup() {
    Template template = Synth.defaultTemplate();
    String distribution = logicalId(template, "AWS::CloudFront::Distribution", Map.of());
    String logGroup =
        logicalId(
            template,
            "AWS::Logs::LogGroup",
            Map.of("LogGroupName", "/aws/vendedlogs/cloudfront/adstream-dashboard"));
    Map<String, Object> source =
        properties(template, "AWS::Logs::DeliverySource", Map.of("LogType", "ACCESS_LOGS"));
    assertThat(json(source.get("ResourceArn")))
        .contains(":cloudfront::")
        .contains(json(Map.of("Ref", distribution)));
    assertThat(properties(template, "AWS::Logs::DeliveryDestination", Map.of()))
        .containsEntry("DestinationResourceArn", arnOf(logGroup));
    template.resourceCountIs("AWS::Logs::Delivery", 1);
    // CloudFront delivers its logs only through us-east-1: elsewhere the delivery is left out, not
    // broken
    for (String type :
        List.of(
            "AWS::Logs::DeliverySource", "AWS::Logs::DeliveryDestination", "AWS::Logs::Delivery")) {
      assertThat(Resources.ofType(template, type).values())
          .allSatisfy(r -> assertThat(r).containsKey("Condition"));
    }
    assertThat(json(template.toJSON().get("Conditions"))).contains("us-east-1");
  }

  @Test
  void oldVersionsOfTheDashboardsFilesExpire() {
    Template template = Synth.defaultTemplate();
    Map<String, Object> site =
        properties(
            template,
            "AWS::S3::Bucket",
            Map.of(
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "dashboard/"))));
    assertThat(json(site.get("LifecycleConfiguration")))
        .contains(
            "\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":"
                + Serving.OLD_PAGE_VERSION_DAYS
                + "}")
        .contains("\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":1}");
  }

  @Test
  void cloudWatchMayUseTheOpsKeyOnlyForThisAccountsAlarms() {
    String key =
        json(
            properties(
                Synth.defaultTemplate(),
                "AWS::KMS::Key",
                Map.of("Description", "adstream ops topic")));
    int cloudWatch = key.indexOf("cloudwatch.amazonaws.com");
    String statement = key.substring(key.lastIndexOf("{\"Action\"", cloudWatch));
    statement = statement.substring(0, statement.indexOf("\"Service\""));
    assertThat(statement)
        .contains("\"aws:SourceAccount\":{\"Ref\":\"AWS::AccountId\"}")
        .contains("\"aws:SourceArn\"")
        .contains(":alarm:*");
  }

  @Test
  void synthWarnsLoudlyWhenNobodyReceivesTheAlarms() {
    Annotations.fromStack(Synth.synthesized(DEFAULTS).stack())
        .hasWarning(
            "/adstream/Alerting/OpsTopic",
            Match.stringLikeRegexp("NOBODY RECEIVES THE PIPELINE'S ALARMS.*"));
    assertThat(
            Annotations.fromStack(Synth.synthesized(VARIANT).stack())
                .findWarning("*", Match.stringLikeRegexp(".*NOBODY RECEIVES.*")))
        .isEmpty();
  }

  @Test
  void tracingTurnsOnActiveXRayTracingForEveryFunction() {
    assertThat(Resources.ofType(Configs.variantTemplate(), "AWS::Lambda::Function").values())
        .hasSize(5)
        .allSatisfy(
            f ->
                assertThat(json(f.get("Properties")))
                    .contains("\"TracingConfig\":{\"Mode\":\"Active\"}"));
    assertThat(Resources.ofType(Synth.defaultTemplate(), "AWS::Lambda::Function").values())
        .allSatisfy(f -> assertThat(json(f.get("Properties"))).doesNotContain("TracingConfig"));
  }

  private static Map<String, Object> logGroup(Template template, String name) {
    return properties(template, "AWS::Logs::LogGroup", Map.of("LogGroupName", name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> distributionConfig(Template template) {
    return (Map<String, Object>)
        properties(template, "AWS::CloudFront::Distribution", Map.of()).get("DistributionConfig");
  }
}
