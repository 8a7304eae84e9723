package io.adstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes the v1 wire format (docs/guarantees.md, event contract): the canonical JSON of an event,
 * whole or as fields of a record that carries an event beside fields of its own. Stateless and
 * thread-safe.
 */
public final class EventWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private EventWriter() {}

  /**
   * The canonical JSON of an event: wire names, envelope first, then the payload in contract order,
   * absent optional fields left out, {@code event_time} in UTC with milliseconds. {@code
   * decode(encode(e))} is {@code e}.
   */
  public static byte[] encode(AdEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      writeFields(event, generator);
      generator.writeEndObject();
    } catch (JsonGenerationException e) {
      throw new IllegalArgumentException(
          "cannot encode " + event.type().wireName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes an event's fields, in canonical order, into an object the caller has opened: for records
   * that carry an event beside fields of their own, such as enriched records.
   */
  public static void writeFields(AdEvent event, JsonGenerator out) throws IOException {
    Envelope envelope = event.envelope();
    EventType type = typeOf(event);
    text(out, WireField.EVENT_ID, envelope.eventId());
    writeContent(event, type, out);
  }

  /**
   * The fields of {@link #writeFields} but {@code event_id}, in the same order: an event's content,
   * which its fingerprint hashes.
   */
  public static void writeContent(AdEvent event, JsonGenerator out) throws IOException {
    writeContent(event, typeOf(event), out);
  }

  private static EventType typeOf(AdEvent event) {
    EventType type =
        switch (event) {
          case Impression i -> EventType.IMPRESSION;
          case Click c -> EventType.CLICK;
          case Conversion c -> EventType.CONVERSION;
          case CampaignUpdate u -> EventType.CAMPAIGN_UPDATE;
          case SemStats s -> EventType.SEM_STATS;
        };
    if (event.envelope().type() != type) {
      throw new IllegalArgumentException(
          "a "
              + type.wireName()
              + " event has event_type "
              + event.envelope().type().wireName()
              + " in its envelope");
    }
    return type;
  }

  private static void writeContent(AdEvent event, EventType type, JsonGenerator out)
      throws IOException {
    Envelope envelope = event.envelope();
    text(out, WireField.EVENT_TYPE, type.wireName());
    time(out, WireField.EVENT_TIME, envelope.eventTime());
    number(out, WireField.SCHEMA_VERSION, envelope.schemaVersion());
    text(out, WireField.SOURCE, envelope.source());
    switch (event) {
      case Impression i -> {
        text(out, WireField.IMPRESSION_ID, i.impressionId());
        text(out, WireField.CAMPAIGN_ID, i.campaignId());
        text(out, WireField.AD_ID, i.adId());
        text(out, WireField.CREATIVE_ID, i.creativeId());
        text(out, WireField.PLACEMENT_ID, i.placementId());
        text(out, WireField.USER_ID, i.userId());
        text(out, WireField.DEVICE_ID, i.deviceId());
        text(out, WireField.IP, i.ip());
        text(out, WireField.USER_AGENT, i.userAgent());
        number(out, WireField.COST_MICROS, i.costMicros());
        text(out, WireField.CURRENCY, i.currency());
        text(out, WireField.COUNTRY, i.country());
      }
      case Click c -> {
        text(out, WireField.CLICK_ID, c.clickId());
        optionalText(out, WireField.IMPRESSION_ID, c.impressionId());
        text(out, WireField.CAMPAIGN_ID, c.campaignId());
        text(out, WireField.AD_ID, c.adId());
        text(out, WireField.USER_ID, c.userId());
        text(out, WireField.DEVICE_ID, c.deviceId());
        text(out, WireField.IP, c.ip());
        text(out, WireField.USER_AGENT, c.userAgent());
        number(out, WireField.COST_MICROS, c.costMicros());
        text(out, WireField.CURRENCY, c.currency());
      }
      case Conversion c -> {
        text(out, WireField.CONVERSION_ID, c.conversionId());
        optionalText(out, WireField.CLICK_ID, c.clickId());
        text(out, WireField.USER_ID, c.userId());
        text(out, WireField.DEVICE_ID, c.deviceId());
        number(out, WireField.VALUE_MICROS, c.valueMicros());
        text(out, WireField.CURRENCY, c.currency());
        text(out, WireField.ORDER_ID, c.orderId());
        text(out, WireField.EMAIL, c.email());
      }
      case CampaignUpdate u -> {
        text(out, WireField.CAMPAIGN_ID, u.campaignId());
        text(out, WireField.ADVERTISER_ID, u.advertiserId());
        text(out, WireField.NAME, u.name());
        text(out, WireField.STATUS, u.status().wireName());
        number(out, WireField.DAILY_BUDGET_MICROS, u.dailyBudgetMicros());
        text(out, WireField.CURRENCY, u.currency());
      }
      case SemStats s -> {
        text(out, WireField.ENGINE, s.engine());
        text(out, WireField.ACCOUNT_ID, s.accountId());
        text(out, WireField.CAMPAIGN_ID, s.campaignId());
        text(out, WireField.AD_GROUP_ID, s.adGroupId());
        text(out, WireField.KEYWORD, s.keyword());
        text(out, WireField.MATCH_TYPE, s.matchType().wireName());
        time(out, WireField.PERIOD_START, s.periodStart());
        time(out, WireField.PERIOD_END, s.periodEnd());
        number(out, WireField.IMPRESSIONS, s.impressions());
        number(out, WireField.CLICKS, s.clicks());
        number(out, WireField.COST_MICROS, s.costMicros());
        number(out, WireField.CONVERSIONS, s.conversions());
        number(out, WireField.CONVERSION_VALUE_MICROS, s.conversionValueMicros());
        time(out, WireField.REPORT_TIME, s.reportTime());
      }
    }
  }

  private static void text(JsonGenerator out, WireField field, String value) throws IOException {
    out.writeFieldName(field.serializedName());
    out.writeString(value);
  }

  private static void time(JsonGenerator out, WireField field, Instant time) throws IOException {
    out.writeFieldName(field.serializedName());
    Timestamps.writeValue(time, out);
  }

  private static void optionalText(JsonGenerator out, WireField field, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      text(out, field, value.get());
    }
  }

  private static void number(JsonGenerator out, WireField field, long value) throws IOException {
    out.writeFieldName(field.serializedName());
    out.writeNumber(value);
  }
}
