package io.adstream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.alerts.aws.DynamoSnsAlertSink;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.AlertSettings.Severity;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.state.CapacityMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The alert sink on the emulator: an alert is published once, and a sink that has seen it published
 * does not claim it again (a crawler raises the same id with every click of its hour, and each
 * repeated claim is a failed condition billed as a write).
 */
@EmulatorTest
class DynamoSnsAlertSinkTest {

  @Test
  void anAlertSeenPublishedIsNotClaimedAgainAndNoSinkPublishesItTwice(LocalAws aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"s" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    ProvisioningPlan plan = ProvisioningPlan.of(config);
    new LocalProvisioner(aws.clients()).provision(plan);
    String table = config.names().alertsTable();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Alert alert =
        Alert.of(
            "bot_click",
            Severity.MEDIUM,
            "device:d-token",
            Optional.of("c-1"),
            hour,
            hour.plus(Duration.ofHours(1)),
            Instant.now(),
            Map.of("crawler_clicks", 1));

    try (DynamoDbClient dynamo = aws.clients().dynamoDb();
        SnsClient sns = aws.clients().sns()) {
      DynamoSnsAlertSink sink =
          new DynamoSnsAlertSink(dynamo, sns, plan.alertTopicArn(), config, new CapacityMeter());
      assertThat(sink.raise(List.of(alert))).containsExactly(alert);
      double published = writeUnits(aws, table);

      assertThat(sink.raise(List.of(alert, alert))).isEmpty();
      assertThat(writeUnits(aws, table)).as("no claim, so nothing billed").isEqualTo(published);

      // another container has not seen it: its claim fails (billed), and it publishes no copy
      DynamoSnsAlertSink other =
          new DynamoSnsAlertSink(dynamo, sns, plan.alertTopicArn(), config, new CapacityMeter());
      assertThat(other.raise(List.of(alert))).isEmpty();
      double claimedAgain = writeUnits(aws, table);
      assertThat(claimedAgain).isGreaterThan(published);
      assertThat(other.raise(List.of(alert))).isEmpty();
      assertThat(writeUnits(aws, table)).isEqualTo(claimedAgain);
    }
    assertThat(messages(aws, plan.alertSubscriber().name())).isEqualTo(1);
  }

  private static double writeUnits(LocalAws aws, String table) {
    return Optional.ofNullable(aws.capacity().byTable().get(table))
        .map(units -> units.writeUnits())
        .orElse(0.0);
  }

  private static int messages(LocalAws aws, String queue) {
    try (SqsClient sqs = aws.clients().sqs()) {
      String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      int count = 0;
      for (int emptyReceives = 0; emptyReceives < 2; ) {
        int received =
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()
                .size();
        count += received;
        emptyReceives = received == 0 ? emptyReceives + 1 : 0;
      }
      return count;
    }
  }
}
