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
 * Per-event resource use measured on a local run, with where each number came from ({@value
 * #DEFAULT}).
 *
 * @param recordBytes average Kinesis record (raw event) size, per event type
 * @param enrichedLineBytes average enriched line landed per accepted event
 * @param attributionLinesPerClickOrConversion attribution lines landed per accepted click or
 *     conversion
 * @param acceptedShare accepted / received records
 * @param handlerMillisPerRecord processor handler time per record delivered, at AWS's call times
 *     (the emulator's excess over each call's simulated round trip taken out), on a full core
 * @param marginalHandlerMillisPerRecord what one more record in a batch adds to the handler's time:
 *     the time per record without the fixed part of each invocation, which larger batches absorb;
 *     it says how many records a shard's one invocation at a time can carry
 * @param handlerCpuMillisPerRecord the CPU time within {@code handlerMillisPerRecord}, which a
 *     function with less than a vCPU takes longer over
 * @param marginalHandlerCpuMillisPerRecord the CPU time within {@code
 *     marginalHandlerMillisPerRecord}
 * @param recordsPerInvocation average records per processor invocation
 * @param writeUnitsByType DynamoDB write request units per accepted event of each type: its claim
 *     and the items only its records write (a click's flood groups; clicks' and conversions' user
 *     and device items)
 * @param writeUnitsPerBatchShare write units of the items every batch writes whatever its records
 *     (minute aggregates, source activity with the shard's watermark, alerts), per accepted event
 * @param mixes the event mixes the measurement ran on, by name, each with the write units measured
 *     on it
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
    double marginalHandlerMillisPerRecord,
    double handlerCpuMillisPerRecord,
    double marginalHandlerCpuMillisPerRecord,
    double recordsPerInvocation,
    Map<String, Double> writeUnitsByType,
    double writeUnitsPerBatchShare,
    Map<String, Mix> mixes,
    double readUnitsPerAcceptedEvent,
    double gzipRatio,
    double logBytesPerInvocation,
    String source) {
  public static final String DEFAULT = "/io/adstream/migration/cost/measured-usage.json";

  public MeasuredUsage {
    recordBytes = Map.copyOf(recordBytes);
    writeUnitsByType = Map.copyOf(writeUnitsByType);
    mixes = Map.copyOf(mixes);
  }

  /**
   * A mix the measurement ran on: the share of each type among received records, and the write
   * units per accepted event of each type (and of the per-batch items) and the handler time and its
   * CPU time per record (whole and marginal) measured on it.
   */
  public record Mix(
      Map<String, Double> shares,
      Map<String, Double> writeUnitsByType,
      double writeUnitsPerBatchShare,
      double handlerMillisPerRecord,
      double marginalHandlerMillisPerRecord,
      double handlerCpuMillisPerRecord,
      double marginalHandlerCpuMillisPerRecord) {
    public Mix {
      shares = Map.copyOf(shares);
      writeUnitsByType = Map.copyOf(writeUnitsByType);
    }

    /** Whether {@code mix} has these shares, once both are normalised. */
    boolean hasShares(Map<String, Double> mix) {
      double mine = shares.values().stream().mapToDouble(Double::doubleValue).sum();
      double theirs = mix.values().stream().mapToDouble(Double::doubleValue).sum();
      return shares.keySet().equals(mix.keySet())
          && shares.keySet().stream()
              .allMatch(t -> Math.abs(shares.get(t) / mine - mix.get(t) / theirs) < 1e-9);
    }
  }

  /**
   * The numbers a mix is priced with: its own if the measurement ran on it, else every run's
   * pooled.
   */
  public Mix measuredOn(Map<String, Double> mix) {
    return mixes.values().stream()
        .filter(m -> m.hasShares(mix))
        .findFirst()
        .orElse(
            new Mix(
                mix,
                writeUnitsByType,
                writeUnitsPerBatchShare,
                handlerMillisPerRecord,
                marginalHandlerMillisPerRecord,
                handlerCpuMillisPerRecord,
                marginalHandlerCpuMillisPerRecord));
  }

  /**
   * Write units per accepted event for a mix: each type's measured units weighted by its share,
   * plus the per-batch items; a mix the measurement ran on uses its own numbers, any other the
   * numbers of every run pooled. A type without a number is priced as the dearest measured type.
   */
  public double writeUnitsPerAcceptedEvent(Map<String, Double> mix) {
    Mix measuredOn = measuredOn(mix);
    Map<String, Double> byType = measuredOn.writeUnitsByType();
    double dearest = byType.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
    double units = 0;
    for (Map.Entry<String, Double> type : mix.entrySet()) {
      units += type.getValue() / total * byType.getOrDefault(type.getKey(), dearest);
    }
    return units + measuredOn.writeUnitsPerBatchShare();
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
    required(name, root, "recordBytes")
        .fields()
        .forEachRemaining(
            e -> {
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
        number(name, root, "marginalHandlerMillisPerRecord"),
        number(name, root, "handlerCpuMillisPerRecord"),
        number(name, root, "marginalHandlerCpuMillisPerRecord"),
        number(name, root, "recordsPerInvocation"),
        numbers(name, required(name, root, "writeUnitsByType")),
        number(name, root, "writeUnitsPerBatchShare"),
        mixes(name, required(name, root, "mixes")),
        number(name, root, "readUnitsPerAcceptedEvent"),
        number(name, root, "gzipRatio"),
        number(name, root, "logBytesPerInvocation"),
        required(name, root, "source").asText());
  }

  /** The numeric fields of an object (a "source" text alongside is documentation). */
  private static Map<String, Double> numbers(String name, JsonNode node) {
    Map<String, Double> values = new TreeMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber()) {
                values.put(e.getKey(), e.getValue().asDouble());
              } else if (!e.getKey().equals("source")) {
                throw new IllegalArgumentException(name + ": " + e.getKey() + " must be a number");
              }
            });
    return values;
  }

  private static Map<String, Mix> mixes(String name, JsonNode node) {
    Map<String, Mix> mixes = new TreeMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("source")) {
                String mix = name + " mixes." + e.getKey();
                mixes.put(
                    e.getKey(),
                    new Mix(
                        numbers(mix, required(mix, e.getValue(), "shares")),
                        numbers(mix, required(mix, e.getValue(), "writeUnitsByType")),
                        plainNumber(mix, e.getValue(), "writeUnitsPerBatchShare"),
                        plainNumber(mix, e.getValue(), "handlerMillisPerRecord"),
                        plainNumber(mix, e.getValue(), "marginalHandlerMillisPerRecord"),
                        plainNumber(mix, e.getValue(), "handlerCpuMillisPerRecord"),
                        plainNumber(mix, e.getValue(), "marginalHandlerCpuMillisPerRecord")));
              }
            });
    if (mixes.isEmpty()) {
      throw new IllegalArgumentException(name + ": mixes names no mix");
    }
    return mixes;
  }

  private static JsonNode required(String name, JsonNode root, String field) {
    JsonNode value = root == null ? null : root.get(field);
    if (value == null) {
      throw new IllegalArgumentException(name + ": field " + field + " is missing");
    }
    return value;
  }

  /** A field that is a number itself, not an object with a value and its source. */
  private static double plainNumber(String name, JsonNode root, String field) {
    JsonNode value = required(name, root, field);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(name + ": " + field + " must be a number");
    }
    return value.asDouble();
  }

  private static double number(String name, JsonNode root, String field) {
    JsonNode value = required(name, root, field).path("value");
    if (!value.isNumber()) {
      throw new IllegalArgumentException(name + ": " + field + ".value must be a number");
    }
    return value.asDouble();
  }
}
