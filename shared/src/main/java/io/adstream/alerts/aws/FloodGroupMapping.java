package io.adstream.alerts.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.aws.PartitionKeyedMapping;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims table: pk {@code fl#ip#<token>#<epoch minute>}, attribute {@code g}: the click count, the
 * crossing record and the clicks counted valid (with the record that retracted each). Kept for the
 * allowed lateness after its minute, and a day more. A device's groups ride in its feature item
 * instead ({@code DeviceStateMapping}).
 */
public final class FloodGroupMapping extends PartitionKeyedMapping<FloodKey, FloodGroup> {
  private final Duration keep;

  public FloodGroupMapping(AdstreamConfig config) {
    super(
        config.names().claimsTable(),
        key -> "fl#" + key.kind().label() + "#" + key.token() + "#" + key.epochMinute());
    this.keep = config.windows().allowedLateness().plus(Duration.ofDays(1));
  }

  @Override
  public Map<String, AttributeValue> encode(FloodGroup group) {
    return Map.of("g", AttributeValue.fromS(StateJson.write(write(group))));
  }

  @Override
  public FloodGroup decode(Map<String, AttributeValue> item) {
    return read(StateJson.read(item.get("g").s()));
  }

  /**
   * A group as compact JSON: {@code c} count, {@code x} crossing record, {@code k} [click,
   * retracted by?].
   */
  public static ObjectNode write(FloodGroup group) {
    ObjectNode node = StateJson.NODES.objectNode();
    node.put("c", group.clicks());
    group.crossedBy().ifPresent(by -> node.put("x", by));
    ArrayNode counted = node.putArray("k");
    group
        .counted()
        .forEach(
            (clickId, click) -> {
              ArrayNode entry = counted.addArray().add(clickId);
              click.retractedBy().ifPresent(entry::add);
            });
    return node;
  }

  public static FloodGroup read(JsonNode node) {
    TreeMap<String, FloodGroup.CountedClick> counted = new TreeMap<>();
    node.path("k")
        .forEach(
            e ->
                counted.put(
                    e.get(0).asText(),
                    new FloodGroup.CountedClick(
                        e.size() > 1 ? Optional.of(e.get(1).asText()) : Optional.empty())));
    return new FloodGroup(
        node.get("c").asLong(),
        node.hasNonNull("x") ? Optional.of(node.get("x").asText()) : Optional.empty(),
        counted);
  }

  @Override
  public long expiresAt(FloodKey key, FloodGroup group) {
    return key.minute().plus(keep).getEpochSecond();
  }
}
