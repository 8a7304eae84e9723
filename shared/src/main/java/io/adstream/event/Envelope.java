package io.adstream.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Fields every event carries.
 *
 * @param eventId producer-assigned, stable across producer retries
 * @param schemaVersion contract version; only 1 exists
 * @param source the producing system, e.g. "ad-server-eu1"
 */
public record Envelope(
    String eventId, EventType type, Instant eventTime, int schemaVersion, String source) {
  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(source, "source");
  }
}
