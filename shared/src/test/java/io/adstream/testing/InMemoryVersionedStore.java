package io.adstream.testing;

import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link VersionedStore} in memory, with the same conditional-write semantics as the DynamoDB
 * one.
 */
public final class InMemoryVersionedStore<K, V> implements VersionedStore<K, V> {
  private final Map<K, Versioned<V>> items = new ConcurrentHashMap<>();
  private final AtomicBoolean failNextWrite = new AtomicBoolean();

  @Override
  public Map<K, Versioned<V>> read(Collection<K> keys) {
    Map<K, Versioned<V>> found = new HashMap<>();
    for (K key : keys) {
      Versioned<V> item = items.get(key);
      if (item != null) {
        found.put(key, item);
      }
    }
    return found;
  }

  @Override
  public synchronized boolean write(K key, long expectedVersion, Versioned<V> next) {
    if (failNextWrite.getAndSet(false)) {
      throw new IllegalStateException("injected: the process crashed before writing " + key);
    }
    Versioned<V> current = items.get(key);
    long version = current == null ? 0 : current.version();
    if (version != expectedVersion) {
      return false;
    }
    items.put(key, next);
    return true;
  }

  /** The next write throws, writing nothing: a crash between a batch's writes. */
  public void failNextWrite() {
    failNextWrite.set(true);
  }

  public Map<K, Versioned<V>> snapshot() {
    return Map.copyOf(items);
  }
}
