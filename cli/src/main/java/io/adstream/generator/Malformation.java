package io.adstream.generator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The defects a producer can ship, each producing exactly one quarantine reason. No malformed
 * record contains a raw line break, so each stays one line of NDJSON.
 */
enum Malformation {
  NOT_JSON,
  NOT_UTF8,
  MISSING_FIELD,
  BAD_TYPE,
  NEGATIVE_MONEY,
  BAD_CURRENCY,
  UNKNOWN_EVENT_TYPE,
  UNSUPPORTED_SCHEMA_VERSION,
  FUTURE_EVENT_TIME,
  UNKNOWN_FIELD;

  /** A producer clock a century ahead: in the future whenever the records are processed. */
  static final Duration FUTURE_SHIFT = Duration.ofDays(36_525);

  /** A malformed record and the one reason it must be quarantined for. */
  record Malformed(byte[] line, String reason) {}

  /** Fields a type may leave out, so leaving them out is no defect. */
  private static final List<String> OPTIONAL_FIELDS = List.of("impression_id", "click_id");

  boolean appliesTo(WireRecord wire) {
    return this != BAD_CURRENCY || wire.get("currency") != null;
  }

  Malformed apply(TrafficEvent event, WireRecord wire, Rng rng) {
    return switch (this) {
      case NOT_JSON -> new Malformed(notJson(wire.encode(), rng), "not_json");
      case NOT_UTF8 -> new Malformed(notUtf8(wire.encode(), rng), "not_utf8");
      case MISSING_FIELD -> {
        List<String> required =
            wire.names().stream()
                .filter(name -> !(OPTIONAL_FIELDS.contains(name) && !name.equals(idFieldOf(event))))
                .toList();
        String name = rng.pick(required);
        wire.remove(name);
        yield new Malformed(wire.encode(), "missing_field:" + name);
      }
      case BAD_TYPE -> {
        String name = rng.pick(wire.names());
        wire.put(name, wrongType(wire.get(name), rng));
        yield new Malformed(wire.encode(), "bad_type:" + name);
      }
      case NEGATIVE_MONEY -> {
        String name = rng.pick(wire.names().stream().filter(n -> n.endsWith("_micros")).toList());
        wire.put(name, -Math.max(1, (Long) wire.get(name)));
        yield new Malformed(wire.encode(), "negative_money:" + name);
      }
      case BAD_CURRENCY -> {
        wire.put("currency", rng.pick(List.of("US$", "EURO", "€", "XYZ", "12")));
        yield new Malformed(wire.encode(), "bad_currency");
      }
      case UNKNOWN_EVENT_TYPE -> {
        WireRecord envelopeOnly = new WireRecord();
        for (String name :
            List.of("event_id", "event_type", "event_time", "schema_version", "source")) {
          envelopeOnly.put(name, wire.get(name));
        }
        envelopeOnly.put(
            "event_type", rng.pick(List.of("page_view", "viewability", "install", "Impression")));
        yield new Malformed(envelopeOnly.encode(), "unknown_event_type");
      }
      case UNSUPPORTED_SCHEMA_VERSION -> {
        wire.put("schema_version", rng.pick(List.of(0L, 2L, 3L)));
        yield new Malformed(wire.encode(), "unsupported_schema_version");
      }
      case FUTURE_EVENT_TIME -> {
        WireRecord.Time time = (WireRecord.Time) wire.get("event_time");
        wire.put(
            "event_time",
            new WireRecord.Time(
                time.epochMillis() + FUTURE_SHIFT.toMillis(), time.asEpochMillis()));
        yield new Malformed(wire.encode(), "future_event_time");
      }
      case UNKNOWN_FIELD -> {
        String name = rng.pick(List.of("gclid", "debug", "sessionId", "utm_source"));
        wire.put(name, name.equals("debug") ? Boolean.TRUE : rng.hex(6));
        yield new Malformed(wire.encode(), "unknown_field:" + name);
      }
    };
  }

  /**
   * The business id field of the event, which is required even where its name is optional
   * elsewhere.
   */
  private static String idFieldOf(TrafficEvent event) {
    return switch (event) {
      case TrafficEvent.Impression i -> "impression_id";
      case TrafficEvent.Click c -> "click_id";
      default -> "";
    };
  }

  /**
   * A record cut short (at a character boundary, so it stays valid UTF-8), or a proxy's error text.
   */
  private static byte[] notJson(byte[] json, Rng rng) {
    if (rng.chance(0.25)) {
      return rng.pick(
              List.of(
                  "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
                  "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>"))
          .getBytes(StandardCharsets.UTF_8);
    }
    int cut = (int) rng.between(1, json.length - 2);
    while ((json[cut] & 0xC0)
        == 0x80) { // a UTF-8 continuation byte: cut before its character instead
      cut--;
    }
    return java.util.Arrays.copyOf(json, cut);
  }

  /**
   * Bytes that are no UTF-8 inside the source string: a stray 0xFF, a broken pair, or Latin-1 "é".
   */
  private static byte[] notUtf8(byte[] json, Rng rng) {
    byte[] marker = "\"source\":\"".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(json, marker) + marker.length;
    byte[] invalid =
        rng.pick(
            List.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xE9}));
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 2);
    out.write(json, 0, at);
    out.writeBytes(invalid);
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException(
        "no " + new String(needle, StandardCharsets.UTF_8) + " in the record");
  }

  private static Object wrongType(Object value, Rng rng) {
    return switch (value) {
      case String s -> rng.chance(0.5) ? (Object) 12_345L : Boolean.TRUE;
      case Long l -> rng.pick(List.<Object>of(String.valueOf(l), l + 0.5, Boolean.FALSE));
      default -> rng.chance(0.5) ? Boolean.TRUE : Map.of("seconds", 1_700_000_000L); // a timestamp
    };
  }
}
