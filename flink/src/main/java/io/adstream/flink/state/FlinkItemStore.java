package io.adstream.flink.state;

import io.adstream.config.TableSpec;
import io.adstream.state.Fences;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import io.adstream.state.aws.ItemMapping;
import io.adstream.state.aws.StateJson;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link VersionedStore} in Flink keyed state, laid out by the same {@link ItemMapping} as the
 * DynamoDB table: an entry is the item the table would hold (key, value attributes, version,
 * fences, TTL). Flink's checkpoints make its reads and writes exactly-once; the version check
 * stays, so the stage's code path is the Lambda one.
 */
public final class FlinkItemStore<K, V> implements VersionedStore<K, V> {
  static final String VERSION = "v";
  static final String FENCES = "f";

  private final MapState<String, String> items;
  private final ItemMapping<K, V> mapping;
  private final ItemChanges changes;

  public FlinkItemStore(
      MapState<String, String> items, ItemMapping<K, V> mapping, ItemChanges changes) {
    this.items = items;
    this.mapping = mapping;
    this.changes = changes;
  }

  @Override
  public Map<K, Versioned<V>> read(Collection<K> keys) {
    Map<K, Versioned<V>> found = new HashMap<>();
    for (K key : keys) {
      String stored = get(stateKey(key));
      if (stored != null) {
        Map<String, AttributeValue> item = ItemJson.read(stored);
        Fences fences = item.containsKey(FENCES) ? StateJson.fences(item.get(FENCES)) : Fences.NONE;
        found.put(
            key,
            new Versioned<>(mapping.decode(item), Long.parseLong(item.get(VERSION).n()), fences));
      }
    }
    return found;
  }

  @Override
  public boolean write(K key, long expectedVersion, Versioned<V> next) {
    String stateKey = stateKey(key);
    String stored = get(stateKey);
    long version = stored == null ? 0 : Long.parseLong(ItemJson.read(stored).get(VERSION).n());
    if (version != expectedVersion) {
      return false;
    }
    Map<String, AttributeValue> item = new TreeMap<>(mapping.key(key));
    item.putAll(mapping.encode(next.value()));
    item.put(VERSION, AttributeValue.fromN(Long.toString(next.version())));
    if (!next.fences().byShard().isEmpty()) {
      item.put(FENCES, StateJson.fences(next.fences()));
    }
    item.put(
        TableSpec.TTL_ATTRIBUTE,
        AttributeValue.fromN(Long.toString(mapping.expiresAt(key, next.value()))));
    try {
      items.put(stateKey, ItemJson.write(item));
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + stateKey + " to Flink state", e);
    }
    changes.changed(mapping.table(), item);
    return true;
  }

  private String stateKey(K key) {
    return ItemJson.write(mapping.key(key));
  }

  private String get(String stateKey) {
    try {
      return items.get(stateKey);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + stateKey + " from Flink state", e);
    }
  }
}
