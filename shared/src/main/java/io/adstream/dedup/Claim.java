package io.adstream.dedup;

import io.adstream.attribution.Decision;
import io.adstream.stream.SourcePosition;
import java.time.Instant;
import java.util.Objects;

/**
 * Who owns a dedup key, and what was decided when it was claimed. The decision is stored with the
 * claim so that a redelivery of the owning record replays it instead of deciding again against
 * state that has moved on since.
 *
 * @param fingerprint hash of the event's content without its event_id
 * @param owner the stream record that claimed the key
 * @param expiresAt after this the key may be claimed again; expired claims are ignored on read,
 *     whatever the table's TTL deletion lag
 */
public record Claim(
    String eventId,
    String fingerprint,
    SourcePosition owner,
    Instant eventTime,
    Instant expiresAt,
    Decision decision) {
  public Claim {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(decision, "decision");
  }

  public boolean isLive(Instant now) {
    return expiresAt.isAfter(now);
  }
}
