package io.adstream.state.aws;

import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A {@link VersionedStore} on a DynamoDB table: strongly consistent reads, version-conditioned
 * puts. An item whose mapping lets it spill is stored as parts when it outgrows one item ({@link
 * ItemParts}).
 */
public final class DynamoVersionedStore<K, V> implements VersionedStore<K, V> {
  static final String VERSION = "v";
  static final String FENCES = "f";

  private final DynamoDbClient dynamo;
  private final ItemMapping<K, V> mapping;
  private final CapacityMeter meter;

  public DynamoVersionedStore(
      DynamoDbClient dynamo, ItemMapping<K, V> mapping, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.mapping = mapping;
    this.meter = meter;
  }

  @Override
  public Map<K, Versioned<V>> read(Collection<K> keys) {
    Map<Map<String, AttributeValue>, K> byItemKey = new LinkedHashMap<>();
    keys.forEach(k -> byItemKey.put(mapping.key(k), k));
    Map<K, Versioned<V>> found = new HashMap<>();
    List<Map<String, AttributeValue>> items =
        BatchReads.get(dynamo, mapping.table(), new ArrayList<>(byItemKey.keySet()), meter);
    if (mapping.spill().isPresent()) {
      items = ItemParts.whole(dynamo, mapping.table(), items, mapping.spill().get().map(), meter);
    }
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> key = new HashMap<>();
      key.put(TableSpec.PARTITION_KEY, item.get(TableSpec.PARTITION_KEY));
      if (item.containsKey(TableSpec.SORT_KEY)) {
        key.put(TableSpec.SORT_KEY, item.get(TableSpec.SORT_KEY));
      }
      K k = byItemKey.get(key);
      if (k != null) {
        found.put(
            k,
            new Versioned<>(
                mapping.decode(item),
                Long.parseLong(item.get(VERSION).n()),
                StateJson.fences(item.get(FENCES))));
      }
    }
    return found;
  }

  @Override
  public boolean write(K key, long expectedVersion, Versioned<V> next) {
    Map<String, AttributeValue> item = new HashMap<>(mapping.encode(next.value()));
    item.putAll(mapping.key(key));
    item.put(VERSION, AttributeValue.fromN(Long.toString(next.version())));
    if (!next.fences().byShard().isEmpty()) {
      item.put(FENCES, StateJson.fences(next.fences()));
    }
    item.put(
        TableSpec.TTL_ATTRIBUTE,
        AttributeValue.fromN(Long.toString(mapping.expiresAt(key, next.value()))));
    String kind = CapacityMeter.itemKind(item.get(TableSpec.PARTITION_KEY).s());
    List<Map<String, AttributeValue>> items =
        ItemParts.split(item, mapping.spill())
            .orElseThrow(() -> new ItemRefusedException(mapping.table(), item));
    try {
      if (items.size() > 1) {
        return writeParts(items, expectedVersion, kind);
      }
      PutItemResponse response =
          dynamo.putItem(
              r ->
                  r.tableName(mapping.table())
                      .item(item)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                      .conditionExpression(condition(expectedVersion))
                      .expressionAttributeNames(conditionNames(expectedVersion))
                      .expressionAttributeValues(conditionValues(expectedVersion)));
      meter.wrote(mapping.table(), kind, BatchReads.units(response.consumedCapacity()));
      return true;
    } catch (ConditionalCheckFailedException e) {
      meter.wrote(
          mapping.table(),
          kind,
          1); // a failed condition still costs a write unit; the response does not say how many
      return false;
    } catch (DynamoDbException e) {
      if (e.awsErrorDetails() != null
          && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
        // DynamoDB's message names neither the item nor its size: the log must, to be acted on
        throw new ItemRefusedException(mapping.table(), item, e);
      }
      throw e;
    }
  }

  /**
   * An item too large for one, as its head and parts in one transaction, conditioned on the head's
   * version as a single put is. Another transaction on one of its items at the same moment (a
   * reader's, or a retried write's) is a conflict like a changed version: read again and retry.
   */
  private boolean writeParts(
      List<Map<String, AttributeValue>> items, long expectedVersion, String kind) {
    List<TransactWriteItem> puts = new ArrayList<>(items.size());
    puts.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(mapping.table())
                        .item(items.get(0))
                        .conditionExpression(condition(expectedVersion))
                        .expressionAttributeNames(conditionNames(expectedVersion))
                        .expressionAttributeValues(conditionValues(expectedVersion)))
            .build());
    items.stream()
        .skip(1)
        .forEach(
            part ->
                puts.add(
                    TransactWriteItem.builder()
                        .put(p -> p.tableName(mapping.table()).item(part))
                        .build()));
    try {
      TransactWriteItemsResponse response =
          dynamo.transactWriteItems(
              r -> r.transactItems(puts).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(
          mapping.table(),
          kind,
          response.consumedCapacity().stream().mapToDouble(BatchReads::units).sum());
      return true;
    } catch (TransactionCanceledException e) {
      boolean conflict =
          e.cancellationReasons().stream()
              .map(CancellationReason::code)
              .anyMatch(
                  code ->
                      "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
      if (!conflict) {
        throw e;
      }
      meter.wrote(mapping.table(), kind, 1);
      return false;
    }
  }

  private static String condition(long expectedVersion) {
    return expectedVersion == 0 ? "attribute_not_exists(#pk)" : "#v = :v";
  }

  private static Map<String, String> conditionNames(long expectedVersion) {
    return expectedVersion == 0 ? Map.of("#pk", TableSpec.PARTITION_KEY) : Map.of("#v", VERSION);
  }

  private static Map<String, AttributeValue> conditionValues(long expectedVersion) {
    return expectedVersion == 0
        ? null
        : Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion)));
  }

  /** DynamoDB refused to store an item as given, most often for its size (400 KB at most). */
  public static final class ItemRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ItemRefusedException(String table, Map<String, AttributeValue> item, DynamoDbException cause) {
      super(
          String.format(
              "DynamoDB refused item %s of table %s: %,d bytes by DynamoDB's sizing rules"
                  + " (the limit is 409,600): %s",
              keyOf(item), table, ItemSize.of(item), cause.awsErrorDetails().errorMessage()),
          cause);
    }

    /** An item that not even parts can hold: past what one transaction writes. */
    ItemRefusedException(String table, Map<String, AttributeValue> item) {
      super(
          String.format(
              "item %s of table %s is too large to store: %,d bytes by DynamoDB's sizing rules,"
                  + " more than its parts can hold (%,d bytes, what one transaction writes)",
              keyOf(item), table, ItemSize.of(item), ItemParts.MAX_ITEM_BYTES));
    }

    private static String keyOf(Map<String, AttributeValue> item) {
      return item.get(TableSpec.PARTITION_KEY).s()
          + " / "
          + (item.containsKey(TableSpec.SORT_KEY) ? item.get(TableSpec.SORT_KEY).s() : "-");
    }
  }
}
