package io.adstream.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.adstream.event.CampaignUpdate.CampaignStatus;
import io.adstream.event.ContractBounds;
import io.adstream.event.EventType;
import io.adstream.event.IpAddress;
import io.adstream.event.SemStats.MatchType;
import io.adstream.event.Timestamps;
import io.adstream.event.WireField;
import io.adstream.pii.PanRedactor;
import io.adstream.pii.PiiToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads one record of the v1 wire format into its fields, slot per {@link WireField}, judging each
 * value by its field's kind as it goes; what a whole record must hold is {@link EventValidator}'s.
 * It streams with Jackson's {@link JsonParser} (no tree, no data binding): it runs for every
 * record, inside a budget of 200,000 events per second per core.
 */
final class EventReader {
  /** The contract is flat; deeper structures only appear inside fields that are rejected anyway. */
  private static final int MAX_NESTING_DEPTH = 32;

  private static final int MAX_QUOTED_NUMBER = 1_000_000;
  private static final int MAX_ECHOED_NAME_LENGTH = 64;
  private static final int MAX_ECHOED_NAME_DIGITS = 12;

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build();

  private EventReader() {}

  /**
   * What reading one record gave: its fields, to validate, or a record that could not be read to
   * its end.
   */
  sealed interface Reading permits Unreadable, ReadFields {}

  /** A record too large, not UTF-8 or not one JSON object: rejected for that one reason. */
  record Unreadable(DecodeResult.Invalid invalid) implements Reading {}

