package io.adstream.validation;

import io.adstream.event.AdEvent;
import io.adstream.event.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link EventCodec#decode} made of one record: an event, or every reason it is not one. */
public sealed interface DecodeResult {

  /**
   * @param plainText every string of the event is printable ASCII without a quote or a backslash,
   *     as the record's bytes were: a writer may copy the strings without escaping them
   */
  record Valid(AdEvent event, boolean plainText) implements DecodeResult {
    public Valid {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * A record that is not a valid event, with every reason found and whatever identity could still
   * be read, so that its quarantine record can be found by event id, type and time.
   */
  record Invalid(
      List<Reason> reasons,
      Optional<String> eventId,
      Optional<EventType> eventType,
      Optional<Instant> eventTime)
      implements DecodeResult {
    public Invalid {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("an invalid record needs at least one reason");
      }
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(eventType, "eventType");
      Objects.requireNonNull(eventTime, "eventTime");
    }

    /** A record of which nothing could be read: no id, type or time to file it under. */
    public static Invalid alone(Reason reason) {
      return new Invalid(List.of(reason), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A decoded event rejected by a later stage, e.g. dedup with {@code id_conflict}. */
    public static Invalid of(AdEvent event, Reason reason) {
      return new Invalid(
          List.of(reason),
          Optional.of(event.eventId()),
          Optional.of(event.type()),
          Optional.of(event.eventTime()));
    }
  }
}
