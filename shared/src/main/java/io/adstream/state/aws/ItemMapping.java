package io.adstream.state.aws;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How one kind of versioned item is laid out in its table. */
public interface ItemMapping<K, V> {
  String table();

  /** The item's primary key attributes. */
  Map<String, AttributeValue> key(K key);

  /** The value's attributes (not the key, version, fences or TTL, which the store writes). */
  Map<String, AttributeValue> encode(V value);

  V decode(Map<String, AttributeValue> item);

  /** When the item may be deleted, in epoch seconds. */
  long expiresAt(K key, V value);

  /**
   * How the item is divided over several items when it grows too large for one ({@link ItemParts});
   * empty when it must fit one.
   */
  default Optional<ItemParts.Spill> spill() {
    return Optional.empty();
  }
}
