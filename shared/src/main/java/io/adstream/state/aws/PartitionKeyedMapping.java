package io.adstream.state.aws;

import io.adstream.config.TableSpec;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item keyed by its partition key alone: what most capabilities' items are. */
public abstract class PartitionKeyedMapping<K, V> implements ItemMapping<K, V> {
  private final String table;
  private final Function<K, String> partitionKey;

  protected PartitionKeyedMapping(String table, Function<K, String> partitionKey) {
    this.table = Objects.requireNonNull(table, "table");
    this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
  }

  @Override
  public final String table() {
    return table;
  }

  @Override
  public final Map<String, AttributeValue> key(K key) {
    return Map.of(TableSpec.PARTITION_KEY, AttributeValue.fromS(partitionKey.apply(key)));
  }
}
