package io.adstream.local.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Chooses the Kinesis partition key of one NDJSON line: it decides the shard, and so the order of delivery. */
@FunctionalInterface
public interface PartitionKeyFunction {

  /** At most 256 characters, as Kinesis requires. */
  String partitionKey(String line);

  /** One key for every line: everything goes to one shard, in put order. */
  static PartitionKeyFunction constant(String key) {
    return line -> key;
  }

  /**
   * The first of the given top-level JSON fields that the line has, as text; a line with none of them is
   * keyed by its own hash. With {@code ("user_id", "device_id", "campaign_id")} each user's events stay in
   * order on one shard and search-ads rows go by campaign.
   */
  static PartitionKeyFunction jsonFields(String... fields) {
    ObjectMapper json = new ObjectMapper();
    return line -> {
      try {
        JsonNode event = json.readTree(line);
        for (String field : fields) {
          JsonNode value = event.get(field);
          if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            String key = value.asText();
            return key.length() <= 256 ? key : key.substring(0, 256);
          }
        }
        return Integer.toHexString(line.hashCode());
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + e.getMessage(), e);
      }
    };
  }
}
