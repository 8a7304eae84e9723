package io.adstream.state;

import java.util.Objects;

/**
 * A stored value with its optimistic-concurrency version (0 = not stored yet) and the fences of the
 * records it includes.
 */
public record Versioned<V>(V value, long version, Fences fences) {
  public Versioned {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(fences, "fences");
  }

  public static <V> Versioned<V> absent(V empty) {
    return new Versioned<>(empty, 0, Fences.NONE);
  }

  public boolean isStored() {
    return version > 0;
  }
}
