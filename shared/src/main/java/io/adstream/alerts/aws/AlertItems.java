package io.adstream.alerts.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.alerts.Alert;
import io.adstream.config.AlertSettings.Severity;
import io.adstream.config.ResourceNames;
import io.adstream.config.TableSpec;
import io.adstream.state.aws.StateJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Layout of the alerts table: pk = the alert id, sk {@code alert}; {@code day} (yyyy-MM-dd of
 * raised_at) and {@code raised_at} (RFC 3339) feed the {@value ResourceNames#ALERTS_BY_DAY_INDEX}
 * index the feed queries newest first; {@code evidence} is JSON.
 */
public final class AlertItems {
  public static final String SORT_KEY_VALUE = "alert";

  private AlertItems() {}

  public static Map<String, AttributeValue> key(String alertId) {
    return Map.of(
        TableSpec.PARTITION_KEY,
        AttributeValue.fromS(alertId),
        TableSpec.SORT_KEY,
        AttributeValue.fromS(SORT_KEY_VALUE));
  }

  public static String day(Instant time) {
    return time.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  public static Map<String, AttributeValue> item(Alert alert, Duration retention) {
    Map<String, AttributeValue> item = new HashMap<>(key(alert.id()));
    item.put("rule", AttributeValue.fromS(alert.rule()));
    item.put("severity", AttributeValue.fromS(alert.severity().name()));
    item.put("subject", AttributeValue.fromS(alert.subject()));
    alert.campaignId().ifPresent(c -> item.put("campaign_id", AttributeValue.fromS(c)));
    item.put("window_start", AttributeValue.fromS(alert.windowStart().toString()));
    item.put("window_end", AttributeValue.fromS(alert.windowEnd().toString()));
    item.put("raised_at", AttributeValue.fromS(alert.raisedAt().toString()));
    item.put("day", AttributeValue.fromS(day(alert.raisedAt())));
    ObjectNode evidence = StateJson.NODES.objectNode();
    alert.evidence().forEach((name, value) -> evidence.put(name, new BigDecimal(value.toString())));
    item.put("evidence", AttributeValue.fromS(StateJson.write(evidence)));
    item.put(
        TableSpec.TTL_ATTRIBUTE,
        AttributeValue.fromN(Long.toString(alert.raisedAt().plus(retention).getEpochSecond())));
    return item;
  }

  public static Alert alert(Map<String, AttributeValue> item) {
    TreeMap<String, Number> evidence = new TreeMap<>();
    JsonNode json = StateJson.read(item.get("evidence").s());
    json.fields().forEachRemaining(e -> evidence.put(e.getKey(), e.getValue().numberValue()));
    return new Alert(
        item.get("rule").s(),
        Severity.valueOf(item.get("severity").s()),
        item.get("subject").s(),
        Optional.ofNullable(item.get("campaign_id")).map(AttributeValue::s),
        Instant.parse(item.get("window_start").s()),
        Instant.parse(item.get("window_end").s()),
        Instant.parse(item.get("raised_at").s()),
        evidence);
  }
}
