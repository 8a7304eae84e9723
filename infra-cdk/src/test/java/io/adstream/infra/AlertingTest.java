package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static io.adstream.infra.Resources.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class AlertingTest {

  @Test
  void alertAndOpsTopicsAreEncryptedEachWithItsOwnKeyAndRefuseRequestsWithoutTls() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      String alertKey =
          logicalId(template, "AWS::KMS::Key", Map.of("Description", "adstream alert topic"));
      String opsKey =
          logicalId(template, "AWS::KMS::Key", Map.of("Description", "adstream ops topic"));
      assertThat(
              properties(
                  template, "AWS::SNS::Topic", Map.of("TopicName", config.names().alertTopic())))
          .containsEntry("KmsMasterKeyId", arnOf(alertKey));
      assertThat(
              properties(
                  template, "AWS::SNS::Topic", Map.of("TopicName", config.names().opsTopic())))
          .containsEntry("KmsMasterKeyId", arnOf(opsKey));
      assertThat(Resources.ofType(template, "AWS::SNS::TopicPolicy").values())
          .hasSize(2)
          .allSatisfy(
              policy ->
                  assertThat(json(policy))
                      .contains("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
    }
  }

  @Test
  void cloudWatchAlarmsMayPublishToTheOpsTopicAndUseOnlyItsKey() {
    Template template = Synth.defaultTemplate();
    String opsTopic = logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "adstream-ops"));
    String opsTopicPolicy =
        json(
            properties(
                template, "AWS::SNS::TopicPolicy", Map.of("Topics", List.of(ref(opsTopic)))));
    assertThat(opsTopicPolicy)
        .contains("\"Service\":\"cloudwatch.amazonaws.com\"")
        .contains("\"Action\":\"sns:Publish\"");
    assertThat(
            json(
                properties(template, "AWS::KMS::Key", Map.of("Description", "adstream ops topic"))))
        .contains("cloudwatch.amazonaws.com");
    assertThat(
            json(
                properties(
                    template, "AWS::KMS::Key", Map.of("Description", "adstream alert topic"))))
        .doesNotContain("cloudwatch.amazonaws.com");
  }

  @Test
  void subscriptionsComeFromTheConfigurationWithTheirFilters() {
    Synth.defaultTemplate().resourceCountIs("AWS::SNS::Subscription", 0);
    Template template = Configs.variantTemplate();
    String alertTopic =
        logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", VARIANT.names().alertTopic()));
    String opsTopic =
        logicalId(template, "AWS::SNS::Topic", Map.of("TopicName", VARIANT.names().opsTopic()));
    template.resourceCountIs("AWS::SNS::Subscription", 3);
    assertThat(
            properties(
                template,
                "AWS::SNS::Subscription",
                Map.of(
                    "Protocol",
                    "email",
                    "Endpoint",
                    "fraud@example.com",
                    "TopicArn",
                    ref(alertTopic))))
        .containsEntry("FilterPolicy", Map.of("severity", List.of("HIGH", "CRITICAL")));
    assertThat(
            properties(
                template,
                "AWS::SNS::Subscription",
                Map.of(
                    "Protocol",
                    "sqs",
                    "Endpoint",
                    "arn:aws:sqs:eu-west-1:123456789012:alerts",
                    "TopicArn",
                    ref(alertTopic))))
        .containsEntry("RawMessageDelivery", true)
        .doesNotContainKey("FilterPolicy");
    properties(
        template,
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "https",
            "Endpoint",
            "https://pager.example.com/hook",
            "TopicArn",
            ref(opsTopic)));
  }
}
