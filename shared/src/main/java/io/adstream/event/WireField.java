package io.adstream.event;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every field name of contract v1 (docs/guarantees.md, event contract) with the kind of value it
 * holds. A field has one kind in every type it appears in; which fields a type has, in canonical
 * order, is {@link #fieldsOf(EventType)}.
 */
public enum WireField {
  EVENT_ID("event_id", Kind.ID),
  EVENT_TYPE("event_type", Kind.EVENT_TYPE),
  EVENT_TIME("event_time", Kind.TIME),
  SCHEMA_VERSION("schema_version", Kind.SCHEMA_VERSION),
  SOURCE("source", Kind.ID),
  IMPRESSION_ID("impression_id", Kind.ID),
  CLICK_ID("click_id", Kind.ID),
  CONVERSION_ID("conversion_id", Kind.ID),
  CAMPAIGN_ID("campaign_id", Kind.ID),
  ADVERTISER_ID("advertiser_id", Kind.ID),
  AD_ID("ad_id", Kind.ID),
  CREATIVE_ID("creative_id", Kind.ID),
  PLACEMENT_ID("placement_id", Kind.ID),
  USER_ID("user_id", Kind.TEXT),
  DEVICE_ID("device_id", Kind.TEXT),
  IP("ip", Kind.IP),
  USER_AGENT("user_agent", Kind.TEXT),
  NAME("name", Kind.TEXT),
  STATUS("status", Kind.CAMPAIGN_STATUS),
  COST_MICROS("cost_micros", Kind.MONEY),
  VALUE_MICROS("value_micros", Kind.MONEY),
  DAILY_BUDGET_MICROS("daily_budget_micros", Kind.MONEY),
  CURRENCY("currency", Kind.CURRENCY),
  COUNTRY("country", Kind.COUNTRY),
  ORDER_ID("order_id", Kind.ID),
  EMAIL("email", Kind.TEXT),
  ENGINE("engine", Kind.ID),
  ACCOUNT_ID("account_id", Kind.ID),
  AD_GROUP_ID("ad_group_id", Kind.ID),
  KEYWORD("keyword", Kind.TEXT),
  MATCH_TYPE("match_type", Kind.MATCH_TYPE),
  PERIOD_START("period_start", Kind.TIME),
  PERIOD_END("period_end", Kind.TIME),
  IMPRESSIONS("impressions", Kind.COUNT),
  CLICKS("clicks", Kind.COUNT),
  CONVERSIONS("conversions", Kind.COUNT),
  CONVERSION_VALUE_MICROS("conversion_value_micros", Kind.MONEY),
  REPORT_TIME("report_time", Kind.TIME);

  public enum Kind {
    /**
     * An identifier: {@link ContractBounds#ID_CHARACTERS}, at most {@link
     * ContractBounds#MAX_ID_LENGTH}.
     */
    ID,
    /** Free text or personal data, bounded by {@link ContractBounds#maxTextLength}. */
    TEXT,
    EVENT_TYPE,
    TIME,
    SCHEMA_VERSION,
    IP,
    CAMPAIGN_STATUS,
    MONEY,
    COUNT,
    CURRENCY,
    COUNTRY,
    MATCH_TYPE
  }

  public static final List<WireField> ENVELOPE =
      List.of(EVENT_ID, EVENT_TYPE, EVENT_TIME, SCHEMA_VERSION, SOURCE);

  private static final Map<String, WireField> BY_NAME = new HashMap<>();
  private static final Map<EventType, List<WireField>> PAYLOAD = new EnumMap<>(EventType.class);

  /**
   * Per type, the {@link #bit}s of its fields: which fields a record may not have is one AND away.
   */
  private static final Map<EventType, Long> ALLOWED = new EnumMap<>(EventType.class);

  static {
    for (WireField field : values()) {
      BY_NAME.put(field.wireName, field);
    }
    PAYLOAD.put(
        EventType.IMPRESSION,
        List.of(
            IMPRESSION_ID,
            CAMPAIGN_ID,
            AD_ID,
            CREATIVE_ID,
            PLACEMENT_ID,
            USER_ID,
            DEVICE_ID,
            IP,
            USER_AGENT,
            COST_MICROS,
            CURRENCY,
            COUNTRY));
    PAYLOAD.put(
        EventType.CLICK,
        List.of(
            CLICK_ID,
            IMPRESSION_ID,
            CAMPAIGN_ID,
            AD_ID,
            USER_ID,
            DEVICE_ID,
            IP,
            USER_AGENT,
            COST_MICROS,
            CURRENCY));
    PAYLOAD.put(
        EventType.CONVERSION,
        List.of(
            CONVERSION_ID, CLICK_ID, USER_ID, DEVICE_ID, VALUE_MICROS, CURRENCY, ORDER_ID, EMAIL));
    PAYLOAD.put(
        EventType.CAMPAIGN_UPDATE,
        List.of(CAMPAIGN_ID, ADVERTISER_ID, NAME, STATUS, DAILY_BUDGET_MICROS, CURRENCY));
    PAYLOAD.put(
        EventType.SEM_STATS,
        List.of(
            ENGINE,
            ACCOUNT_ID,
            CAMPAIGN_ID,
            AD_GROUP_ID,
            KEYWORD,
            MATCH_TYPE,
            PERIOD_START,
            PERIOD_END,
            IMPRESSIONS,
            CLICKS,
            COST_MICROS,
            CONVERSIONS,
            CONVERSION_VALUE_MICROS,
            REPORT_TIME));
    for (EventType type : EventType.values()) {
      long allowed = 0;
      for (WireField field : ENVELOPE) {
        allowed |= field.bit;
      }
      for (WireField field : PAYLOAD.get(type)) {
        allowed |= field.bit;
      }
      ALLOWED.put(type, allowed);
    }
  }

  private final String wireName;
  private final Kind kind;

  /** The name pre-encoded once, so the generator copies bytes instead of encoding it per event. */
  private final SerializedString serializedName;

  /** This field's bit in a set of fields kept in one long: there are fewer than 64 fields. */
  private final long bit;

  WireField(String wireName, Kind kind) {
    this.wireName = wireName;
    this.kind = kind;
    this.serializedName = new SerializedString(wireName);
    this.bit = 1L << ordinal();
  }

  public String wireName() {
    return wireName;
  }

  public Kind kind() {
    return kind;
  }

  public SerializedString serializedName() {
    return serializedName;
  }

  public long bit() {
    return bit;
  }

  public static Optional<WireField> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The payload fields of a type, in the canonical (docs/guarantees.md, event contract) order. */
  public static List<WireField> fieldsOf(EventType type) {
    return PAYLOAD.get(type);
  }

  /** The bits of the fields a type has. */
  public static long allowedIn(EventType type) {
    return ALLOWED.get(type);
  }

  /**
   * Whether a type may omit the field (or send JSON null): by contract only a click's impression_id
   * and a conversion's click_id.
   */
  public boolean optionalIn(EventType type) {
    return (this == IMPRESSION_ID && type == EventType.CLICK)
        || (this == CLICK_ID && type == EventType.CONVERSION);
  }
}
