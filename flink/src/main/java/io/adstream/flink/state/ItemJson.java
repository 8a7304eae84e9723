package io.adstream.flink.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items as DynamoDB JSON ({@code {"pk":{"S":"..."},"v":{"N":"3"}}}): how the job keeps the
 * items of the shared item mappings in Flink state, and how it hands them to the serving sink, so
 * that Flink state, the changelog topic and the DynamoDB tables hold the same layout.
 */
public final class ItemJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ItemJson() {}

  public static String write(Map<String, AttributeValue> item) {
    try {
      return JSON.writeValueAsString(node(item));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an item that cannot be written as JSON", e);
    }
  }

  public static Map<String, AttributeValue> read(String json) {
    try {
      return item(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored item is not valid DynamoDB JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode node(Map<String, AttributeValue> item) {
    ObjectNode node = JSON.createObjectNode();
    new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
    return node;
  }

  public static Map<String, AttributeValue> item(JsonNode node) {
    Map<String, AttributeValue> item = new TreeMap<>();
    node.properties().forEach(field -> item.put(field.getKey(), attribute(field.getValue())));
    return item;
  }

  private static ObjectNode value(AttributeValue value) {
    ObjectNode node = JSON.createObjectNode();
    switch (value.type()) {
      case S -> node.put("S", value.s());
      case N -> node.put("N", value.n());
      case B -> node.put("B", value.b().asByteArray());
      case BOOL -> node.put("BOOL", value.bool());
      case NUL -> node.put("NULL", true);
      case SS -> value.ss().forEach(node.putArray("SS")::add);
      case NS -> value.ns().forEach(node.putArray("NS")::add);
      case BS -> {
        ArrayNode bytes = node.putArray("BS");
        value.bs().forEach(b -> bytes.add(b.asByteArray()));
      }
      case L -> {
        ArrayNode list = node.putArray("L");
        value.l().forEach(element -> list.add(value(element)));
      }
      case M -> node.set("M", node(value.m()));
      case UNKNOWN_TO_SDK_VERSION ->
          throw new IllegalArgumentException("an attribute of unknown type: " + value);
    }
    return node;
  }

  private static AttributeValue attribute(JsonNode node) {
    Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
    JsonNode v = typed.getValue();
    return switch (typed.getKey()) {
      case "S" -> AttributeValue.fromS(v.asText());
      case "N" -> AttributeValue.fromN(v.asText());
      case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(binary(v)));
      case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "SS" -> AttributeValue.fromSs(texts(v));
      case "NS" -> AttributeValue.fromNs(texts(v));
      case "BS" -> {
        List<SdkBytes> bytes = new ArrayList<>();
        v.forEach(b -> bytes.add(SdkBytes.fromByteArray(binary(b))));
        yield AttributeValue.fromBs(bytes);
      }
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        v.forEach(element -> list.add(attribute(element)));
        yield AttributeValue.fromL(list);
      }
      case "M" -> AttributeValue.fromM(item(v));
      default ->
          throw new IllegalArgumentException("an attribute of unknown type " + typed.getKey());
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      texts.add(it.next().asText());
    }
    return texts;
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("a binary attribute that is not base64", e);
    }
  }
}
