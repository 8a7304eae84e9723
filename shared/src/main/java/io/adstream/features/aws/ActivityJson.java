package io.adstream.features.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.features.Activity;
import io.adstream.state.aws.StateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An activity as compact JSON: {@code t} as of, {@code lc} last click (epoch ms), {@code m}
 * [minute, clicks] pairs, {@code cv} conversion times. Device items hold one; user items embed one.
 */
public final class ActivityJson {
  private ActivityJson() {}

  public static ObjectNode write(Activity activity) {
    ObjectNode node = StateJson.NODES.objectNode();
    activity.asOf().ifPresent(t -> node.put("t", t.toEpochMilli()));
    activity.lastClick().ifPresent(t -> node.put("lc", t.toEpochMilli()));
    ArrayNode minutes = node.putArray("m");
    activity
        .clicksPerMinute()
        .forEach((minute, count) -> minutes.addArray().add(minute).add(count));
    ArrayNode conversions = node.putArray("cv");
    activity.conversionTimes().forEach(t -> conversions.add(t.toEpochMilli()));
    return node;
  }

  public static Activity read(JsonNode node) {
    TreeMap<Long, Integer> minutes = new TreeMap<>();
    node.path("m").forEach(pair -> minutes.put(pair.get(0).asLong(), pair.get(1).asInt()));
    List<Instant> conversions = new ArrayList<>();
    node.path("cv").forEach(t -> conversions.add(Instant.ofEpochMilli(t.asLong())));
    return new Activity(instant(node, "t"), instant(node, "lc"), minutes, conversions);
  }

  private static Optional<Instant> instant(JsonNode node, String field) {
    return node.hasNonNull(field)
        ? Optional.of(Instant.ofEpochMilli(node.get(field).asLong()))
        : Optional.empty();
  }
}
