package io.adstream.processing;

import io.adstream.event.AdEvent;
import io.adstream.pii.MaskedEvent;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.stream.SourceRecord;
import java.util.Objects;

/**
 * One stream record as the processor carries it through a batch: rejected on arrival, or ready for
 * the stateful stage, which answers for each ready record by the record itself.
 */
public sealed interface InputRecord {
  SourceRecord source();

  /** Not a valid event, or a replay envelope that did not open: quarantined as it came. */
  record Rejected(SourceRecord source, QuarantineRecord quarantined) implements InputRecord {
    public Rejected {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(quarantined, "quarantined");
    }
  }

  /**
   * Decoded, validated and masked.
   *
   * @param raw the event as decoded: for a replayed lake event, as it was masked then
   * @param masked the event with tokens in place of PII: what the stage decides on and the lake
   *     receives
   * @param fingerprint hash of the event's content without its event_id, computed before masking so
   *     that a key rotation does not turn a producer retry into a conflict
   * @param replayed put again from the lake by an operator, not sent by a producer
   * @param plainText decoded from plain text ({@code DecodeResult.Valid}): its lake line is written
   *     without escaping
   */
  record Ready(
      SourceRecord source,
      AdEvent raw,
      MaskedEvent masked,
      String fingerprint,
      boolean replayed,
      boolean plainText)
      implements InputRecord, StatefulStage.Input {
    public Ready {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(raw, "raw");
      Objects.requireNonNull(masked, "masked");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }

    @Override
    public AdEvent event() {
      return masked.event();
    }

    /**
     * The hash of the source's sequence number: the stage and the processor key maps by the record,
     * and the generated hash would hash every field of both events, raw and masked, and of the
     * source, each time. The records of a batch, one shard's, differ by sequence number; equal
     * records still have equal hashes.
     */
    @Override
    public int hashCode() {
      return source.sequenceNumber().hashCode();
    }
  }
}
