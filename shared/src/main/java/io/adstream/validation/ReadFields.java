package io.adstream.validation;

import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.CampaignUpdate.CampaignStatus;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Envelope;
import io.adstream.event.EventType;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.event.SemStats.MatchType;
import io.adstream.event.WireField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one record's fields held, slot per {@link WireField}, as {@link EventReader} read them. */
final class ReadFields implements EventReader.Reading {
  /** Marks a field sent as JSON null: present, but with no value. */
  static final Object JSON_NULL = new Object();

  private static final WireField[] FIELDS = WireField.values();

  final Object[] values = new Object[FIELDS.length];

  /** Whether the record holds any escape; without one no text can hold an unpaired surrogate. */
  final boolean hasEscapes;

  /** Whether the record is ASCII without escapes: {@link DecodeResult.Valid#plainText}. */
  final boolean plainText;

  final boolean maskedInput;
  final List<Reason> problems = new ArrayList<>(2);
  final List<Reason> unknownFields = new ArrayList<>(0);
  final List<String> unknownNames = new ArrayList<>(0);

  /** {@link WireField#bit}s of the known fields the record has. */
  long present;

  int position;

  ReadFields(boolean plainText, boolean hasEscapes, boolean maskedInput) {
    this.plainText = plainText;
    this.hasEscapes = hasEscapes;
    this.maskedInput = maskedInput;
  }

  void problem(Reason reason) {
    problems.add(reason);
  }

  void unknown(String name) {
    if (unknownNames.contains(name)) {
      return;
    }
    unknownNames.add(name);
    // a name is input too: one that could hold personal data is identified by its position instead
    unknownFields.add(
        EventReader.isEchoableName(name)
            ? Reason.of(ReasonCode.UNKNOWN_FIELD, name, "not a field of contract v1")
            : Reason.of(
                ReasonCode.UNKNOWN_FIELD,
                "#" + position,
                "field number "
                    + position
                    + " has a name that is not in contract v1 and is not a plain identifier"));
  }

  Optional<EventType> eventType() {
    return values[WireField.EVENT_TYPE.ordinal()] instanceof EventType type
        ? Optional.of(type)
        : Optional.empty();
  }

  DecodeResult.Invalid invalidWith(Reason reason) {
    return invalid(List.of(reason));
  }

  DecodeResult.Invalid invalid(List<Reason> reasons) {
    return new DecodeResult.Invalid(
        reasons,
        values[WireField.EVENT_ID.ordinal()] instanceof String id
            ? Optional.of(id)
            : Optional.empty(),
        eventType(),
        values[WireField.EVENT_TIME.ordinal()] instanceof Instant time
            ? Optional.of(time)
            : Optional.empty());
  }

  private String text(WireField field) {
    return (String) values[field.ordinal()];
  }

  private Optional<String> optionalText(WireField field) {
    return values[field.ordinal()] instanceof String text ? Optional.of(text) : Optional.empty();
  }

  private long amount(WireField field) {
    return (Long) values[field.ordinal()];
  }

  private Instant time(WireField field) {
    return (Instant) values[field.ordinal()];
  }

  AdEvent toEvent(EventType type) {
    Envelope envelope =
        new Envelope(
            text(WireField.EVENT_ID), type, time(WireField.EVENT_TIME), 1, text(WireField.SOURCE));
    return switch (type) {
      case IMPRESSION ->
          new Impression(
              envelope,
              text(WireField.IMPRESSION_ID),
              text(WireField.CAMPAIGN_ID),
              text(WireField.AD_ID),
              text(WireField.CREATIVE_ID),
              text(WireField.PLACEMENT_ID),
              text(WireField.USER_ID),
              text(WireField.DEVICE_ID),
              text(WireField.IP),
              text(WireField.USER_AGENT),
              amount(WireField.COST_MICROS),
              text(WireField.CURRENCY),
              text(WireField.COUNTRY));
      case CLICK ->
          new Click(
              envelope,
              text(WireField.CLICK_ID),
              optionalText(WireField.IMPRESSION_ID),
              text(WireField.CAMPAIGN_ID),
              text(WireField.AD_ID),
              text(WireField.USER_ID),
              text(WireField.DEVICE_ID),
              text(WireField.IP),
              text(WireField.USER_AGENT),
              amount(WireField.COST_MICROS),
              text(WireField.CURRENCY));
      case CONVERSION ->
          new Conversion(
              envelope,
              text(WireField.CONVERSION_ID),
              optionalText(WireField.CLICK_ID),
              text(WireField.USER_ID),
              text(WireField.DEVICE_ID),
              amount(WireField.VALUE_MICROS),
              text(WireField.CURRENCY),
              text(WireField.ORDER_ID),
              text(WireField.EMAIL));
      case CAMPAIGN_UPDATE ->
          new CampaignUpdate(
              envelope,
              text(WireField.CAMPAIGN_ID),
              text(WireField.ADVERTISER_ID),
              text(WireField.NAME),
              (CampaignStatus) values[WireField.STATUS.ordinal()],
              amount(WireField.DAILY_BUDGET_MICROS),
              text(WireField.CURRENCY));
      case SEM_STATS ->
          new SemStats(
              envelope,
              text(WireField.ENGINE),
              text(WireField.ACCOUNT_ID),
              text(WireField.CAMPAIGN_ID),
              text(WireField.AD_GROUP_ID),
              text(WireField.KEYWORD),
              (MatchType) values[WireField.MATCH_TYPE.ordinal()],
              time(WireField.PERIOD_START),
              time(WireField.PERIOD_END),
              amount(WireField.IMPRESSIONS),
              amount(WireField.CLICKS),
              amount(WireField.COST_MICROS),
              amount(WireField.CONVERSIONS),
              amount(WireField.CONVERSION_VALUE_MICROS),
              time(WireField.REPORT_TIME));
    };
  }
}
