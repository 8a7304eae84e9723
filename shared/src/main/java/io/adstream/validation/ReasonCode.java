package io.adstream.validation;

/**
 * The kinds of reason a record is quarantined for. Codes marked {@code perField} name the offending
 * field after a colon, e.g. {@code missing_field:campaign_id}.
 */
public enum ReasonCode {
  NOT_JSON("not_json", false),
  NOT_UTF8("not_utf8", false),
  TOO_LARGE("too_large", false),
  MISSING_FIELD("missing_field", true),
  BAD_TYPE("bad_type", true),
  UNKNOWN_FIELD("unknown_field", true),
  UNKNOWN_EVENT_TYPE("unknown_event_type", false),
  BAD_TIME("bad_time", true),
  FUTURE_EVENT_TIME("future_event_time", false),
  NEGATIVE_MONEY("negative_money", true),
  /** Money above the contract's maximum for its event type. */
  MONEY_TOO_LARGE("money_too_large", true),
  /** A count above the contract's maximum. */
  COUNT_TOO_LARGE("count_too_large", true),
  /** Text longer than its field admits. */
  TOO_LONG("too_long", true),
  /** An id with a character outside the id characters. */
  BAD_ID("bad_id", true),
  /**
   * An id that holds a card number: ids are stored and served as they are, so they must carry no
   * personal data.
   */
  PERSONAL_DATA("personal_data", true),
  /**
   * A replay envelope that the replay tool did not produce (missing or wrong authentication code).
   */
  UNAUTHENTICATED_REPLAY("unauthenticated_replay", false),
  BAD_CURRENCY("bad_currency", false),
  UNSUPPORTED_SCHEMA_VERSION("unsupported_schema_version", false),
  /** Produced by dedup: a second record with a claimed id and a different payload. */
  ID_CONFLICT("id_conflict", false);

  private final String wireName;
  private final boolean perField;

  ReasonCode(String wireName, boolean perField) {
    this.wireName = wireName;
    this.perField = perField;
  }

  public String wireName() {
    return wireName;
  }

  public boolean perField() {
    return perField;
  }
}
