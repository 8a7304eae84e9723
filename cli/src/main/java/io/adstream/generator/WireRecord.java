package io.adstream.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One record as it goes on the wire: a flat JSON object whose fields keep their insertion order.
 * Values are strings, longs, booleans, doubles, {@link Time}s or nested maps (the last three only
 * in malformed records).
 */
final class WireRecord {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A timestamp, written as RFC 3339 with milliseconds and Z, or as epoch milliseconds. */
  record Time(long epochMillis, boolean asEpochMillis) {}

  private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

  WireRecord put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  Object get(String name) {
    return fields.get(name);
  }

  void remove(String name) {
    fields.remove(name);
  }

  List<String> names() {
    return new ArrayList<>(fields.keySet());
  }

  static String rfc3339(long epochMillis) {
    return RFC_3339_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The record as one line of UTF-8 JSON, without the line break. */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeObject(json, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeObject(JsonGenerator json, Map<?, ?> object) throws IOException {
    json.writeStartObject();
    for (Map.Entry<?, ?> field : object.entrySet()) {
      json.writeFieldName((String) field.getKey());
      writeValue(json, field.getValue());
    }
    json.writeEndObject();
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    switch (value) {
      case String s -> json.writeString(s);
      case Long l -> json.writeNumber(l);
      case Integer i -> json.writeNumber(i);
      case Double d -> json.writeNumber(d);
      case Boolean b -> json.writeBoolean(b);
      case Time t when t.asEpochMillis() -> json.writeNumber(t.epochMillis());
      case Time t -> json.writeString(rfc3339(t.epochMillis()));
      case Map<?, ?> m -> writeObject(json, m);
      default -> throw new IllegalArgumentException("no wire form for " + value.getClass());
    }
  }
}
