package io.adstream.validation;

import io.adstream.config.WindowSettings;
import io.adstream.event.AdEvent;
import io.adstream.event.EventWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads and writes the v1 wire format: one flat JSON object per record (docs/guarantees.md, event
 * contract). {@link #decode} reads ({@link EventReader}) and validates ({@link EventValidator}) one
 * record, reporting every problem it finds, never only the first; {@link #encode} writes the
 * canonical form ({@link EventWriter}). A codec is immutable and safe to share between threads.
 *
 * <pre>{@code
 * EventCodec codec = EventCodec.builder().futureTolerance(config.windows().futureTolerance()).build();
 * switch (codec.decode(record.data(), clock.instant())) {
 *   case DecodeResult.Valid valid -> process(valid.event());
 *   case DecodeResult.Invalid invalid -> quarantine(record, invalid);
 * }
 * }</pre>
 */
public final class EventCodec {
  /** The largest record the contract admits, in bytes. */
  public static final int MAX_RECORD_BYTES = 64 * 1024;

  private final EventValidator validator;
  private final boolean maskedInput;

  private EventCodec(Builder builder) {
    this.validator = new EventValidator(builder.futureTolerance);
    this.maskedInput = builder.maskedInput;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes and validates one record. A record over {@link #MAX_RECORD_BYTES} or not UTF-8 is not
   * read further and has that one reason; a record that breaks JSON syntax has {@code not_json}
   * alone; every other invalid record has every reason that applies.
   *
   * @param now the processor's clock, against which {@code future_event_time} is judged
   */
  public DecodeResult decode(byte[] bytes, Instant now) {
    return switch (EventReader.read(bytes, maskedInput)) {
      case EventReader.Unreadable unreadable -> unreadable.invalid();
      case ReadFields fields -> validator.validate(fields, now);
    };
  }

  /**
   * The canonical JSON of an event ({@link EventWriter#encode}): {@code decode(encode(e))} is
   * {@code e}.
   */
  public byte[] encode(AdEvent event) {
    return EventWriter.encode(event);
  }

  /** Builds an {@link EventCodec}. */
  public static final class Builder {
    private Duration futureTolerance = WindowSettings.defaults().futureTolerance();
    private boolean maskedInput;

    private Builder() {}

    /**
     * Decode events this pipeline already masked (replayed from the lake): {@code ip} must then
     * hold a PII token, never an address.
     */
    public Builder maskedInput(boolean maskedInput) {
      this.maskedInput = maskedInput;
      return this;
    }

    /** How far ahead of {@code now} an event time may be ({@code windows.futureTolerance}). */
    public Builder futureTolerance(Duration futureTolerance) {
      Objects.requireNonNull(futureTolerance, "futureTolerance");
      if (futureTolerance.isNegative()) {
        throw new IllegalArgumentException(
            "futureTolerance must not be negative, was " + futureTolerance);
      }
      this.futureTolerance = futureTolerance;
      return this;
    }

    public EventCodec build() {
      return new EventCodec(this);
    }
  }
}