  /**
   * Reads one record. A record over {@link EventCodec#MAX_RECORD_BYTES} or not UTF-8 is not read
   * further; one that breaks JSON syntax is unreadable with {@code not_json} alone.
   *
   * @param maskedInput events this pipeline already masked: {@code ip} must hold a PII token
   */
  static Reading read(byte[] bytes, boolean maskedInput) {
    if (bytes.length > EventCodec.MAX_RECORD_BYTES) {
      // not parsed: an oversize record could carry enough fields to make its quarantine record
      // unlandable
      return unreadable(
          Reason.of(
              ReasonCode.TOO_LARGE,
              bytes.length + " bytes; a record may have at most " + EventCodec.MAX_RECORD_BYTES));
    }
    // ASCII is well-formed UTF-8: a plain record, almost every record, is scanned once
    boolean plainText = isPlainAscii(bytes);
    if (!plainText && !Utf8.isWellFormed(bytes)) {
      return unreadable(Reason.of(ReasonCode.NOT_UTF8, "the record is not well-formed UTF-8"));
    }
    ReadFields fields =
        new ReadFields(plainText, !plainText && containsBackslash(bytes), maskedInput);
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return unreadable(Reason.of(ReasonCode.NOT_JSON, "a record must be one JSON object"));
      }
      readObject(parser, fields);
      if (parser.nextToken() != null) {
        return new Unreadable(
            fields.invalidWith(Reason.of(ReasonCode.NOT_JSON, "content follows the JSON object")));
      }
    } catch (StreamConstraintsException e) {
      return new Unreadable(
          fields.invalidWith(
              Reason.of(
                  ReasonCode.NOT_JSON,
                  "exceeds a parser limit (nesting deeper than "
                      + MAX_NESTING_DEPTH
                      + ", or an overlong number or string)")));
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending text, which may be personal data: give the offset
      // only
      return new Unreadable(
          fields.invalidWith(
              Reason.of(
                  ReasonCode.NOT_JSON,
                  "JSON syntax error at byte " + e.getLocation().getByteOffset())));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory array cannot fail", e);
    }
    return fields;
  }

  private static Unreadable unreadable(Reason reason) {
    return new Unreadable(DecodeResult.Invalid.alone(reason));
  }

  private static void readObject(JsonParser parser, ReadFields fields) throws IOException {
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
            Reason.of(
                ReasonCode.NOT_JSON,
                "field "
                    + field.wireName()
                    + " appears more than once; which one counts is ambiguous"));
        continue;
      }
      fields.values[field.ordinal()] =
          readValue(parser, valueToken, field, fields.hasEscapes, fields.maskedInput);
      fields.present |= field.bit();
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalStateException("Jackson ended an object with " + token);
    }
  }

  /**
   * The field's value, or the {@link Reason} it is unacceptable, or {@link #ReadFields.JSON_NULL}.
   */
  private static Object readValue(
      JsonParser parser, JsonToken token, WireField field, boolean hasEscapes, boolean maskedInput)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return ReadFields.JSON_NULL;
    }
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
    return switch (field.kind()) {
      case TEXT ->
          token == JsonToken.VALUE_STRING
              ? readText(parser.getText(), field, hasEscapes)
              : badType(field, "a non-empty string", token);
      case ID ->
          token == JsonToken.VALUE_STRING
              ? readId(parser.getText(), field)
              : badType(field, "an id string", token);
      case EVENT_TYPE ->
          token == JsonToken.VALUE_STRING
              ? readEventType(parser.getText())
              : badType(field, "a string", token);
      case TIME -> readTime(parser, token, field);
      case SCHEMA_VERSION -> readSchemaVersion(parser, token);
      case IP -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "an IP address string", token);
        }
        String ip = parser.getText();
        if (maskedInput) {
          yield PiiToken.isToken(ip)
              ? ip
              : Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "not a PII token");
        }
        yield IpAddress.parse(ip).isPresent()
            ? ip
            : Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "not an IPv4 or IPv6 address");
      }
      case CAMPAIGN_STATUS -> {
        if (token != JsonToken.VALUE_STRING) {
          yield badType(field, "active, paused or archived", token);
        }
        yield switch (parser.getText()) {
          case "active" -> CampaignStatus.ACTIVE;
          case "paused" -> CampaignStatus.PAUSED;
          case "archived" -> CampaignStatus.ARCHIVED;
          default ->
              Reason.of(
                  ReasonCode.BAD_TYPE, field.wireName(), "expected active, paused or archived");
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
          default ->
              Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "expected exact, phrase or broad");
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
                (IsoCodes.isUppercaseCode(code, 3) ? code : "the value")
                    + " is not an ISO 4217 currency code");
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
                field.wireName(),
                (IsoCodes.isUppercaseCode(code, 2) ? code : "the value")
                    + " is not an ISO 3166-1 alpha-2 country code");
      }
    };
  }

  private static Object readText(String text, WireField field, boolean hasEscapes) {
    if (text.isEmpty()) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "must not be empty");
    }
    int maxLength = ContractBounds.maxTextLength(field.wireName());
    // a string never has more code points than chars: count them only when the chars are too many
    if (text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
      return Reason.of(
          ReasonCode.TOO_LONG, field.wireName(), "at most " + maxLength + " characters");
    }
    // well-formed UTF-8 holds no surrogates: only a backslash-u escape can make an unpaired one
    if (hasEscapes && hasUnpairedSurrogate(text)) {
      return Reason.of(
          ReasonCode.BAD_TYPE,
          field.wireName(),
          "contains an unpaired UTF-16 surrogate escape, which is no character");
    }
    return text;
  }

  /** An id is stored and served as it is: bounded, of plain characters, and no card number. */
  private static Object readId(String text, WireField field) {
    if (text.isEmpty()) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "must not be empty");
    }
    if (text.length() > ContractBounds.MAX_ID_LENGTH) {
      return Reason.of(
          ReasonCode.TOO_LONG,
          field.wireName(),
          "an id has at most " + ContractBounds.MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (!ContractBounds.isIdCharacter(text.charAt(i))) {
        return Reason.of(
            ReasonCode.BAD_ID,
            field.wireName(),
            "an id consists of " + ContractBounds.ID_CHARACTERS);
      }
    }
    if (PanRedactor.redact(text)
        != text) { // the redactor returns its argument itself when it finds nothing
      return Reason.of(ReasonCode.PERSONAL_DATA, field.wireName(), "holds a payment card number");
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

  private static Object readTime(JsonParser parser, JsonToken token, WireField field)
      throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      Optional<Instant> time = Timestamps.parse(parser.getText());
      return time.isPresent()
          ? notTooEarly(time.get(), field)
          : Reason.of(
              ReasonCode.BAD_TIME,
              field.wireName(),
              "expected an existing RFC 3339 date-time with offset, e.g. 2026-11-24T10:15:30.123Z, within years 2000-9999");
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
          && Timestamps.inRange(parser.getLongValue())) {
        return notTooEarly(Instant.ofEpochMilli(parser.getLongValue()), field);
      }
      return Reason.of(
          ReasonCode.BAD_TIME, field.wireName(), "epoch milliseconds outside the years 2000-9999");
    }
    return badType(field, "an RFC 3339 string or integer epoch milliseconds", token);
  }

  private static Object notTooEarly(Instant time, WireField field) {
    return time.isBefore(ContractBounds.EARLIEST_TIME)
        ? Reason.of(
            ReasonCode.BAD_TIME,
            field.wireName(),
            "before " + ContractBounds.EARLIEST_TIME + ", the earliest time the contract admits")
        : time;
  }

  private static Object readSchemaVersion(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return badType(WireField.SCHEMA_VERSION, "an integer", token);
    }
    if (parser.getNumberType() == JsonParser.NumberType.INT && parser.getIntValue() == 1) {
      return 1;
    }
    boolean small =
        parser.getNumberType() == JsonParser.NumberType.INT
            && Math.abs(parser.getIntValue()) < MAX_QUOTED_NUMBER;
    return Reason.of(
        ReasonCode.UNSUPPORTED_SCHEMA_VERSION,
        "schema_version "
            + (small ? parser.getIntValue() + " " : "")
            + "is not supported; this processor reads 1");
  }

  private static Object readAmount(JsonParser parser, JsonToken token, WireField field)
      throws IOException {
    String expected =
        field.kind() == WireField.Kind.MONEY
            ? "an integer amount of micros"
            : "a non-negative integer";
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return badType(field, expected, token);
    }
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "integer outside the 64-bit range");
    }
    long value = parser.getLongValue();
    if (value >= 0 && field.kind() == WireField.Kind.COUNT && value > ContractBounds.MAX_COUNT) {
      return Reason.of(
          ReasonCode.COUNT_TOO_LARGE,
          field.wireName(),
          "a count is at most " + ContractBounds.MAX_COUNT);
    }
    if (value >= 0) {
      return value; // money is bounded per event type, once the type is known: see validate
    }
    return field.kind() == WireField.Kind.MONEY
        ? Reason.of(ReasonCode.NEGATIVE_MONEY, field.wireName(), "money must not be negative")
        : Reason.of(ReasonCode.BAD_TYPE, field.wireName(), "a count must not be negative");
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
    return Reason.of(
        ReasonCode.BAD_TYPE, field.wireName(), "expected " + expected + ", got " + found);
  }

  /**
   * Whether every byte is ASCII and none a backslash, eight at a time. JSON admits no raw quote or
   * control character inside a string, so every string of such a record is printable ASCII that
   * needs no escaping when written again.
   */
  private static boolean isPlainAscii(byte[] bytes) {
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long word = (long) WORDS.get(bytes, i);
      long backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5CL;
      if (((word & HIGHS) | ((backslashes - ONES) & ~backslashes & HIGHS)) != 0) {
        return false;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < 0 || bytes[i] == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the bytes hold a backslash, eight at a time (the SWAR has-zero-byte test on the bytes
   * XOR a backslash).
   */
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
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a name from the input may be quoted in a reason: a plain identifier too short in digits
   * to hold a card number and without the characters of an email or IP address.
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
}
