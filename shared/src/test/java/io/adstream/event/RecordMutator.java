package io.adstream.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.validation.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Derives malformed (and some still valid) records from a valid one, the way producers and networks
 * break them: byte flips, truncation, field deletion and duplication, type changes, oversize
 * payloads, invalid UTF-8, deep nesting, huge numbers, plausible-but-wrong values. Deterministic
 * for a given random.
 */
public final class RecordMutator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One derived record and how it was made, for failure messages. */
  public record Mutant(String how, byte[] bytes) {}

  /**
   * Values a field may be replaced with: every JSON type, and values each field kind accepts or
   * rejects.
   */
  private static final List<Object> REPLACEMENTS =
      List.of(
          "x",
          "",
          " ",
          "123",
          "null",
          0,
          -1,
          1,
          7,
          -250_000,
          1.5,
          1.0,
          1e3,
          -0.0,
          true,
          false,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          new BigInteger("100000000000000000000000"),
          new BigInteger("-100000000000000000000000"),
          List.of(),
          List.of(1, "a"),
          Map.of(),
          Map.of("a", 1),
          "2026-11-24T10:15:30.123Z",
          "2026-11-24T10:15:30+02:00",
          "2026-11-24t10:15:30z",
          "2026-02-30T00:00:00Z",
          "2026-11-24T24:00:00Z",
          "2026-11-24 10:15:30Z",
          "2026-11-24T10:15:30",
          "0000-01-01T00:00:00+01:00",
          "9999-12-31T23:59:59.999Z",
          "9999-12-31T23:59:59-01:00",
          1_795_516_530_456L,
          253_402_300_800_000L,
          "USD",
          "EUR",
          "usd",
          "US",
          "XXX",
          "ZZZ",
          "DE",
          "ZZ",
          "de",
          "192.0.2.1",
          "198.51.100.7",
          "256.1.1.1",
          "01.2.3.4",
          "2001:db8::1",
          "::ffff:203.0.113.9",
          "2001:db8::1::2",
          "fe80::1%eth0",
          "active",
          "paused",
          "retired",
          "exact",
          "broad",
          "fuzzy",
          "impression",
          "click",
          "conversion",
          "campaign_update",
          "sem_stats",
          "view",
          "Impression");

  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0xFF},
    {(byte) 0xC3, (byte) 0x28},
    {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82},
    {(byte) 0x80}
  };

  private final SplittableRandom random;

  public RecordMutator(SplittableRandom random) {
    this.random = random;
  }

  public Mutant mutate(byte[] valid) {
    return switch (random.nextInt(16)) {
      case 0 -> flipBytes(valid);
      case 1 -> truncate(valid);
      case 2 -> deleteField(valid);
      case 3 -> duplicateField(valid);
      case 4, 5, 6 -> replaceValue(valid);
      case 7 -> addUnknownField(valid);
      case 8 -> oversize(valid);
      case 9 -> invalidUtf8(valid);
      case 10 -> deepNesting(valid);
      case 11 -> hugeNumber(valid);
      case 12 -> swapEventType(valid);
      case 13 -> futureEventTime(valid);
      case 14 -> garbage();
      default -> mutate(mutate(valid).bytes());
    };
  }

  private Mutant flipBytes(byte[] valid) {
    if (valid.length == 0) {
      return garbage();
    }
    byte[] bytes = valid.clone();
    int flips = 1 + random.nextInt(3);
    for (int i = 0; i < flips; i++) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return new Mutant("flip " + flips + " bytes", bytes);
  }

  private Mutant truncate(byte[] valid) {
    int length = random.nextInt(Math.max(1, valid.length));
    return new Mutant("truncate to " + length, Arrays.copyOf(valid, length));
  }

  private Mutant deleteField(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          Map.Entry<String, Object> removed = fields.remove(random.nextInt(fields.size()));
          return new Mutant("delete " + removed.getKey(), write(fields));
        });
  }

  private Mutant duplicateField(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          Map.Entry<String, Object> field = fields.get(random.nextInt(fields.size()));
          Object value = random.nextBoolean() ? field.getValue() : pick(REPLACEMENTS);
          fields.add(random.nextInt(fields.size() + 1), new SimpleEntry<>(field.getKey(), value));
          return new Mutant("duplicate " + field.getKey(), write(fields));
        });
  }

  private Mutant replaceValue(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          Map.Entry<String, Object> field = fields.get(random.nextInt(fields.size()));
          Object replacement = pick(REPLACEMENTS);
          field.setValue(replacement);
          return new Mutant("set " + field.getKey() + " to " + replacement, write(fields));
        });
  }

  private Mutant addUnknownField(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          String name =
              pick(
                  List.of(
                      "extra",
                      "Event_ID",
                      "eventId",
                      "card",
                      "note",
                      "email",
                      "ip_address",
                      "cost",
                      "4111111111111111",
                      "a@b.c"));
          fields.add(
              random.nextInt(fields.size() + 1), new SimpleEntry<>(name, pick(REPLACEMENTS)));
          return new Mutant("add " + name, write(fields));
        });
  }

  private Mutant oversize(byte[] valid) {
    int size = EventCodec.MAX_RECORD_BYTES - valid.length + random.nextInt(-64, 200_000);
    if (random.nextBoolean()) {
      return onFields(
          valid,
          fields -> {
            Map.Entry<String, Object> field = fields.get(random.nextInt(fields.size()));
            field.setValue("p".repeat(Math.max(1, size)));
            return new Mutant("pad " + field.getKey() + " by " + size, write(fields));
          });
    }
    byte[] padded = new byte[valid.length + Math.max(0, size)];
    System.arraycopy(valid, 0, padded, 0, valid.length);
    Arrays.fill(padded, valid.length, padded.length, (byte) ' ');
    return new Mutant("trailing whitespace to " + padded.length + " bytes", padded);
  }

  private Mutant invalidUtf8(byte[] valid) {
    byte[] sequence = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
    int at = random.nextInt(valid.length + 1);
    return new Mutant("invalid UTF-8 at " + at, splice(valid, at, sequence));
  }

  private Mutant deepNesting(byte[] valid) {
    int depth = 1 + random.nextInt(3_000);
    String nested = "[".repeat(depth) + "]".repeat(depth);
    String name =
        random.nextBoolean()
            ? "nested"
            : pick(List.of("event_id", "cost_micros", "event_time", "ip", "currency"));
    String text = new String(valid, StandardCharsets.UTF_8);
    int brace = text.indexOf('{');
    // an earlier mutation may have cut the record before its first brace
    String spliced =
        brace < 0
            ? "{\"" + name + "\":" + nested + "}"
            : text.substring(0, brace + 1)
                + "\""
                + name
                + "\":"
                + nested
                + ","
                + text.substring(brace + 1);
    return new Mutant(
        "nest " + name + " " + depth + " deep", spliced.getBytes(StandardCharsets.UTF_8));
  }

  private Mutant hugeNumber(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          Map.Entry<String, Object> field = fields.get(random.nextInt(fields.size()));
          int digits = 1 + random.nextInt(random.nextBoolean() ? 25 : 3_000);
          StringBuilder number =
              new StringBuilder(random.nextBoolean() ? "-" : "").append(1 + random.nextInt(9));
          for (int i = 1; i < digits; i++) {
            number.append(random.nextInt(10));
          }
          field.setValue(new RawJson(number.toString()));
          return new Mutant(
              "set " + field.getKey() + " to a " + digits + "-digit number", write(fields));
        });
  }

  private Mutant swapEventType(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          String type =
              pick(List.of("impression", "click", "conversion", "campaign_update", "sem_stats"));
          fields.stream()
              .filter(f -> f.getKey().equals("event_type"))
              .forEach(f -> f.setValue(type));
          return new Mutant("event_type " + type, write(fields));
        });
  }

  private Mutant futureEventTime(byte[] valid) {
    return onFields(
        valid,
        fields -> {
          long aheadMillis = random.nextLong(0, 3_600_000);
          Instant time = EventSamples.NOW.plusMillis(aheadMillis);
          fields.stream()
              .filter(f -> f.getKey().equals("event_time"))
              .forEach(f -> f.setValue(time.toString()));
          return new Mutant("event_time " + aheadMillis + " ms ahead", write(fields));
        });
  }

  private Mutant garbage() {
    byte[] bytes = new byte[random.nextInt(300)];
    boolean ascii = random.nextBoolean();
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (ascii ? 32 + random.nextInt(95) : random.nextInt(256));
    }
    if (ascii && bytes.length > 1 && random.nextBoolean()) {
      bytes[0] = '{';
      bytes[bytes.length - 1] = '}';
    }
    return new Mutant("garbage of " + bytes.length + " bytes", bytes);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] splice(byte[] bytes, int at, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }

  /**
   * Applies a mutation to the top-level fields of a JSON object, in order, as mutable entries;
   * flips bytes instead when an earlier mutation left no readable object with fields.
   */
  private Mutant onFields(byte[] json, Function<List<Map.Entry<String, Object>>, Mutant> mutation) {
    return fields(json)
        .filter(fields -> !fields.isEmpty())
        .map(mutation)
        .orElseGet(() -> flipBytes(json));
  }

  /**
   * The top-level fields of a JSON object, in order, as mutable entries; empty if it is no readable
   * object.
   */
  static Optional<List<Map.Entry<String, Object>>> fields(byte[] json) {
    Map<String, Object> map;
    try {
      map = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    List<Map.Entry<String, Object>> fields = new ArrayList<>();
    if (map != null) {
      map.forEach((k, v) -> fields.add(new SimpleEntry<>(k, v)));
    }
    return Optional.of(fields);
  }

  /** Writes fields as one JSON object, duplicates included, in the given order. */
  static byte[] write(List<Map.Entry<String, Object>> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (Map.Entry<String, Object> field : fields) {
        generator.writeFieldName(field.getKey());
        if (field.getValue() instanceof RawJson raw) {
          generator.writeRawValue(raw.text());
        } else {
          JSON.writeValue(generator, field.getValue());
        }
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private record RawJson(String text) {}
}
