package io.adstream.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProvisioningPlanTest {

  private final AdstreamConfig defaults = AdstreamConfig.defaults();
  private final ProvisioningPlan plan = ProvisioningPlan.of(defaults);

  @Test
  void theLocalPlanUsesTheEmulatorAccountAndAtLeastTwoShards() {
    assertThat(plan.account()).isEqualTo("000000000000");
    assertThat(plan.region()).isEqualTo("us-east-1");
    assertThat(plan.stream().name()).isEqualTo("adstream-events");
    assertThat(plan.stream().shardCount()).isGreaterThanOrEqualTo(2);
    assertThat(plan.lakeBucket()).isEqualTo("adstream-lake-000000000000-us-east-1");
    assertThat(plan.streamArn())
        .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/adstream-events");
  }

  @Test
  void theMappingRunsWithTheConfiguredSettingsAndParksIntoTheLake() {
    assertThat(plan.mapping().settings()).isEqualTo(defaults.mapping());
    assertThat(plan.mapping().functionTimeout()).isEqualTo(defaults.processor().timeout());
    assertThat(plan.mapping().streamName()).isEqualTo(plan.stream().name());
    assertThat(plan.mapping().onFailureBucket()).isEqualTo(plan.lakeBucket());
    assertThat(plan.functionArn())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:adstream-processor");
  }

  @Test
  void everyDeliveryStreamLandsUnderItsOwnLakePrefix() {
    assertThat(plan.deliveryStreams())
        .extracting(
            ProvisioningPlan.DeliveryStreamPlan::name, ProvisioningPlan.DeliveryStreamPlan::prefix)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("adstream-enriched", "enriched/"),
            org.assertj.core.groups.Tuple.tuple("adstream-attribution", "attribution/"),
            org.assertj.core.groups.Tuple.tuple("adstream-quarantine", "quarantine/"));
    assertThat(plan.deliveryStreams())
        .allSatisfy(
            stream -> {
              assertThat(stream.bucket()).isEqualTo(plan.lakeBucket());
              assertThat(stream.errorOutputPrefix()).isEqualTo("firehose-errors/");
            });
  }

  @Test
  void namesFollowTheConfiguredPrefix() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            """
            {"prefix":"shadow","stream":{"shardCount":4},"processor":{"timeout":"PT2M"},"mapping":{"batchSize":100}}""");
    ProvisioningPlan shadow = ProvisioningPlan.of(config, "123456789012", "eu-west-1");

    assertThat(shadow.stream().name()).isEqualTo("shadow-events");
    assertThat(shadow.stream().shardCount()).isEqualTo(4);
    assertThat(shadow.tables())
        .extracting(TableSpec::name)
        .allMatch(name -> name.startsWith("shadow-"));
    assertThat(shadow.alertTopic().name()).isEqualTo("shadow-alerts");
    assertThat(shadow.opsTopic().name()).isEqualTo("shadow-ops");
    assertThat(shadow.alertSubscriber().topicName()).isEqualTo("shadow-alerts");
    assertThat(shadow.piiKey().name()).isEqualTo("shadow/pii-hmac-key");
    assertThat(shadow.lakeBucket()).isEqualTo("shadow-lake-123456789012-eu-west-1");
    assertThat(shadow.mapping().functionTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(shadow.mapping().settings().batchSize()).isEqualTo(100);
  }
}
