package io.adstream.migration.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-event resource use measured on a local run, with where each number came from ({@value #DEFAULT}).
 *
 * @param recordBytes average Kinesis record (raw event) size, per event type
 * @param enrichedLineBytes average enriched line landed per accepted event
 * @param attributionLinesPerClickOrConversion attribution lines landed per accepted click or conversion
 * @param acceptedShare accepted / received records
 * @param handlerMillisPerRecord processor handler wall time per record delivered (emulator backends)
 * @param recordsPerInvocation average records per processor invocation
 * @param writeUnitsPerAcceptedEvent DynamoDB write request units per accepted event
 * @param readUnitsPerAcceptedEvent DynamoDB read request units per accepted event
 * @param gzipRatio compressed / raw size of lake objects
 * @param logBytesPerInvocation log and EMF bytes per processor invocation
 */
public record MeasuredUsage(
    Map<String, Double> recordBytes,
    double enrichedLineBytes,
    double attributionLinesPerClickOrConversion,
    double acceptedShare,
    double handlerMillisPerRecord,
    double recordsPerInvocation,
    double writeUnitsPerAcceptedEvent,
    double readUnitsPerAcceptedEvent,
    double gzipRatio,
    double logBytesPerInvocation,
    String source) {
  public static final String DEFAULT = "/io/adstream/migration/cost/measured-usage.json";

  public MeasuredUsage {
    recordBytes = Map.copyOf(recordBytes);
  }

  public static MeasuredUsage defaults() {
    try {
      return parse(DEFAULT, resource(DEFAULT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file the cli jar ships. */
  static byte[] resource(String name) throws IOException {
    try (InputStream in = MeasuredUsage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return in.readAllBytes();
    }
  }

  public static MeasuredUsage read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  static MeasuredUsage parse(String name, byte[] json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    Map<String, Double> recordBytes = new TreeMap<>();
    required(name, root, "recordBytes").fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        recordBytes.put(e.getKey(), e.getValue().asDouble());
      }
    });
    return new MeasuredUsage(
        recordBytes,
        number(name, root, "enrichedLineBytes"),
        number(name, root, "attributionLinesPerClickOrConversion"),
        number(name, root, "acceptedShare"),
        number(name, root, "handlerMillisPerRecord"),
        number(name, root, "recordsPerInvocation"),
        number(name, root, "writeUnitsPerAcceptedEvent"),
        number(name, root, "readUnitsPerAcceptedEvent"),
        number(name, root, "gzipRatio"),
        number(name, root, "logBytesPerInvocation"),
        required(name, root, "source").asText());
  }

  private static JsonNode required(String name, JsonNode root, String field) {
    JsonNode value = root == null ? null : root.get(field);
    if (value == null) {
      throw new IllegalArgumentException(name + ": field " + field + " is missing");
    }
    return value;
  }

  private static double number(String name, JsonNode root, String field) {
    JsonNode value = required(name, root, field).path("value");
    if (!value.isNumber()) {
      throw new IllegalArgumentException(name + ": " + field + ".value must be a number");
    }
    return value.asDouble();
  }
}
