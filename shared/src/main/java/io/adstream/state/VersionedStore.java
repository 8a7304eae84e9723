package io.adstream.state;

import java.util.Collection;
import java.util.Map;

/**
 * A table of versioned items. Reads are strongly consistent; a write succeeds only on the expected
 * version.
 */
public interface VersionedStore<K, V> {

  /** The stored items among {@code keys}; absent keys are absent from the result. */
  Map<K, Versioned<V>> read(Collection<K> keys);

  /**
   * Stores {@code next} (whose version is {@code expectedVersion + 1}) if the item's version is
   * still {@code expectedVersion} (0: the item must not exist).
   *
   * @return false when another writer got there first
   */
  boolean write(K key, long expectedVersion, Versioned<V> next);
}
