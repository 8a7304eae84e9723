package io.adstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.config.AdstreamConfig;
import io.adstream.observability.BatchMetrics;
import io.adstream.observability.MetricNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * What the processor writes to its log group per invocation, which CloudWatch Logs bills by the
 * byte (the cost model's logBytesPerInvocation): the EMF lines Powertools prints to stdout, as
 * CloudWatch reads them (every metric the dashboard and the alarms of Observability read, with the
 * dimension sets they read it by), and their size, plus the lines Lambda itself writes.
 */
class EmfLogBytesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FUNCTION = AdstreamConfig.defaults().names().processorFunction();
  private static final double WRITE_UNIT_PRICE_USD =
      AdstreamConfig.defaults().capacity().writeUnitPriceUsd();
  private static final String SHARD = "shardId-000000000003";

  /** Where Lambda's Java runtime puts the invocation's X-Ray trace header. */
  private static final String TRACE_HEADER = "com.amazonaws.xray.traceHeader";

  /**
   * What Lambda writes per invocation in the text log format: START, END and REPORT (no Init or
   * Restore Duration: those come once per execution environment). Their form is the one of the
   * Lambda developer guide (java-logging, and the operator guide's log-structure page); the
   * durations and memory are a typical processor invocation's.
   */
  private static final String REQUEST_ID = "8fc6f963-411b-58b5-8483-a32130c0f45d";

  static final List<String> PLATFORM_LINES =
      List.of(
          "START RequestId: " + REQUEST_ID + " Version: 12\n",
          "END RequestId: " + REQUEST_ID + "\n",
          "REPORT RequestId: "
              + REQUEST_ID
              + "\tDuration: 412.35 ms\tBilled Duration: 413 ms\tMemory Size: 1024 MB\tMax Memory"
              + " Used: 243 MB\t\n");

  /** Guarantee 1 (docs/guarantees.md), per shard. */
  private static final List<String> CONSERVATION = MetricNames.BY_SHARD;

  /** Per-invocation EMF bytes the processor may write for a batch of the typical size. */
  static final int TYPICAL_EMF_CEILING = 1_800;

  static final int HUNDRED_EMF_CEILING = 2_450;
  static final int LARGE_EMF_CEILING = 3_300;

  /** EMF and Lambda's own lines, per typical invocation. */
  static final int TYPICAL_INVOCATION_CEILING = 2_100;

  private final EmfMetricsSink sink = new EmfMetricsSink(FUNCTION, WRITE_UNIT_PRICE_USD);

  @Test
  void typicalBatchPublishesWhatTheDashboardAndAlarmsReadInFewBytes() {
    // 10M events/day: 14 records a batch, one a duplicate, nothing quarantined, no alert
    BatchMetrics batch = batch(14, 1, Map.of(), Map.of());
    Emitted emitted = publish(batch);

    assertReadByDashboardAndAlarms(emitted, batch);
    assertThat(emitted.values(MetricNames.RECORDS_DUPLICATE, dims())).containsExactly(1.0);
    assertThat(emitted.values(MetricNames.RECORDS_QUARANTINED, dims())).containsExactly(0.0);
    assertThat(emitted.series(MetricNames.DIM_REASON)).isEmpty();
    assertThat(emitted.series(MetricNames.DIM_RULE)).isEmpty();
    report("14 records", emitted);
    assertThat(emitted.bytes()).isLessThanOrEqualTo(TYPICAL_EMF_CEILING);
    assertThat(emitted.bytes() + platformBytes()).isLessThanOrEqualTo(TYPICAL_INVOCATION_CEILING);
  }

  @Test
  void hundredRecordBatchKeepsEveryEventAge() {
    BatchMetrics batch = batch(100, 0, Map.of(), Map.of());
    Emitted emitted = publish(batch);

    assertReadByDashboardAndAlarms(emitted, batch);
    report("100 records", emitted);
    assertThat(emitted.bytes()).isLessThanOrEqualTo(HUNDRED_EMF_CEILING);
  }

  @Test
  void largeBatchBreaksQuarantineDownByReasonAndAlertsByRule() {
    BatchMetrics batch =
        batch(
            500,
            0,
            Map.of("missing_field:ip", 1, "missing_field:user_id", 1, "bad_time:event_time", 1),
            Map.of("anomaly", 1));
    Emitted emitted = publish(batch);

    assertReadByDashboardAndAlarms(emitted, batch);
    // the dashboard's SEARCH over {Function, Reason} and {Function, Rule}; a reason by its kind, as
    // field names are the producer's to choose and each value would be a metric billed monthly
    assertThat(
            emitted.values(
                MetricNames.RECORDS_QUARANTINED, dims(MetricNames.DIM_REASON, "missing_field")))
        .containsExactly(2.0);
    assertThat(
            emitted.values(
                MetricNames.RECORDS_QUARANTINED, dims(MetricNames.DIM_REASON, "bad_time")))
        .containsExactly(1.0);
    assertThat(emitted.values(MetricNames.ALERTS_PUBLISHED, dims(MetricNames.DIM_RULE, "anomaly")))
        .containsExactly(1.0);
    assertThat(emitted.values(MetricNames.RECORDS_QUARANTINED, dims())).containsExactly(3.0);
    assertThat(emitted.lines())
        .as("a line for the batch, one for each reason and rule, one for the shard")
        .hasSize(5);
    report("500 records", emitted);
    assertThat(emitted.bytes()).isLessThanOrEqualTo(LARGE_EMF_CEILING);
  }

  /**
   * Powertools keeps one Metrics object per invocation (keyed by its X-Ray trace id, which Lambda
   * sets for each) until that invocation's flush() removes it. A line flushed after it makes a new
   * one that nothing removes: one more per invocation, for the life of the execution environment.
   * Read through Powertools' internals, as nothing else shows it.
   */
  @Test
  void publishingLeavesNoPerInvocationMetricsBehind() throws ReflectiveOperationException {
    Object proxy = MetricsFactory.getMetricsInstance();
    Field field = proxy.getClass().getDeclaredField("metricsMap");
    field.setAccessible(true);
    Map<?, ?> perInvocation = (Map<?, ?>) field.get(proxy);
    String header = System.getProperty(TRACE_HEADER);
    try {
      for (int i = 0; i < 3; i++) {
        System.setProperty(TRACE_HEADER, "Root=1-6750a0c0-%024x;Sampled=0".formatted(i));
        publish(batch(500, 0, Map.of("bad_time", 1), Map.of("anomaly", 1)));
      }
    } finally {
      if (header == null) {
        System.clearProperty(TRACE_HEADER);
      } else {
        System.setProperty(TRACE_HEADER, header);
      }
    }
    assertThat(perInvocation.keySet()).noneMatch(key -> key.toString().startsWith("1-6750a0c0-"));
  }

  /**
   * Every {Function} metric Observability reads, with the batch's values (event age: the batch's
   * ages, all of them up to 100, else 100 of them), and the conservation counters per shard.
   */
  private static void assertReadByDashboardAndAlarms(Emitted emitted, BatchMetrics batch) {
    for (String name : MetricNames.READ_BY_FUNCTION) {
      assertThat(emitted.values(name, dims())).as("%s by {Function}", name).isNotEmpty();
    }
    assertThat(emitted.values(MetricNames.RECORDS_RECEIVED, dims()))
        .containsExactly((double) batch.received());
    assertThat(emitted.values(MetricNames.RECORDS_ACCEPTED, dims()))
        .containsExactly((double) batch.accepted());
    assertThat(emitted.values(MetricNames.PROCESSING_TIME_MS, dims()))
        .containsExactly((double) batch.processingMillis());
    assertThat(emitted.values(MetricNames.WRITE_COST_PER_MILLION, dims()))
        .containsExactly(batch.writeCostPerMillionRecords(WRITE_UNIT_PRICE_USD));
    List<Double> ages = emitted.values(MetricNames.EVENT_AGE_MS, dims());
    assertThat(ages)
        .hasSize(Math.min(100, batch.eventAgesMillis().size()))
        .allMatch(age -> batch.eventAgesMillis().contains(age.longValue()));
    for (String name : CONSERVATION) {
      assertThat(emitted.values(name, dims(MetricNames.DIM_SHARD, SHARD)))
          .as("%s by {Function, ShardId}", name)
          .hasSize(1);
    }
    assertThat(emitted.series(MetricNames.DIM_SHARD))
        .as("only the conservation counters are published per shard")
        .containsExactlyInAnyOrderElementsOf(MetricNames.BY_SHARD);
    // what the cost model counts as custom metrics (CostModel)
    assertThat(emitted.functionOnly())
        .as("the metrics published by {Function} alone")
        .containsExactlyInAnyOrderElementsOf(MetricNames.BY_FUNCTION);
  }

  private static int platformBytes() {
    return PLATFORM_LINES.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  private static void report(String label, Emitted emitted) {
    System.out.printf(
        "%s: %d EMF lines, %d bytes; with Lambda's START, END and REPORT (%d bytes): %d%n",
        label,
        emitted.lines().size(),
        emitted.bytes(),
        platformBytes(),
        emitted.bytes() + platformBytes());
  }

  /**
   * A batch as BatchProcessor builds it: duplicates and quarantined records out of {@code records},
   * the rest accepted; an accepted click in ten attributed; event ages of a few seconds.
   */
  private static BatchMetrics batch(
      int records, int duplicates, Map<String, Integer> byReason, Map<String, Integer> byRule) {
    int quarantined = byReason.values().stream().mapToInt(Integer::intValue).sum();
    int accepted = records - duplicates - quarantined;
    Random random = new Random(records);
    List<Long> ages = new ArrayList<>();
    for (int i = 0; i < accepted; i++) {
      ages.add(400L + random.nextInt(5_600));
    }
    Map<String, Double> units =
        Map.of(
            "dedup/event", (double) accepted,
            "aggregates/minute", 6.0,
            "aggregates/hour", 6.0,
            "state/watermark", 1.0,
            "state/source_activity", 1.0,
            "joins/impression", accepted * 0.8);
    return new BatchMetrics(
        SHARD,
        records,
        accepted,
        new TreeMap<>(Map.of("impression", accepted)),
        duplicates,
        quarantined,
        new TreeMap<>(byReason),
        0,
        accepted / 10,
        0,
        0,
        0,
        accepted + quarantined,
        new TreeMap<>(byRule),
        new TreeMap<>(units),
        records * 4L + 120,
        ages);
  }

  private static Map<String, String> dims(String... extra) {
    Map<String, String> dims = new TreeMap<>();
    dims.put(MetricNames.DIM_FUNCTION, FUNCTION);
    for (int i = 0; i < extra.length; i += 2) {
      dims.put(extra[i], extra[i + 1]);
    }
    return dims;
  }

  /** Publishes one batch and reads back what reached stdout, as CloudWatch would. */
  private Emitted publish(BatchMetrics batch) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      sink.publish(batch);
    } finally {
      System.setOut(stdout);
    }
    return Emitted.of(captured.toString(StandardCharsets.UTF_8), captured.size());
  }

  /**
   * The EMF lines of one invocation and the metric values CloudWatch extracts from them: for every
   * directive, each of its metrics by each of its dimension sets, the values at the document's
   * root.
   */
  record Emitted(List<String> lines, int bytes, Map<String, List<Double>> valuesBySeries) {
    static Emitted of(String text, int bytes) {
      List<String> lines = text.lines().toList();
      Map<String, List<Double>> values = new TreeMap<>();
      for (String line : lines) {
        JsonNode root = parse(line);
        Set<String> extracted = new TreeSet<>(Set.of("_aws"));
        assertThat(root.path("_aws").path("Timestamp").isIntegralNumber())
            .as("EMF Timestamp in %s", line)
            .isTrue();
        for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
          assertThat(directive.path("Namespace").asText()).isEqualTo(MetricNames.NAMESPACE);
          for (JsonNode dimensionSet : directive.path("Dimensions")) {
            Map<String, String> dims = new TreeMap<>();
            for (JsonNode dimension : dimensionSet) {
              JsonNode value = root.path(dimension.asText());
              assertThat(value.isTextual()).as("dimension %s in %s", dimension, line).isTrue();
              dims.put(dimension.asText(), value.asText());
              extracted.add(dimension.asText());
            }
            for (JsonNode metric : directive.path("Metrics")) {
              extracted.add(metric.path("Name").asText());
              JsonNode value = root.path(metric.path("Name").asText());
              assertThat(value.isNumber() || value.isArray())
                  .as("value of %s in %s", metric, line)
                  .isTrue();
              List<Double> list =
                  values.computeIfAbsent(
                      key(metric.path("Name").asText(), dims), k -> new ArrayList<>());
              if (value.isArray()) {
                assertThat(value.size())
                    .as("EMF takes at most 100 values")
                    .isLessThanOrEqualTo(100);
                value.forEach(v -> list.add(v.asDouble()));
              } else {
                list.add(value.asDouble());
              }
            }
          }
        }
        // properties are billed like the rest, and the dashboard and alarms read none of them
        assertThat(root.properties().stream().map(Map.Entry::getKey))
            .as("what %s holds besides metrics and their dimensions", line)
            .isSubsetOf(extracted);
      }
      return new Emitted(lines, bytes, values);
    }

    List<Double> values(String name, Map<String, String> dims) {
      return valuesBySeries.getOrDefault(key(name, dims), List.of());
    }

    /** The names published with a dimension set holding {@code dimension}. */
    TreeSet<String> series(String dimension) {
      TreeSet<String> names = new TreeSet<>();
      valuesBySeries
          .keySet()
          .forEach(
              key -> {
                if (key.contains(dimension + "=")) {
                  names.add(key.substring(0, key.indexOf('{')));
                }
              });
      return names;
    }

    /** The names published with {Function} as their only dimension. */
    TreeSet<String> functionOnly() {
      TreeSet<String> names = new TreeSet<>();
      String suffix = "{" + MetricNames.DIM_FUNCTION + "=" + FUNCTION + "}";
      valuesBySeries
          .keySet()
          .forEach(
              key -> {
                if (key.endsWith(suffix)) {
                  names.add(key.substring(0, key.length() - suffix.length()));
                }
              });
      return names;
    }

    private static String key(String name, Map<String, String> dims) {
      return name + new TreeMap<>(dims);
    }

    private static JsonNode parse(String line) {
      try {
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("not an EMF line: " + line, e);
      }
    }
  }
}
