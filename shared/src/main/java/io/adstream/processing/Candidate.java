package io.adstream.processing;

import io.adstream.event.AdEvent;
import io.adstream.stream.SourcePosition;
import io.adstream.stream.SourceRecord;
import java.util.Objects;

/**
 * A record that decoded, validated and was masked: ready for the stateful stage.
 *
 * @param index the record's position in its batch
 * @param event the masked event: tokens in place of PII
 * @param fingerprint hash of the event's content without its event_id, computed before masking so that
 *     a key rotation does not turn a producer retry into a conflict
 * @param replayed put again from the lake by an operator, not sent by a producer
 */
public record Candidate(int index, SourceRecord source, AdEvent event, String fingerprint, boolean replayed) {
  public Candidate {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  public SourcePosition position() {
    return source.position();
  }
}
