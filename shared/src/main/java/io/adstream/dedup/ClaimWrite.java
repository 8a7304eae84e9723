package io.adstream.dedup;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The writes that commit one fresh record's claim and decision, applied atomically: either all of
 * them or none. Once committed, a redelivery of the record (the claim's owner) replays the
 * decision.
 */
public sealed interface ClaimWrite {
  DedupKey key();

  Claim claim();

  /**
   * Every item this write touches or whose in-batch state its decision read: writes sharing one run
   * in order.
   */
  Set<String> touchedKeys();

  /**
   * A claim on its own: impressions, campaign updates, search-ads rows. Wins only if the key is
   * unclaimed.
   */
  record Standalone(DedupKey key, Claim claim) implements ClaimWrite {
    @Override
    public Set<String> touchedKeys() {
      return Set.of(key.value());
    }

    /** See {@link ClaimWrite#hashOf}. */
    @Override
    public int hashCode() {
      return hashOf(this);
    }
  }

  /**
   * A click's or conversion's claim, with the join it parks on a key nobody has claimed yet, both
   * or neither. Wins only if the key is unclaimed and still holds exactly the parked references its
   * decision saw (references are only ever added, so an unchanged count means an unchanged set),
   * and the parked-on key is still unclaimed.
   */
  record Joined(
      DedupKey key,
      Claim claim,
      Set<String> pendingSeen,
      Optional<DedupKey> readJoinKey,
      Optional<PendingMarker> marker)
      implements ClaimWrite {
    public Joined {
      pendingSeen = Set.copyOf(pendingSeen);
    }

    @Override
    public Set<String> touchedKeys() {
      Set<String> keys = new LinkedHashSet<>();
      keys.add(key.value());
      readJoinKey.ifPresent(k -> keys.add(k.value()));
      marker.ifPresent(m -> keys.add(m.target().value()));
      return keys;
    }

    /** See {@link ClaimWrite#hashOf}. */
    @Override
    public int hashCode() {
      return hashOf(this);
    }
  }

  /**
   * The hash of a write's key: the processor and the committer key maps by the write, and the
   * generated hash would hash the whole claim, its decision included, each time. The writes of a
   * batch differ by key; equal writes still have equal hashes.
   */
  private static int hashOf(ClaimWrite write) {
    return write.key().hashCode();
  }

  /** A reference parked on a key nobody has claimed yet. */
  record PendingMarker(DedupKey target, String reference) {}
}
