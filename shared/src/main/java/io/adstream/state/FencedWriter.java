package io.adstream.state;

import io.adstream.stream.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Applies records' contributions to items exactly once, whatever redeliveries happen: each item
 * carries, per shard, the sequence number of the last record it includes (its fences), and the
 * proof of "already applied" is written in the same request as the effect. A whole, partial or
 * bisected redelivery of a batch skips what an item already includes and applies the rest.
 * Concurrent writers on the same item are serialized by the version condition: the loser re-reads
 * and re-applies.
 */
public final class FencedWriter<K, V, D> {
  /**
   * Runs each task at once on the caller's thread: writers given it apply items one after another,
   * without futures.
   */
  public static final Executor CALLING_THREAD = Runnable::run;

  private final VersionedStore<K, V> store;
  private final V empty;
  private final BiFunction<V, List<D>, V> apply;
  private final Executor executor;
  private final int maxAttempts;
  private final boolean writeOnlyChanges;

  private FencedWriter(Builder<K, V, D> builder) {
    this.store = Objects.requireNonNull(builder.store, "store");
    this.empty = Objects.requireNonNull(builder.empty, "empty");
    this.apply = Objects.requireNonNull(builder.apply, "apply (or applyAll)");
    this.executor = Objects.requireNonNull(builder.executor, "executor");
    this.maxAttempts = builder.maxAttempts;
    this.writeOnlyChanges = builder.writeOnlyChanges;
  }

  public static <K, V, D> Builder<K, V, D> builder() {
    return new Builder<>();
  }

  /**
   * Applies every contribution. Contributions to one item must come from records of one batch; they
   * are applied in the order listed, and the item's fence per shard moves to the highest record
   * among them (a later record may contribute a delta listed before an earlier one's). Returns each
   * item's value afterwards (stored, including what earlier deliveries of these records wrote).
   *
   * @throws ConcurrentUpdateException when an item kept changing under us for {@code maxAttempts}
   *     tries
   */
  public Map<K, V> apply(Map<K, List<Contribution<D>>> contributionsByItem) {
    return apply(contributionsByItem, Map.of());
  }

  /**
   * {@link #apply(Map)}, starting from items already read in this batch ({@code read}: every item
   * it holds as read, {@link Versioned#absent} for one found missing) instead of reading them
   * again. An item written since fails its version condition and is re-read, as with any concurrent
   * writer.
   */
  public Map<K, V> apply(
      Map<K, List<Contribution<D>>> contributionsByItem, Map<K, Versioned<V>> read) {
    if (contributionsByItem.isEmpty()) {
      return Map.of();
    }
    List<K> unread =
        contributionsByItem.keySet().stream().filter(key -> !read.containsKey(key)).toList();
    Map<K, Versioned<V>> stored = new HashMap<>(read);
    if (!unread.isEmpty()) {
      stored.putAll(store.read(unread));
    }
    if (executor == CALLING_THREAD || contributionsByItem.size() == 1) {
      // nothing to run side by side: no future, no hand-off
      Map<K, V> after = new java.util.LinkedHashMap<>();
      contributionsByItem.forEach(
          (key, contributions) ->
              after.put(
                  key,
                  applyToItem(
                      key, stored.getOrDefault(key, Versioned.absent(empty)), contributions)));
      return after;
    }
    Map<K, CompletableFuture<V>> writes = new java.util.LinkedHashMap<>();
    contributionsByItem.forEach(
        (key, contributions) ->
            writes.put(
                key,
                CompletableFuture.supplyAsync(
                    () ->
                        applyToItem(
                            key, stored.getOrDefault(key, Versioned.absent(empty)), contributions),
                    executor)));
    Map<K, V> after = new java.util.LinkedHashMap<>();
    try {
      writes.forEach((key, write) -> after.put(key, write.join()));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
    return after;
  }

  private V applyToItem(K key, Versioned<V> current, List<Contribution<D>> contributions) {
    for (int attempt = 1; ; attempt++) {
      List<D> deltas = new ArrayList<>(contributions.size());
      Map<String, SourcePosition> highestByShard = new HashMap<>();
      for (Contribution<D> contribution : contributions) {
        // judged against the fences as stored: one record may contribute several deltas to one item
        if (!current.fences().covers(contribution.position())) {
          deltas.add(contribution.delta());
          highestByShard.merge(
              contribution.position().shardId(),
              contribution.position(),
              (a, b) ->
                  SourcePosition.compareSequences(a.sequenceNumber(), b.sequenceNumber()) >= 0
                      ? a
                      : b);
        }
      }
      if (deltas.isEmpty()) {
        return current.value();
      }
      V value = apply.apply(current.value(), deltas);
      if (writeOnlyChanges && (value == current.value() || value.equals(current.value()))) {
        // the fences stay behind: applied again, the same contributions change nothing again
        return value;
      }
      Fences fences = current.fences();
      for (SourcePosition highest : highestByShard.values()) {
        fences = fences.advancedTo(highest);
      }
      Versioned<V> next = new Versioned<>(value, current.version() + 1, fences);
      if (store.write(key, current.version(), next)) {
        return value;
      }
      if (attempt == maxAttempts) {
        throw new ConcurrentUpdateException(key, maxAttempts);
      }
      current = store.read(List.of(key)).getOrDefault(key, Versioned.absent(empty));
    }
  }

  /** Another writer kept winning the race for an item. */
  public static final class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(Object key, int attempts) {
      super("item " + key + " changed under every one of " + attempts + " attempts to update it");
    }
  }

  public static final class Builder<K, V, D> {
    private VersionedStore<K, V> store;
    private V empty;
    private BiFunction<V, List<D>, V> apply;
    private Executor executor = CALLING_THREAD;
    private int maxAttempts = 8;
    private boolean writeOnlyChanges;

    private Builder() {}

    public Builder<K, V, D> store(VersionedStore<K, V> store) {
      this.store = store;
      return this;
    }

    /** The value of an item that does not exist yet. */
    public Builder<K, V, D> empty(V empty) {
      this.empty = empty;
      return this;
    }

    /** How one contribution changes a value. Must not mutate its argument. */
    public Builder<K, V, D> apply(BiFunction<V, D, V> apply) {
      Objects.requireNonNull(apply, "apply");
      this.apply =
          (value, deltas) -> {
            V next = value;
            for (D delta : deltas) {
              next = apply.apply(next, delta);
            }
            return next;
          };
      return this;
    }

    /**
     * How a batch's contributions to one item change its value, in stream order: for values that
     * are costly to copy once per contribution. Must not mutate its argument.
     */
    public Builder<K, V, D> applyAll(BiFunction<V, List<D>, V> applyAll) {
      this.apply = Objects.requireNonNull(applyAll, "applyAll");
      return this;
    }

    /** Where item updates run; items are independent, so they may run concurrently. */
    public Builder<K, V, D> executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Leaves an item alone when a batch's contributions do not change its value, rather than
     * writing it to move its fences: for values that absorb most contributions elsewhere (an hour
     * item whose open minute lives in the minute item). Safe because apply is a function: the same
     * contributions to the same value change nothing on a redelivery either.
     */
    public Builder<K, V, D> writeOnlyChanges() {
      this.writeOnlyChanges = true;
      return this;
    }

    public Builder<K, V, D> maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public FencedWriter<K, V, D> build() {
      return new FencedWriter<>(this);
    }
  }
}
