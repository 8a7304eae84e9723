package io.adstream.landing;

import com.fasterxml.jackson.core.JsonGenerator;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionEvent.ClickAttribution;
import io.adstream.attribution.AttributionEvent.ClickInvalidation;
import io.adstream.attribution.AttributionEvent.ConversionAttribution;
import io.adstream.event.JsonObjectStream;
import io.adstream.event.Timestamps;
import io.adstream.pii.MaskedEvent;
import io.adstream.stream.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON lines the processor lands. Every line carries {@code event_type} and an RFC 3339 UTC
 * time the delivery streams partition on ({@code event_time}; quarantine lines: {@code
 * source.arrival_time}), and the ids a reader deduplicates by.
 *
 * <p>Enriched: the masked event's canonical fields, {@code ip_prefix}, {@code pii_redacted}, then
 * {@code late}, {@code invalid} (clicks), {@code fingerprint} (of the original content, for
 * replay), and where it came from: {@code shard_id}, {@code sequence_number}, {@code arrival_time}.
 *
 * <p>Attribution: {@code event_type} {@code click_attribution} or {@code conversion_attribution},
 * the click's or conversion's {@code event_time} and id, {@code outcome}, and the join's ids.
 *
 * <p>Lines are written one after another into one buffer by one generator, each copied out once:
 * not thread-safe, one per processor.
 */
public final class LandingLines {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final JsonObjectStream objects = new JsonObjectStream(line);

  /**
   * @param invalid for clicks, whether the click was judged invalid (not billable)
   * @param plainText the event was decoded from plain text ({@code DecodeResult.Valid}): its
   *     strings, and the tokens and redactions masking put in, are written unescaped
   */
  public byte[] enriched(
      MaskedEvent event,
      SourceRecord source,
      boolean late,
      Optional<Boolean> invalid,
      String fingerprint,
      boolean plainText) {
    return write(
        out -> {
          JsonObjectStream.plain(out, plainText, event::writeFields);
          out.writeBooleanField("late", late);
          if (invalid.isPresent()) {
            out.writeBooleanField("invalid", invalid.get());
          }
          out.writeStringField("fingerprint", fingerprint);
          out.writeStringField("shard_id", source.shardId());
          out.writeStringField("sequence_number", source.sequenceNumber());
          time(out, "arrival_time", source.arrivalTime());
        });
  }

  public byte[] attribution(AttributionEvent event) {
    return write(
        out -> {
          switch (event) {
            case ClickAttribution click -> {
              out.writeStringField("event_type", "click_attribution");
              time(out, "event_time", click.eventTime());
              out.writeStringField("click_id", click.clickId());
              out.writeStringField("campaign_id", click.campaignId());
              out.writeStringField("outcome", lower(click.outcome()));
              optional(out, "impression_id", click.impressionId());
              optional(out, "orphan_reason", click.orphanReason().map(LandingLines::lower));
            }
            case ClickInvalidation invalidation -> {
              out.writeStringField("event_type", "click_invalidation");
              time(out, "event_time", invalidation.eventTime());
              out.writeStringField("click_id", invalidation.clickId());
              out.writeStringField("campaign_id", invalidation.campaignId());
              out.writeNumberField("cost_micros", invalidation.costMicros());
              out.writeStringField("rule", invalidation.rule());
            }
            case ConversionAttribution conversion -> {
              out.writeStringField("event_type", "conversion_attribution");
              time(out, "event_time", conversion.eventTime());
              out.writeStringField("conversion_id", conversion.conversionId());
              out.writeNumberField("value_micros", conversion.valueMicros());
              out.writeStringField("outcome", lower(conversion.outcome()));
              optional(out, "method", conversion.method().map(LandingLines::lower));
              optional(out, "click_id", conversion.clickId());
              if (conversion.clickTime().isPresent()) {
                time(out, "click_time", conversion.clickTime().get());
              }
              optional(out, "campaign_id", conversion.campaignId());
              optional(out, "previous_campaign_id", conversion.previousCampaignId());
            }
          }
        });
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static void time(JsonGenerator out, String name, Instant time) throws IOException {
    out.writeFieldName(name);
    Timestamps.writeValue(time, out);
  }

  private static void optional(JsonGenerator out, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      out.writeStringField(name, value.get());
    }
  }

  private byte[] write(JsonObjectStream.Fields fields) {
    line.reset(); // also drops what a failed line left
    objects.write(fields);
    return line.toByteArray();
  }
}
