package io.adstream.validation;

import io.adstream.event.ContractBounds;
import io.adstream.event.EventType;
import io.adstream.event.WireField;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a whole record must hold, once {@link EventReader} has read its fields: the envelope and its
 * type's fields, none of another type's, money within its type's bounds, an event time not too far
 * ahead of the processor's clock, a search-ads period that ends after it starts.
 */
final class EventValidator {
  private static final WireField[] FIELDS = WireField.values();
  private static final Map<EventType, String> OWNERS = new EnumMap<>(EventType.class);

  static {
    for (EventType type : EventType.values()) {
      OWNERS.put(type, type.wireName() + " events");
    }
  }

  private final Duration futureTolerance;

  EventValidator(Duration futureTolerance) {
    this.futureTolerance = futureTolerance;
  }

  DecodeResult validate(ReadFields fields, Instant now) {
    List<Reason> reasons = fields.problems;
    for (WireField field : WireField.ENVELOPE) {
      check(fields, field, false, "every event", reasons);
    }
    Optional<EventType> type = fields.eventType();
    if (type.isPresent()) {
      String owner = OWNERS.get(type.get());
      for (WireField field : WireField.fieldsOf(type.get())) {
        check(fields, field, field.optionalIn(type.get()), owner, reasons);
        if (field.kind() == WireField.Kind.MONEY
            && fields.values[field.ordinal()] instanceof Long micros
            && micros > ContractBounds.maxMicros(type.get(), field.wireName())) {
          reasons.add(
              Reason.of(
                  ReasonCode.MONEY_TOO_LARGE,
                  field.wireName(),
                  "at most "
                      + ContractBounds.maxMicros(type.get(), field.wireName())
                      + " micros in "
                      + owner));
        }
      }
      for (long foreign = fields.present & ~WireField.allowedIn(type.get());
          foreign != 0;
          foreign &= foreign - 1) {
        WireField field = FIELDS[Long.numberOfTrailingZeros(foreign)];
        reasons.add(
            Reason.of(
                ReasonCode.UNKNOWN_FIELD,
                field.wireName(),
                "not a field of " + type.get().wireName() + " events"));
      }
    }
    reasons.addAll(fields.unknownFields);
    if (fields.values[WireField.EVENT_TIME.ordinal()] instanceof Instant eventTime
        && eventTime.isAfter(now)
        && Duration.between(now, eventTime).compareTo(futureTolerance) > 0) {
      reasons.add(
          Reason.of(
              ReasonCode.FUTURE_EVENT_TIME,
              "event_time is "
                  + Duration.between(now, eventTime).toMillis()
                  + " ms ahead of the processor's clock; at most "
                  + futureTolerance.toMillis()
                  + " ms are tolerated"));
    }
    if (type.equals(Optional.of(EventType.SEM_STATS))
        && fields.values[WireField.PERIOD_START.ordinal()] instanceof Instant start
        && fields.values[WireField.PERIOD_END.ordinal()] instanceof Instant end
        && !end.isAfter(start)) {
      reasons.add(
          Reason.of(
              ReasonCode.BAD_TIME,
              WireField.PERIOD_END.wireName(),
              "period_end must be after period_start"));
    }
    return reasons.isEmpty()
        ? new DecodeResult.Valid(fields.toEvent(type.get()), fields.plainText)
        : fields.invalid(reasons);
  }

  private static void check(
      ReadFields fields, WireField field, boolean optional, String owner, List<Reason> reasons) {
    Object value = fields.values[field.ordinal()];
    if (value == null && !optional) {
      reasons.add(Reason.of(ReasonCode.MISSING_FIELD, field.wireName(), "required in " + owner));
    } else if (value == ReadFields.JSON_NULL && !optional) {
      reasons.add(Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "must not be null in " + owner));
    } else if (value instanceof Reason reason) {
      reasons.add(reason);
    }
  }
}
