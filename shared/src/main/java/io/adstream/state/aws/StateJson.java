package io.adstream.state.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.attribution.UserState;
import io.adstream.features.Activity;
import io.adstream.state.Fences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compact JSON for state kept in DynamoDB. Write units are billed per KB of item, so states use short keys
 * and arrays rather than self-describing objects.
 */
public final class StateJson {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StateJson() {}

  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored state is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode activity(Activity activity) {
    ObjectNode node = NODES.objectNode();
    activity.asOf().ifPresent(t -> node.put("t", t.toEpochMilli()));
    activity.lastClick().ifPresent(t -> node.put("lc", t.toEpochMilli()));
    ArrayNode minutes = node.putArray("m");
    activity.clicksPerMinute().forEach((minute, count) -> minutes.addArray().add(minute).add(count));
    ArrayNode conversions = node.putArray("cv");
    activity.conversionTimes().forEach(t -> conversions.add(t.toEpochMilli()));
    return node;
  }

  public static Activity activity(JsonNode node) {
    TreeMap<Long, Integer> minutes = new TreeMap<>();
    node.path("m").forEach(pair -> minutes.put(pair.get(0).asLong(), pair.get(1).asInt()));
    List<Instant> conversions = new ArrayList<>();
    node.path("cv").forEach(t -> conversions.add(Instant.ofEpochMilli(t.asLong())));
    return new Activity(instant(node, "t"), instant(node, "lc"), minutes, conversions);
  }

  public static String user(UserState state) {
    ObjectNode node = NODES.objectNode();
    ArrayNode clicks = node.putArray("k");
    state.clicks().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> clicks.addArray().add(e.getKey()).add(e.getValue().time().toEpochMilli()).add(e.getValue().campaignId()));
    ArrayNode conversions = node.putArray("v");
    state.conversions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ArrayNode c = conversions.addArray().add(e.getKey()).add(e.getValue().time().toEpochMilli()).add(e.getValue().valueMicros());
              e.getValue().credit().ifPresent(credit -> c.add(credit.clickId()).add(credit.clickTime().toEpochMilli()).add(credit.campaignId()));
            });
    node.set("a", activity(state.activity()));
    return write(node);
  }

  public static UserState user(String json) {
    JsonNode node = read(json);
    Map<String, UserState.ClickRef> clicks = new HashMap<>();
    node.path("k").forEach(c -> clicks.put(c.get(0).asText(), new UserState.ClickRef(Instant.ofEpochMilli(c.get(1).asLong()), c.get(2).asText())));
    Map<String, UserState.CreditedConversion> conversions = new HashMap<>();
    node.path("v")
        .forEach(
            c -> {
              Optional<UserState.ClickCredit> credit =
                  c.size() > 3
                      ? Optional.of(new UserState.ClickCredit(c.get(3).asText(), Instant.ofEpochMilli(c.get(4).asLong()), c.get(5).asText()))
                      : Optional.empty();
              conversions.put(
                  c.get(0).asText(),
                  new UserState.CreditedConversion(Instant.ofEpochMilli(c.get(1).asLong()), c.get(2).asLong(), credit));
            });
    return new UserState(clicks, conversions, activity(node.path("a")));
  }

  public static AttributeValue fences(Fences fences) {
    Map<String, AttributeValue> byShard = new HashMap<>();
    fences.byShard().forEach((shard, sequence) -> byShard.put(shard, AttributeValue.fromS(sequence)));
    return AttributeValue.fromM(byShard);
  }

  public static Fences fences(AttributeValue value) {
    if (value == null || !value.hasM()) {
      return Fences.NONE;
    }
    Map<String, String> byShard = new HashMap<>();
    value.m().forEach((shard, sequence) -> byShard.put(shard, sequence.s()));
    return new Fences(byShard);
  }

  private static Optional<Instant> instant(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(Instant.ofEpochMilli(node.get(field).asLong())) : Optional.empty();
  }
}
