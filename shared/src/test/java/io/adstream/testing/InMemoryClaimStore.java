package io.adstream.testing;

import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.stream.SourcePosition;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ClaimStore} in memory: every commit is atomic and checks the same conditions as
 * DynamoDB's.
 */
public final class InMemoryClaimStore implements ClaimStore {
  private final Map<DedupKey, ClaimItem> claims = new HashMap<>();

  @Override
  public synchronized Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys) {
    Map<DedupKey, ClaimItem> found = new HashMap<>();
    keys.forEach(key -> found.put(key, claims.getOrDefault(key, ClaimItem.unclaimed(key))));
    return found;
  }

  @Override
  public synchronized CommitResult commit(ClaimWrite write, Instant now) {
    ClaimItem own = claims.getOrDefault(write.key(), ClaimItem.unclaimed(write.key()));
    if (claimedAt(own, now)) {
      return new CommitResult.Lost("key " + write.key().value() + " is claimed");
    }
    if (write instanceof ClaimWrite.Joined joined) {
      if (!own.pending().equals(joined.pendingSeen())) {
        return new CommitResult.Lost("references parked on " + write.key().value() + " changed");
      }
      if (joined.marker().isPresent()
          && claimedAt(
              claims.getOrDefault(
                  joined.marker().get().target(),
                  ClaimItem.unclaimed(joined.marker().get().target())),
              now)) {
        return new CommitResult.Lost(
            "key " + joined.marker().get().target().value() + " was claimed meanwhile");
      }
      joined
          .marker()
          .ifPresent(
              marker ->
                  claims.put(
                      marker.target(),
                      claims
                          .getOrDefault(marker.target(), ClaimItem.unclaimed(marker.target()))
                          .withPending(marker.reference())));
    }
    claims.put(write.key(), own.claimedBy(write.claim()));
    return new CommitResult.Committed(own.pending());
  }

  private final Map<DedupKey, SourcePosition> invalidatedBy = new HashMap<>();

  @Override
  public synchronized Optional<Claim> invalidate(DedupKey click, SourcePosition by) {
    Optional<Claim> claim = claim(click);
    return claim.filter(c -> invalidatedBy.computeIfAbsent(click, k -> by).equals(by));
  }

  private static boolean claimedAt(ClaimItem item, Instant now) {
    return item.claim().filter(c -> c.isLive(now)).isPresent();
  }

  public synchronized Optional<Claim> claim(DedupKey key) {
    return Optional.ofNullable(claims.get(key)).flatMap(ClaimItem::claim);
  }
}
