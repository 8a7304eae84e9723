package io.adstream.state.aws;

import io.adstream.state.CapacityMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Strongly consistent BatchGetItem over any number of keys, retrying unprocessed keys with backoff.
 */
public final class BatchReads {
  private static final int KEYS_PER_REQUEST = 100;
  private static final int MAX_ROUNDS_WITHOUT_PROGRESS = 8;

  private BatchReads() {}

  public static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      CapacityMeter meter) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    List<Map<String, AttributeValue>> pending = new ArrayList<>(keys.stream().distinct().toList());
    int stalled = 0;
    while (!pending.isEmpty()) {
      List<Map<String, AttributeValue>> chunk =
          List.copyOf(pending.subList(0, Math.min(KEYS_PER_REQUEST, pending.size())));
      pending = new ArrayList<>(pending.subList(chunk.size(), pending.size()));
      BatchGetItemResponse response =
          dynamo.batchGetItem(
              r ->
                  r.requestItems(
                          Map.of(
                              table,
                              KeysAndAttributes.builder().keys(chunk).consistentRead(true).build()))
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      response.consumedCapacity().forEach(c -> meter.read(units(c)));
      items.addAll(response.responses().getOrDefault(table, List.of()));
      KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
      if (unprocessed != null && !unprocessed.keys().isEmpty()) {
        stalled = unprocessed.keys().size() == chunk.size() ? stalled + 1 : 0;
        if (stalled == MAX_ROUNDS_WITHOUT_PROGRESS) {
          throw new IllegalStateException(
              "DynamoDB returned every key of "
                  + table
                  + " unprocessed "
                  + stalled
                  + " times in a row (throttled)");
        }
        pending.addAll(unprocessed.keys());
        backOff(stalled);
      }
    }
    return items;
  }

  public static double units(ConsumedCapacity capacity) {
    return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
  }

  private static void backOff(int round) {
    try {
      Thread.sleep(Math.min(1_000L, 25L << round));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off a throttled read", e);
    }
  }
}
