package io.adstream.dedup;

import io.adstream.stream.SourcePosition;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Claims and join state: the port the stateful stage reads and commits through. */
public interface ClaimStore {

  /** Strongly consistent; keys never written come back unclaimed. */
  Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys);

  /**
   * Applies {@code write} atomically, if its conditions still hold at {@code now} (a claim expired
   * by then counts as unclaimed).
   *
   * @return the references parked on the claimed key when it was claimed, or {@link
   *     CommitResult.Lost} when a condition no longer held (another writer got there first)
   */
  CommitResult commit(ClaimWrite write, Instant now);

  /**
   * Marks a claimed click invalidated by the record at {@code by}, unless another record did first.
   * A click in both a device flood and an IP flood is moved to invalid once, by whichever flood
   * claims it first.
   *
   * @return the click's claim when the click is invalidated by {@code by} (also when {@code by} had
   *     done it before): what the retraction needs, its campaign, time and cost; empty when another
   *     record did it
   */
  Optional<Claim> invalidate(DedupKey click, SourcePosition by);

  sealed interface CommitResult {
    record Committed(Set<String> pendingAtClaim) implements CommitResult {}

    record Lost(String reason) implements CommitResult {}
  }
}
