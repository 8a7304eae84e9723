package io.adstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsSettingsTest {

  @Test
  void subscriptionsAndThresholdsComeFromOverrides() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            """
            {"operations": {
              "alarms": {"quarantinePercent": 5},
              "alertSubscriptions": [{"protocol": "EMAIL", "endpoint": "fraud@example.com",
                                      "filter": {"severity": ["CRITICAL"]}}]}}
            """);

    assertThat(config.operations().alarms().quarantinePercent()).isEqualTo(5.0);
    assertThat(config.operations().alarms().iteratorAge())
        .isEqualTo(OperationsSettings.defaults().alarms().iteratorAge());
    assertThat(config.operations().alertSubscriptions())
        .containsExactly(
            new OperationsSettings.Subscription(
                OperationsSettings.Protocol.EMAIL,
                "fraud@example.com",
                Map.of("severity", List.of("CRITICAL"))));
    assertThat(AdstreamConfig.withOverrides(config.toJson())).isEqualTo(config);
  }

  @Test
  void settingsCloudWatchOrSnsWouldRejectAreRejectedHere() {
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"operations\": {\"logRetentionDays\": 10}}"))
        .hasMessageContaining("operations.logRetentionDays must be one of");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"operations\": {\"opsSubscriptions\": [{\"protocol\": \"HTTPS\", \"endpoint\": \"http://x\"}]}}"))
        .hasMessageContaining("https:// URL");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"operations\": {\"opsSubscriptions\": [{\"protocol\": \"SQS\", \"endpoint\": \"my-queue\"}]}}"))
        .hasMessageContaining("queue ARN");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"operations\": {\"dashboardDomain\": {\"domainName\": \"dash.example.com\","
                        + " \"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/x\"}}}"))
        .hasMessageContaining("in us-east-1");
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"operations\": {\"apiReservedConcurrency\": 0}}"))
        .hasMessageContaining("operations.apiReservedConcurrency must be 1-1000");
  }
}
