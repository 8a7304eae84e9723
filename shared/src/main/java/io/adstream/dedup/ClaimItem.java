package io.adstream.dedup;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An item of the claims table: the claim on a key, if any, and the references that joins parked on
 * the key before it was claimed (a click waiting for its impression, a conversion waiting for its
 * click).
 */
public record ClaimItem(DedupKey key, Optional<Claim> claim, Set<String> pending) {
  public ClaimItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(claim, "claim");
    pending = Set.copyOf(pending);
  }

  public static ClaimItem unclaimed(DedupKey key) {
    return new ClaimItem(key, Optional.empty(), Set.of());
  }

  public ClaimItem claimedBy(Claim owner) {
    return new ClaimItem(key, Optional.of(owner), pending);
  }

  public ClaimItem withPending(String reference) {
    java.util.HashSet<String> next = new java.util.HashSet<>(pending);
    next.add(reference);
    return new ClaimItem(key, claim, next);
  }
}
