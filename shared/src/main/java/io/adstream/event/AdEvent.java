package io.adstream.event;

import java.time.Instant;

/**
 * One event of contract v1 (docs/guarantees.md, event contract). Money is integer micros; optional
 * fields are {@link java.util.Optional}.
 */
public sealed interface AdEvent permits Impression, Click, Conversion, CampaignUpdate, SemStats {
  Envelope envelope();

  default String eventId() {
    return envelope().eventId();
  }

  default EventType type() {
    return envelope().type();
  }

  default Instant eventTime() {
    return envelope().eventTime();
  }
}
