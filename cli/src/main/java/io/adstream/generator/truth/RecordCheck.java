package io.adstream.generator.truth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.generator.Utf8;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decodes and validates one record against event contract v1, independently of the pipeline's
 * codec.
 *
 * <p>Rules, in order: bytes that are not UTF-8 are {@code not_utf8}; anything but exactly one JSON
 * object is {@code not_json}. The envelope is always checked. The payload is checked only when the
 * event type is known and the schema version is 1 (otherwise the record's schema is unknown and the
 * reason is {@code unknown_event_type} or {@code unsupported_schema_version}). A JSON null counts
 * as a missing field; a value outside an enumeration (status, match_type), a negative count and a
 * time that is neither RFC 3339 text nor an integer are {@code bad_type}. Every reason found is
 * reported, envelope first (with {@code future_event_time}), then payload fields in contract order,
 * then unknown fields in document order. Ids, text, money, counts and times are bounded as the
 * contract bounds them (ids of letters, digits and {@code . _ : -}, at most 128; money at most a
 * maximum per type; times from 2000); a card number inside an id, which the pipeline also
 * quarantines, is not looked for here.
 */
final class RecordCheck {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toSet());

  private enum Kind {
    TEXT,
    /** Any JSON integer that fits a long. */
    INTEGER,
    /** A non-negative integer count. */
    COUNT,
    /** A non-negative integer amount of micros. */
    MONEY,
    CURRENCY,
    /** RFC 3339 text or epoch-millisecond integer. */
    TIME,
    STATUS,
    MATCH_TYPE
  }

  private record Field(String name, Kind kind, boolean required) {}

  private static final List<Field> ENVELOPE =
      List.of(
          text("event_id"),
          text("event_type"),
          new Field("event_time", Kind.TIME, true),
          new Field("schema_version", Kind.INTEGER, true),
          text("source"));

  private static final Map<String, List<Field>> PAYLOADS =
      Map.of(
          "impression",
          List.of(
              text("impression_id"),
              text("campaign_id"),
              text("ad_id"),
              text("creative_id"),
              text("placement_id"),
              text("user_id"),
              text("device_id"),
              text("ip"),
              text("user_agent"),
              money("cost_micros"),
              currency(),
              text("country")),
          "click",
          List.of(
              text("click_id"),
              new Field("impression_id", Kind.TEXT, false),
              text("campaign_id"),
              text("ad_id"),
              text("user_id"),
              text("device_id"),
              text("ip"),
              text("user_agent"),
              money("cost_micros"),
              currency()),
          "conversion",
          List.of(
              text("conversion_id"),
              new Field("click_id", Kind.TEXT, false),
              text("user_id"),
              text("device_id"),
              money("value_micros"),
              currency(),
              text("order_id"),
              text("email")),
          "campaign_update",
          List.of(
              text("campaign_id"),
              text("advertiser_id"),
              text("name"),
              new Field("status", Kind.STATUS, true),
              money("daily_budget_micros"),
              currency()),
          "sem_stats",
          List.of(
              text("engine"),
              text("account_id"),
              text("campaign_id"),
              text("ad_group_id"),
              text("keyword"),
              new Field("match_type", Kind.MATCH_TYPE, true),
              new Field("period_start", Kind.TIME, true),
              new Field("period_end", Kind.TIME, true),
              count("impressions"),
              count("clicks"),
              money("cost_micros"),
              count("conversions"),
              money("conversion_value_micros"),
              new Field("report_time", Kind.TIME, true)));

  /** Ids: 1-128 of letters, digits, '.', '_', ':' and '-' (contract v1 bounds). */
  private static final Set<String> IDS =
      Set.of(
          "event_id",
          "source",
          "impression_id",
          "click_id",
          "conversion_id",
          "campaign_id",
          "advertiser_id",
          "ad_id",
          "creative_id",
          "placement_id",
          "order_id",
          "engine",
          "account_id",
          "ad_group_id");

  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Longest free text and personal values, in code points. */
  private static final Map<String, Integer> TEXT_MAX =
      Map.of(
          "user_id",
          256,
          "device_id",
          256,
          "email",
          254,
          "user_agent",
          2048,
          "name",
          256,
          "keyword",
          256);

  /** Money maxima in micros per event type and field. */
  private static final Map<String, Long> MONEY_MAX =
      Map.of(
          "impression.cost_micros",
          1_000_000_000L,
          "click.cost_micros",
          10_000_000_000L,
          "conversion.value_micros",
          10_000_000_000_000L,
          "campaign_update.daily_budget_micros",
          1_000_000_000_000_000L,
          "sem_stats.cost_micros",
          1_000_000_000_000_000L,
          "sem_stats.conversion_value_micros",
          1_000_000_000_000_000L);

  private static final long COUNT_MAX = 1_000_000_000_000L;

  /** 2000-01-01T00:00:00Z: no time of the contract is earlier. */
  private static final long EARLIEST_TIME = 946_684_800_000L;

  /** Every field name a type's records may carry. */
  private static final Map<String, Set<String>> KNOWN_FIELDS =
      PAYLOADS.entrySet().stream()
          .collect(
              Collectors.toMap(
                  Map.Entry::getKey,
                  e ->
                      java.util.stream.Stream.concat(ENVELOPE.stream(), e.getValue().stream())
                          .map(Field::name)
                          .collect(Collectors.toUnmodifiableSet())));

  /** The outcome of decoding and validating one record. */
  sealed interface Checked {}

  record Rejected(List<String> reasons, Optional<String> eventId) implements Checked {}

  /**
   * A valid event. Values are normalized: text as String, integers as Long, times as epoch
   * milliseconds (Long); absent optional fields are absent from {@code values}.
   *
   * @param fingerprint a hash of the canonical content without event_id
   */
  record Valid(
      String eventType,
      String eventId,
      long eventTime,
      Map<String, Object> values,
      long fingerprint)
      implements Checked {

    String text(String name) {
      return (String) values.get(name);
    }

    Optional<String> optionalText(String name) {
      return Optional.ofNullable((String) values.get(name));
    }

    long number(String name) {
      return (Long) values.get(name);
    }
  }

  private final long latestAcceptedEventTime;

  /**
   * @param latestAcceptedEventTime event times after this (epoch ms) are {@code future_event_time}
   */
  RecordCheck(long latestAcceptedEventTime) {
    this.latestAcceptedEventTime = latestAcceptedEventTime;
  }

  Checked check(byte[] line) {
    if (!Utf8.isValid(line)) {
      return new Rejected(List.of("not_utf8"), Optional.empty());
    }
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return new Rejected(List.of("not_json"), Optional.empty());
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
    if (root == null || !root.isObject()) {
      return new Rejected(List.of("not_json"), Optional.empty());
    }

    List<String> reasons = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    ENVELOPE.forEach(field -> checkField(root, field, reasons, values));
    Object eventTime = values.get("event_time");
    if (eventTime != null && (Long) eventTime > latestAcceptedEventTime) {
      reasons.add("future_event_time");
    }
    Object type = values.get("event_type");
    List<Field> payload =
        type == null ? List.of() : PAYLOADS.getOrDefault((String) type, List.of());
    if (type != null && payload.isEmpty()) {
      reasons.add("unknown_event_type");
    }
    Object version = values.get("schema_version");
    if (version != null && (Long) version != 1L) {
      reasons.add("unsupported_schema_version");
    } else if (version != null && !payload.isEmpty()) {
      payload.forEach(field -> checkField(root, field, reasons, values));
      Set<String> known = KNOWN_FIELDS.get((String) type);
      root.fieldNames()
          .forEachRemaining(
              name -> {
                if (!known.contains(name)) {
                  reasons.add("unknown_field:" + name);
                }
              });
    }
    Optional<String> eventId = Optional.ofNullable((String) values.get("event_id"));
    if (!reasons.isEmpty()) {
      return new Rejected(List.copyOf(reasons), eventId);
    }
    return new Valid(
        (String) type, eventId.orElseThrow(), (Long) eventTime, values, fingerprint(values));
  }

  private static void checkField(
      JsonNode root, Field field, List<String> reasons, Map<String, Object> values) {
    JsonNode node = root.get(field.name());
    if (node == null || node.isNull()) {
      if (field.required()) {
        reasons.add("missing_field:" + field.name());
      }
      return;
    }
    Optional<Object> value =
        switch (field.kind()) {
          case TEXT -> node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
          case INTEGER, COUNT, MONEY ->
              node.isIntegralNumber() && node.canConvertToLong()
                  ? Optional.of(node.longValue())
                  : Optional.empty();
          case CURRENCY -> node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
          case TIME -> time(node);
          case STATUS ->
              node.isTextual() && Set.of("active", "paused", "archived").contains(node.textValue())
                  ? Optional.of(node.textValue())
                  : Optional.empty();
          case MATCH_TYPE ->
              node.isTextual() && Set.of("exact", "phrase", "broad").contains(node.textValue())
                  ? Optional.of(node.textValue())
                  : Optional.empty();
        };
    if (value.isEmpty() || (field.kind() == Kind.COUNT && (Long) value.get() < 0)) {
      reasons.add("bad_type:" + field.name());
    } else if (field.kind() == Kind.MONEY && (Long) value.get() < 0) {
      reasons.add("negative_money:" + field.name());
    } else if (field.kind() == Kind.MONEY
        && (Long) value.get()
            > MONEY_MAX.getOrDefault(
                values.get("event_type") + "." + field.name(), Long.MAX_VALUE)) {
      reasons.add("money_too_large:" + field.name());
    } else if (field.kind() == Kind.COUNT && (Long) value.get() > COUNT_MAX) {
      reasons.add("count_too_large:" + field.name());
    } else if (field.kind() == Kind.TIME && (Long) value.get() < EARLIEST_TIME) {
      reasons.add("bad_time:" + field.name());
    } else if (field.kind() == Kind.TEXT
        && IDS.contains(field.name())
        && ((String) value.get()).length() > 128) {
      reasons.add("too_long:" + field.name());
    } else if (field.kind() == Kind.TEXT
        && IDS.contains(field.name())
        && !ID.matcher((String) value.get()).matches()) {
      reasons.add("bad_id:" + field.name());
    } else if (field.kind() == Kind.TEXT
        && ((String) value.get()).codePointCount(0, ((String) value.get()).length())
            > TEXT_MAX.getOrDefault(field.name(), Integer.MAX_VALUE)) {
      reasons.add("too_long:" + field.name());
    } else if (field.kind() == Kind.CURRENCY && !CURRENCIES.contains((String) value.get())) {
      reasons.add("bad_currency");
    } else {
      values.put(field.name(), value.get());
    }
  }

  private static Optional<Object> time(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Optional.of(node.longValue());
    }
    if (!node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Field text(String name) {
    return new Field(name, Kind.TEXT, true);
  }

  private static Field money(String name) {
    return new Field(name, Kind.MONEY, true);
  }

  private static Field count(String name) {
    return new Field(name, Kind.COUNT, true);
  }

  private static Field currency() {
    return new Field("currency", Kind.CURRENCY, true);
  }

  /**
   * A 64-bit FNV-1a hash of every field but event_id, in contract order: names, and values with
   * their kind and length, so that no value can imitate a field boundary.
   */
  private static long fingerprint(Map<String, Object> values) {
    long hash = 0xcbf29ce484222325L;
    for (Map.Entry<String, Object> field : values.entrySet()) {
      if (field.getKey().equals("event_id")) {
        continue;
      }
      hash = mix(hash, field.getKey());
      hash =
          field.getValue() instanceof String text
              ? mix(mix(hash, 's'), text)
              : mix(mix(hash, 'n'), field.getValue().toString());
    }
    return hash;
  }

  private static long mix(long hash, String text) {
    hash = mix(mix(hash, (char) (text.length() >>> 16)), (char) text.length());
    for (int i = 0; i < text.length(); i++) {
      hash = mix(hash, text.charAt(i));
    }
    return hash;
  }

  private static long mix(long hash, char c) {
    return (hash ^ c) * 0x100000001b3L;
  }
}
