package io.adstream.state.aws;

import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * A {@link VersionedStore} on a DynamoDB table: strongly consistent reads, version-conditioned
 * puts.
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
    for (Map<String, AttributeValue> item :
        BatchReads.get(dynamo, mapping.table(), new ArrayList<>(byItemKey.keySet()), meter)) {
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
    try {
      PutItemResponse response =
          dynamo.putItem(
              r -> {
                r.tableName(mapping.table())
                    .item(item)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                if (expectedVersion == 0) {
                  r.conditionExpression("attribute_not_exists(#pk)")
                      .expressionAttributeNames(Map.of("#pk", TableSpec.PARTITION_KEY));
                } else {
                  r.conditionExpression("#v = :v")
                      .expressionAttributeNames(Map.of("#v", VERSION))
                      .expressionAttributeValues(
                          Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion))));
                }
              });
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

  /** DynamoDB refused to store an item as given, most often for its size (400 KB at most). */
  public static final class ItemRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ItemRefusedException(String table, Map<String, AttributeValue> item, DynamoDbException cause) {
      super(
          String.format(
              "DynamoDB refused item %s / %s of table %s: %,d bytes by DynamoDB's sizing rules"
                  + " (the limit is 409,600): %s",
              item.get(TableSpec.PARTITION_KEY).s(),
              item.containsKey(TableSpec.SORT_KEY) ? item.get(TableSpec.SORT_KEY).s() : "-",
              table,
              ItemSize.of(item),
              cause.awsErrorDetails().errorMessage()),
          cause);
    }
  }
}
