package io.adstream.local.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.generator.PartitionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Chooses the Kinesis partition key of one NDJSON line: it decides the shard, and so the order of
 * delivery.
 */
@FunctionalInterface
public interface PartitionKeyFunction {

  /** At most 256 characters, as Kinesis requires. */
  String partitionKey(byte[] line);

  /** One key for every line: everything goes to one shard, in put order. */
  static PartitionKeyFunction constant(String key) {
    return line -> key;
  }

  /**
   * What producers do (docs/guarantees.md, data flow): a token of the user (never the raw id) for
   * impressions, clicks and conversions, so a user's events stay in order on one shard; the
   * campaign for campaign logs and search-ads rows; a hash of the bytes for what cannot be parsed.
   */
  static PartitionKeyFunction producers() {
    return PartitionKeys::forLine;
  }

  /**
   * The first of the given top-level JSON fields that the line has, as text; else a hash of the
   * line.
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
        return Integer.toHexString(java.util.Arrays.hashCode(line));
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + e.getMessage(), e);
      }
    };
  }
}
