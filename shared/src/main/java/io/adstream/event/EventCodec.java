package io.adstream.event;

import static io.adstream.event.WireField.ENVELOPE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.adstream.config.WindowSettings;
import io.adstream.event.CampaignUpdate.CampaignStatus;
import io.adstream.event.SemStats.MatchType;
import io.adstream.pii.PanRedactor;
import io.adstream.pii.PiiToken;
import io.adstream.validation.IpAddress;
import io.adstream.validation.IsoCodes;
import io.adstream.validation.Reason;
import io.adstream.validation.ReasonCode;
import io.adstream.validation.Timestamps;
import io.adstream.validation.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes the v1 wire format: one flat JSON object per record (docs/guarantees.md, event contract).
 *
 * <p>{@link #decode} validates while it parses and reports every problem it finds, never only the first.
 * It streams with Jackson's {@link JsonParser} (no tree, no data binding): it runs for every record, inside
 * a budget of 200,000 events per second per core. A codec is immutable and safe to share between threads.
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

  /** The contract is flat; deeper structures only appear inside fields that are rejected anyway. */
  private static final int MAX_NESTING_DEPTH = 32;

  private static final WireField[] FIELDS = WireField.values();
  private static final int MAX_QUOTED_NUMBER = 1_000_000;
  private static final int MAX_ECHOED_NAME_LENGTH = 64;
  private static final int MAX_ECHOED_NAME_DIGITS = 12;

  private static final Map<EventType, String> OWNERS = new EnumMap<>(EventType.class);

  static {
    for (EventType type : EventType.values()) {
      OWNERS.put(type, type.wireName() + " events");
    }
  }

  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;

  /** Marks a field sent as JSON null: present, but with no value. */
  private static final Object JSON_NULL = new Object();

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build();

  private final Duration futureTolerance;
  private final boolean maskedInput;

  private EventCodec(Builder builder) {
    this.futureTolerance = builder.futureTolerance;
    this.maskedInput = builder.maskedInput;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes and validates one record. A record over {@link #MAX_RECORD_BYTES} or not UTF-8 is not read
   * further and has that one reason; a record that breaks JSON syntax has {@code not_json} alone; every other
   * invalid record has every reason that applies.
   *
   * @param now the processor's clock, against which {@code future_event_time} is judged
   */
  public DecodeResult decode(byte[] bytes, Instant now) {
    if (bytes.length > MAX_RECORD_BYTES) {
      // not parsed: an oversize record could carry enough fields to make its quarantine record unlandable
      return invalidAlone(
          Reason.of(ReasonCode.TOO_LARGE, bytes.length + " bytes; a record may have at most " + MAX_RECORD_BYTES));
    }
    if (!Utf8.isWellFormed(bytes)) {
      return invalidAlone(Reason.of(ReasonCode.NOT_UTF8, "the record is not well-formed UTF-8"));
    }
    RecordFields fields = new RecordFields(containsBackslash(bytes), maskedInput);
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return invalidAlone(Reason.of(ReasonCode.NOT_JSON, "a record must be one JSON object"));
      }
      readObject(parser, fields);
      if (parser.nextToken() != null) {
        return fields.invalidWith(Reason.of(ReasonCode.NOT_JSON, "content follows the JSON object"));
      }
    } catch (StreamConstraintsException e) {
      return fields.invalidWith(
          Reason.of(
              ReasonCode.NOT_JSON,
              "exceeds a parser limit (nesting deeper than " + MAX_NESTING_DEPTH + ", or an overlong number or string)"));
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending text, which may be personal data: give the offset only
      return fields.invalidWith(
          Reason.of(ReasonCode.NOT_JSON, "JSON syntax error at byte " + e.getLocation().getByteOffset()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory array cannot fail", e);
    }
    return validate(fields, now);
  }

  /**
   * The canonical JSON of an event: wire names, envelope first, then the payload in contract order, absent
   * optional fields left out, {@code event_time} in UTC with milliseconds. {@code decode(encode(e))} is {@code e}.
   */
  public byte[] encode(AdEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      writeFields(event, generator);
      generator.writeEndObject();
    } catch (JsonGenerationException e) {
      throw new IllegalArgumentException("cannot encode " + event.type().wireName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes an event's fields, in canonical order, into an object the caller has opened: for records that
   * carry an event beside fields of their own, such as enriched records.
   */
  public static void writeFields(AdEvent event, JsonGenerator out) throws IOException {
    Envelope envelope = event.envelope();
    EventType type = typeOf(event);
    text(out, WireField.EVENT_ID, envelope.eventId());
    writeContent(event, type, out);
  }

  /**
   * The fields of {@link #writeFields} but {@code event_id}, in the same order: an event's content, which
   * its fingerprint hashes.
   */
  public static void writeContent(AdEvent event, JsonGenerator out) throws IOException {
    writeContent(event, typeOf(event), out);
  }

  private static EventType typeOf(AdEvent event) {
    EventType type = switch (event) {
      case Impression i -> EventType.IMPRESSION;
      case Click c -> EventType.CLICK;
      case Conversion c -> EventType.CONVERSION;
      case CampaignUpdate u -> EventType.CAMPAIGN_UPDATE;
      case SemStats s -> EventType.SEM_STATS;
    };
    if (event.envelope().type() != type) {
      throw new IllegalArgumentException(
          "a " + type.wireName() + " event has event_type " + event.envelope().type().wireName() + " in its envelope");
    }
    return type;
  }

  private static void writeContent(AdEvent event, EventType type, JsonGenerator out) throws IOException {
    Envelope envelope = event.envelope();
    text(out, WireField.EVENT_TYPE, type.wireName());
    text(out, WireField.EVENT_TIME, Timestamps.format(envelope.eventTime()));
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
        text(out, WireField.PERIOD_START, Timestamps.format(s.periodStart()));
        text(out, WireField.PERIOD_END, Timestamps.format(s.periodEnd()));
        number(out, WireField.IMPRESSIONS, s.impressions());
        number(out, WireField.CLICKS, s.clicks());
        number(out, WireField.COST_MICROS, s.costMicros());
        number(out, WireField.CONVERSIONS, s.conversions());
        number(out, WireField.CONVERSION_VALUE_MICROS, s.conversionValueMicros());
        text(out, WireField.REPORT_TIME, Timestamps.format(s.reportTime()));
      }
    }
  }

  private static void text(JsonGenerator out, WireField field, String value) throws IOException {
    out.writeFieldName(field.serializedName);
    out.writeString(value);
  }

  private static void optionalText(JsonGenerator out, WireField field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      text(out, field, value.get());
    }
  }

  private static void number(JsonGenerator out, WireField field, long value) throws IOException {
    out.writeFieldName(field.serializedName);
    out.writeNumber(value);
  }

  // ---------------------------------------------------------------------------------------------- reading

  private static void readObject(JsonParser parser, RecordFields fields) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken valueToken = parser.nextToken();
      fields.position++;
      Optional<WireField> known = WireField.byName(name);
      if (known.isEmpty()) {
        parser.skipChildren();
        fields.unknown(name);
        continue;
      }
      WireField field = known.get();
      if (fields.values[field.ordinal()] != null) {
        parser.skipChildren();
        fields.problem(
            Reason.of(ReasonCode.NOT_JSON, "field " + field.wireName + " appears more than once; which one counts is ambiguous"));
        continue;
      }
      fields.values[field.ordinal()] = readValue(parser, valueToken, field, fields.hasEscapes, fields.maskedInput);
      fields.present |= field.bit;
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalStateException("Jackson ended an object with " + token);
    }
  }

  /** The field's value, or the {@link Reason} it is unacceptable, or {@link #JSON_NULL}. */
  private static Object readValue(
      JsonParser parser, JsonToken token, WireField field, boolean hasEscapes, boolean maskedInput)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return JSON_NULL;
    }
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
    return switch (field.kind) {
      case TEXT -> token == JsonToken.VALUE_STRING ? readText(parser.getText(), field, hasEscapes) : badType(field, "a non-empty string", token);
      case ID -> token == JsonToken.VALUE_STRING ? readId(parser.getText(), field) : badType(field, "an id string", token);
      case EVENT_TYPE -> token == JsonToken.VALUE_STRING ? readEventType(parser.getText()) : badType(field, "a string", token);
      case TIME -> readTime(parser, token, field);
      case SCHEMA_VERSION -> readSchemaVersion(parser, token);
      case IP -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "an IP address string", token);
        }
        String ip = parser.getText();
        if (maskedInput) {
          yield PiiToken.isToken(ip) ? ip : Reason.of(ReasonCode.BAD_TYPE, field.wireName, "not a PII token");
        }
        yield IpAddress.parse(ip).isPresent()
            ? ip
            : Reason.of(ReasonCode.BAD_TYPE, field.wireName, "not an IPv4 or IPv6 address");
      }
      case CAMPAIGN_STATUS -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "active, paused or archived", token);
        }
        yield switch (parser.getText()) {
          case "active" -> CampaignStatus.ACTIVE;
          case "paused" -> CampaignStatus.PAUSED;
          case "archived" -> CampaignStatus.ARCHIVED;
          default -> Reason.of(ReasonCode.BAD_TYPE, field.wireName, "expected active, paused or archived");
        };
      }
      case MATCH_TYPE -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "exact, phrase or broad", token);
        }
        yield switch (parser.getText()) {
          case "exact" -> MatchType.EXACT;
          case "phrase" -> MatchType.PHRASE;
          case "broad" -> MatchType.BROAD;
          default -> Reason.of(ReasonCode.BAD_TYPE, field.wireName, "expected exact, phrase or broad");
        };
      }
      case MONEY, COUNT -> readAmount(parser, token, field);
      case CURRENCY -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "an ISO 4217 currency code", token);
        }
        String code = parser.getText();
        yield IsoCodes.isCurrency(code)
            ? code
            : Reason.of(
                ReasonCode.BAD_CURRENCY,
                (IsoCodes.isUppercaseCode(code, 3) ? code : "the value") + " is not an ISO 4217 currency code");
      }
      case COUNTRY -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "an ISO 3166-1 alpha-2 country code", token);
        }
        String code = parser.getText();
        yield IsoCodes.isCountry(code)
            ? code
            : Reason.of(
                ReasonCode.BAD_TYPE,
                field.wireName,
                (IsoCodes.isUppercaseCode(code, 2) ? code : "the value") + " is not an ISO 3166-1 alpha-2 country code");
      }
    };
  }

  private static Object readText(String text, WireField field, boolean hasEscapes) {
    if (text.isEmpty()) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName, "must not be empty");
    }
    int maxLength = ContractBounds.maxTextLength(field.wireName);
    // a string never has more code points than chars: count them only when the chars are too many
    if (text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
      return Reason.of(ReasonCode.TOO_LONG, field.wireName, "at most " + maxLength + " characters");
    }
    // well-formed UTF-8 holds no surrogates: only a backslash-u escape can make an unpaired one
    if (hasEscapes && hasUnpairedSurrogate(text)) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName, "contains an unpaired UTF-16 surrogate escape, which is no character");
    }
    return text;
  }

  /** An id is stored and served as it is: bounded, of plain characters, and no card number. */
  private static Object readId(String text, WireField field) {
    if (text.isEmpty()) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName, "must not be empty");
    }
    if (text.length() > ContractBounds.MAX_ID_LENGTH) {
      return Reason.of(ReasonCode.TOO_LONG, field.wireName, "an id has at most " + ContractBounds.MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (!ContractBounds.isIdCharacter(text.charAt(i))) {
        return Reason.of(ReasonCode.BAD_ID, field.wireName, "an id consists of " + ContractBounds.ID_CHARACTERS);
      }
    }
    if (PanRedactor.redact(text) != text) { // the redactor returns its argument itself when it finds nothing
      return Reason.of(ReasonCode.PERSONAL_DATA, field.wireName, "holds a payment card number");
    }
    return text;
  }

  private static Object readEventType(String name) {
    Optional<EventType> type = EventType.fromWireName(name);
    if (type.isPresent()) {
      return type.get();
    }
    return Reason.of(
        ReasonCode.UNKNOWN_EVENT_TYPE,
        (isEchoableName(name) ? name : "the event_type")
            + " is not one of impression, click, conversion, campaign_update, sem_stats");
  }

  private static Object readTime(JsonParser parser, JsonToken token, WireField field) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      Optional<Instant> time = Timestamps.parse(parser.getText());
      return time.isPresent()
          ? notTooEarly(time.get(), field)
          : Reason.of(
              ReasonCode.BAD_TIME,
              field.wireName,
              "expected an existing RFC 3339 date-time with offset, e.g. 2026-11-24T10:15:30.123Z, within years 2000-9999");
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && Timestamps.inRange(parser.getLongValue())) {
        return notTooEarly(Instant.ofEpochMilli(parser.getLongValue()), field);
      }
      return Reason.of(ReasonCode.BAD_TIME, field.wireName, "epoch milliseconds outside the years 2000-9999");
    }
    return badType(field, "an RFC 3339 string or integer epoch milliseconds", token);
  }

  private static Object notTooEarly(Instant time, WireField field) {
    return time.isBefore(ContractBounds.EARLIEST_TIME)
        ? Reason.of(ReasonCode.BAD_TIME, field.wireName, "before " + ContractBounds.EARLIEST_TIME + ", the earliest time the contract admits")
        : time;
  }

  private static Object readSchemaVersion(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return badType(WireField.SCHEMA_VERSION, "an integer", token);
    }
    if (parser.getNumberType() == JsonParser.NumberType.INT && parser.getIntValue() == 1) {
      return 1;
    }
    boolean small = parser.getNumberType() == JsonParser.NumberType.INT && Math.abs(parser.getIntValue()) < MAX_QUOTED_NUMBER;
    return Reason.of(
        ReasonCode.UNSUPPORTED_SCHEMA_VERSION,
        "schema_version " + (small ? parser.getIntValue() + " " : "") + "is not supported; this processor reads 1");
  }

  private static Object readAmount(JsonParser parser, JsonToken token, WireField field) throws IOException {
    String expected = field.kind == WireField.Kind.MONEY ? "an integer amount of micros" : "a non-negative integer";
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return badType(field, expected, token);
    }
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName, "integer outside the 64-bit range");
    }
    long value = parser.getLongValue();
    if (value >= 0 && field.kind == WireField.Kind.COUNT && value > ContractBounds.MAX_COUNT) {
      return Reason.of(ReasonCode.COUNT_TOO_LARGE, field.wireName, "a count is at most " + ContractBounds.MAX_COUNT);
    }
    if (value >= 0) {
      return value; // money is bounded per event type, once the type is known: see validate
    }
    return field.kind == WireField.Kind.MONEY
        ? Reason.of(ReasonCode.NEGATIVE_MONEY, field.wireName, "money must not be negative")
        : Reason.of(ReasonCode.BAD_TYPE, field.wireName, "a count must not be negative");
  }

  private static Reason badType(WireField field, String expected, JsonToken token) {
    String found =
        switch (token) {
          case VALUE_STRING -> "a string";
          case VALUE_NUMBER_INT -> "an integer";
          case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
          case VALUE_TRUE, VALUE_FALSE -> "a boolean";
          case START_OBJECT -> "an object";
          case START_ARRAY -> "an array";
          default -> token.name();
        };
    return Reason.of(ReasonCode.BAD_TYPE, field.wireName, "expected " + expected + ", got " + found);
  }

  /** Whether the bytes hold a backslash, eight at a time (the SWAR has-zero-byte test on the bytes XOR a backslash). */
  private static boolean containsBackslash(byte[] bytes) {
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long word = (long) WORDS.get(bytes, i) ^ 0x5C5C_5C5C_5C5C_5C5CL;
      if (((word - ONES) & ~word & HIGHS) != 0) {
        return true;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a name from the input may be quoted in a reason: a plain identifier too short in digits to hold
   * a card number and without the characters of an email or IP address.
   */
  static boolean isEchoableName(String name) {
    if (name.isEmpty() || name.length() > MAX_ECHOED_NAME_LENGTH) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      digits += digit ? 1 : 0;
      if (!(digit || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return digits <= MAX_ECHOED_NAME_DIGITS;
  }

  // ------------------------------------------------------------------------------------------- validating

  private DecodeResult validate(RecordFields fields, Instant now) {
    List<Reason> reasons = fields.problems;
    for (WireField field : ENVELOPE) {
      check(fields, field, false, "every event", reasons);
    }
    Optional<EventType> type = fields.eventType();
    if (type.isPresent()) {
      String owner = OWNERS.get(type.get());
      for (WireField field : WireField.fieldsOf(type.get())) {
        check(fields, field, field.optionalIn(type.get()), owner, reasons);
        if (field.kind == WireField.Kind.MONEY
            && fields.values[field.ordinal()] instanceof Long micros
            && micros > ContractBounds.maxMicros(type.get(), field.wireName)) {
          reasons.add(
              Reason.of(
                  ReasonCode.MONEY_TOO_LARGE,
                  field.wireName,
                  "at most " + ContractBounds.maxMicros(type.get(), field.wireName) + " micros in " + owner));
        }
      }
      for (long foreign = fields.present & ~WireField.allowedIn(type.get()); foreign != 0; foreign &= foreign - 1) {
        WireField field = FIELDS[Long.numberOfTrailingZeros(foreign)];
        reasons.add(Reason.of(ReasonCode.UNKNOWN_FIELD, field.wireName, "not a field of " + type.get().wireName() + " events"));
      }
    }
    reasons.addAll(fields.unknownFields);
    if (fields.values[WireField.EVENT_TIME.ordinal()] instanceof Instant eventTime
        && eventTime.isAfter(now)
        && Duration.between(now, eventTime).compareTo(futureTolerance) > 0) {
      reasons.add(
          Reason.of(
              ReasonCode.FUTURE_EVENT_TIME,
              "event_time is " + Duration.between(now, eventTime).toMillis() + " ms ahead of the processor's clock; at most "
                  + futureTolerance.toMillis() + " ms are tolerated"));
    }
    if (type.equals(Optional.of(EventType.SEM_STATS))
        && fields.values[WireField.PERIOD_START.ordinal()] instanceof Instant start
        && fields.values[WireField.PERIOD_END.ordinal()] instanceof Instant end
        && !end.isAfter(start)) {
      reasons.add(Reason.of(ReasonCode.BAD_TIME, WireField.PERIOD_END.wireName, "period_end must be after period_start"));
    }
    return reasons.isEmpty() ? new DecodeResult.Valid(fields.toEvent(type.get())) : fields.invalid(reasons);
  }

  private static void check(RecordFields fields, WireField field, boolean optional, String owner, List<Reason> reasons) {
    Object value = fields.values[field.ordinal()];
    if (value == null && !optional) {
      reasons.add(Reason.of(ReasonCode.MISSING_FIELD, field.wireName, "required in " + owner));
    } else if (value == JSON_NULL && !optional) {
      reasons.add(Reason.of(ReasonCode.BAD_TYPE, field.wireName, "must not be null in " + owner));
    } else if (value instanceof Reason reason) {
      reasons.add(reason);
    }
  }

  private static DecodeResult.Invalid invalidAlone(Reason reason) {
    return new DecodeResult.Invalid(List.of(reason), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** What one record's fields held, slot per {@link WireField}, while it is read. */
  private static final class RecordFields {
    final Object[] values = new Object[FIELDS.length];
    /** Whether the record holds any escape; without one no text can hold an unpaired surrogate. */
    final boolean hasEscapes;
    final boolean maskedInput;
    final List<Reason> problems = new ArrayList<>(2);
    final List<Reason> unknownFields = new ArrayList<>(0);
    final List<String> unknownNames = new ArrayList<>(0);
    /** {@link WireField#bit}s of the known fields the record has. */
    long present;
    int position;

    RecordFields(boolean hasEscapes, boolean maskedInput) {
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
          isEchoableName(name)
              ? Reason.of(ReasonCode.UNKNOWN_FIELD, name, "not a field of contract v1")
              : Reason.of(
                  ReasonCode.UNKNOWN_FIELD,
                  "#" + position,
                  "field number " + position + " has a name that is not in contract v1 and is not a plain identifier"));
    }

    Optional<EventType> eventType() {
      return values[WireField.EVENT_TYPE.ordinal()] instanceof EventType type ? Optional.of(type) : Optional.empty();
    }

    DecodeResult.Invalid invalidWith(Reason reason) {
      return invalid(List.of(reason));
    }

    DecodeResult.Invalid invalid(List<Reason> reasons) {
      return new DecodeResult.Invalid(
          reasons,
          values[WireField.EVENT_ID.ordinal()] instanceof String id ? Optional.of(id) : Optional.empty(),
          eventType(),
          values[WireField.EVENT_TIME.ordinal()] instanceof Instant time ? Optional.of(time) : Optional.empty());
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
          new Envelope(text(WireField.EVENT_ID), type, time(WireField.EVENT_TIME), 1, text(WireField.SOURCE));
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

  /** Builds an {@link EventCodec}. */
  public static final class Builder {
    private Duration futureTolerance = WindowSettings.defaults().futureTolerance();
    private boolean maskedInput;

    private Builder() {}

    /**
     * Decode events this pipeline already masked (replayed from the lake): {@code ip} must then hold a PII
     * token, never an address.
     */
    public Builder maskedInput(boolean maskedInput) {
      this.maskedInput = maskedInput;
      return this;
    }

    /** How far ahead of {@code now} an event time may be ({@code windows.futureTolerance}). */
    public Builder futureTolerance(Duration futureTolerance) {
      Objects.requireNonNull(futureTolerance, "futureTolerance");
      if (futureTolerance.isNegative()) {
        throw new IllegalArgumentException("futureTolerance must not be negative, was " + futureTolerance);
      }
      this.futureTolerance = futureTolerance;
      return this;
    }

    public EventCodec build() {
      return new EventCodec(this);
    }
  }
}
