package io.adstream.flink.local;

import io.adstream.config.AdstreamConfig;
import io.adstream.flink.AdstreamJob;
import io.adstream.flink.JobSettings;
import io.adstream.flink.RunTotals;
import io.adstream.flink.Topics;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job on a Kafka broker, bounded: creates the topics, puts the lines, runs the job until it has
 * read them all, and reads back what read-committed consumers see. What {@code adstream
 * flink-local} and the tests run.
 */
public final class KafkaRun {
  private final EmbeddedKafka kafka;
  private final JobSettings settings;
  private final AdstreamConfig config;
  private final Topics topics;

  public KafkaRun(EmbeddedKafka kafka, JobSettings settings) {
    this.kafka = kafka;
    this.settings = settings;
    this.config = AdstreamConfig.withOverrides(settings.configOverrides());
    this.topics = Topics.of(config);
  }

  public Topics topics() {
    return topics;
  }

  /** The events topic with {@code partitions} partitions and every output topic with one. */
  public void createTopics(int partitions) throws Exception {
    kafka.createTopic(topics.events(), partitions);
    for (String output : topics.outputs()) {
      kafka.createTopic(output, 1);
    }
  }

  public void put(List<Map.Entry<String, byte[]>> keyedLines) {
    kafka.produce(topics.events(), keyedLines);
  }

  /** Runs the bounded job to its end on {@code env} (a local one or a MiniCluster's). */
  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    AdstreamJob.build(env, settings);
    return env.execute("adstream " + config.names().prefix());
  }

  /** Submits the job without waiting: an unbounded one runs until cancelled. */
  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    AdstreamJob.build(env, settings);
    return env.executeAsync("adstream " + config.names().prefix());
  }

  /** The committed run totals: what the job had processed as of its last completed checkpoint. */
  public RunTotals committedTotals() {
    List<byte[]> totals = values(topics.totals());
    return totals.isEmpty()
        ? RunTotals.ZERO
        : RunTotals.fromJson(new String(totals.getLast(), StandardCharsets.UTF_8));
  }

  public Result read() {
    Map<String, Long> bytes = new java.util.TreeMap<>();
    List<byte[]> enriched = values(topics.enriched(), bytes);
    List<Map.Entry<String, byte[]>> state = new ArrayList<>();
    kafka
        .readCommitted(topics.state())
        .forEach(
            r -> {
              state.add(new AbstractMap.SimpleImmutableEntry<>(key(r), r.value()));
              bytes.merge(topics.state(), size(r), Long::sum);
            });
    List<String> alertIds = new ArrayList<>();
    kafka
        .readCommitted(topics.alerts())
        .forEach(
            r -> {
              alertIds.add(key(r));
              bytes.merge(topics.alerts(), size(r), Long::sum);
            });
    RunTotals last = committedTotals();
    values(topics.totals(), bytes);
    PipelineOutputs outputs =
        PipelineOutputs.of(
            PipelineOutputs.aggregates(config, state),
            values(topics.attribution(), bytes),
            enriched,
            alertIds);
    return new Result(
        outputs,
        last,
        values(topics.quarantine(), bytes).size(),
        values(topics.late(), bytes).size(),
        state.size(),
        bytes);
  }

  /**
   * @param quarantineLines lines on the quarantine topic
   * @param lateLines lines on the late topic
   * @param stateItems items on the serving-state changelog
   * @param outputBytes committed key and value bytes per output topic
   */
  public record Result(
      PipelineOutputs outputs,
      RunTotals totals,
      int quarantineLines,
      int lateLines,
      int stateItems,
      Map<String, Long> outputBytes) {}

  private List<byte[]> values(String topic) {
    return values(topic, new java.util.HashMap<>());
  }

  private List<byte[]> values(String topic, Map<String, Long> bytes) {
    List<byte[]> values = new ArrayList<>();
    kafka
        .readCommitted(topic)
        .forEach(
            r -> {
              values.add(r.value());
              bytes.merge(topic, size(r), Long::sum);
            });
    return values;
  }

  private static long size(ConsumerRecord<byte[], byte[]> record) {
    return (record.key() == null ? 0 : record.key().length)
        + (record.value() == null ? 0 : record.value().length);
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
  }
}
