package io.adstream.dedup;

import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import java.util.Objects;

/**
 * The key an event claims (docs/semantics.md): the business id where the type has one, so that the
 * claim item of an impression or a click is also the join state a later click or conversion looks
 * up — one write per event, not two — and the event_id otherwise.
 */
public record DedupKey(String value) {
  public DedupKey {
    Objects.requireNonNull(value, "value");
  }

  public static DedupKey of(AdEvent event) {
    return switch (event) {
      case Impression i -> impression(i.impressionId());
      case Click c -> click(c.clickId());
      case Conversion c -> new DedupKey("cnv#" + c.conversionId());
      case CampaignUpdate u -> new DedupKey("evt#" + u.eventId());
      case SemStats s -> new DedupKey("evt#" + s.eventId());
    };
  }

  public static DedupKey impression(String impressionId) {
    return new DedupKey("imp#" + impressionId);
  }

  public static DedupKey click(String clickId) {
    return new DedupKey("clk#" + clickId);
  }
}
