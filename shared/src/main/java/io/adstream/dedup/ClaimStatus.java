package io.adstream.dedup;

import io.adstream.stream.SourcePosition;
import java.time.Instant;
import java.util.Optional;

/** What a record is, given the claim stored on its key. */
public sealed interface ClaimStatus {

  /** Nobody holds the key: the record is new and claims it. */
  record Fresh() implements ClaimStatus {}

  /** The record itself holds the key: a redelivery of the same stream record, not a duplicate. */
  record Replay(Claim claim) implements ClaimStatus {}

  /** Another record holds the key with the same content. */
  record Duplicate(Claim winner) implements ClaimStatus {}

  /** Another record holds the key with different content: quarantined as id_conflict. */
  record Conflict(Claim winner) implements ClaimStatus {}

  static ClaimStatus of(
      Optional<Claim> stored, SourcePosition position, String fingerprint, Instant now) {
    if (stored.isEmpty() || !stored.get().isLive(now)) {
      return new Fresh();
    }
    Claim claim = stored.get();
    if (claim.owner().equals(position)) {
      return new Replay(claim);
    }
    return claim.fingerprint().equals(fingerprint) ? new Duplicate(claim) : new Conflict(claim);
  }
}
