package io.adstream.features.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.aws.FloodGroupMapping;
import io.adstream.config.AdstreamConfig;
import io.adstream.features.DeviceState;
import io.adstream.state.aws.PartitionKeyedMapping;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Features table: pk {@code dev#<device token>}, attribute {@code a}: the device's activity, and
 * {@code g}: its recent flood groups by epoch minute (left out when there are none).
 */
public final class DeviceStateMapping extends PartitionKeyedMapping<String, DeviceState> {
  private final Duration retention;

  public DeviceStateMapping(AdstreamConfig config) {
    super(config.names().featuresTable(), device -> "dev#" + device);
    this.retention = config.retention().features();
  }

  @Override
  public Map<String, AttributeValue> encode(DeviceState value) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("a", AttributeValue.fromS(StateJson.write(ActivityJson.write(value.activity()))));
    if (!value.floods().isEmpty()) {
      ObjectNode floods = StateJson.NODES.objectNode();
      value
          .floods()
          .forEach(
              (minute, group) -> floods.set(Long.toString(minute), FloodGroupMapping.write(group)));
      item.put("g", AttributeValue.fromS(StateJson.write(floods)));
    }
    return item;
  }

  @Override
  public DeviceState decode(Map<String, AttributeValue> item) {
    TreeMap<Long, FloodGroup> floods = new TreeMap<>();
    if (item.containsKey("g")) {
      JsonNode node = StateJson.read(item.get("g").s());
      for (Iterator<Map.Entry<String, JsonNode>> groups = node.fields(); groups.hasNext(); ) {
        Map.Entry<String, JsonNode> group = groups.next();
        floods.put(Long.parseLong(group.getKey()), FloodGroupMapping.read(group.getValue()));
      }
    }
    return new DeviceState(ActivityJson.read(StateJson.read(item.get("a").s())), floods);
  }

  @Override
  public long expiresAt(String device, DeviceState value) {
    return value.activity().asOf().orElse(Instant.EPOCH).plus(retention).getEpochSecond();
  }
}
