package io.adstream.alerts.aws;

import io.adstream.alerts.Alert;
import io.adstream.alerts.AlertFeed;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The alert feed from the alerts table's by-day index, one day partition at a time, newest first.
 */
public final class DynamoAlertFeed implements AlertFeed {
  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoAlertFeed(DynamoDbClient dynamo, AdstreamConfig config, Clock clock) {
    this.dynamo = dynamo;
    this.table = config.names().alertsTable();
    this.clock = clock;
  }

  @Override
  public List<Alert> since(
      Instant since, Optional<String> rule, Optional<String> campaignId, int limit) {
    List<Alert> alerts = new ArrayList<>();
    for (Instant day = clock.instant();
        alerts.size() < limit;
        day = day.minus(java.time.Duration.ofDays(1))) {
      QueryRequest query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(ResourceNames.ALERTS_BY_DAY_INDEX)
              .keyConditionExpression("#day = :day AND raised_at >= :since")
              .expressionAttributeNames(Map.of("#day", "day"))
              .expressionAttributeValues(
                  Map.of(
                      ":day",
                      AttributeValue.fromS(AlertItems.day(day)),
                      ":since",
                      AttributeValue.fromS(since.toString())))
              .scanIndexForward(false)
              .build();
      for (var page : dynamo.queryPaginator(query)) {
        for (Map<String, AttributeValue> item : page.items()) {
          Alert alert = AlertItems.alert(item);
          if (rule.map(alert.rule()::equals).orElse(true)
              && campaignId.map(c -> alert.campaignId().filter(c::equals).isPresent()).orElse(true)
              && alerts.size() < limit) {
            alerts.add(alert);
          }
        }
      }
      if (AlertItems.day(day).compareTo(AlertItems.day(since)) <= 0) {
        break;
      }
    }
    return alerts;
  }
}
