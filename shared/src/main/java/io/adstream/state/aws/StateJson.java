package io.adstream.state.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.adstream.state.Fences;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compact JSON for state kept in DynamoDB, and the fences every versioned item carries. Write units
 * are billed per KB of item, so the capabilities' mappings use short keys and arrays rather than
 * self-describing objects.
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
      throw new IllegalStateException(
          "stored state is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static AttributeValue fences(Fences fences) {
    Map<String, AttributeValue> byShard = new HashMap<>();
    fences
        .byShard()
        .forEach((shard, sequence) -> byShard.put(shard, AttributeValue.fromS(sequence)));
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
}
