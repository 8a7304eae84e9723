package io.adstream.state.aws;

import java.util.Map;
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
}
