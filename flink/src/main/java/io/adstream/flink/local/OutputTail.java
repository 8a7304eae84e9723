package io.adstream.flink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.flink.RunTotals;
import io.adstream.flink.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the job's enriched and totals topics as a read-committed consumer does while the job
 * runs: when each accepted record's enriched line became visible (by its {@code shard/sequence}),
 * and the job's latest committed totals. What a streaming flink-local run measures its latency and
 * its end with.
 */
final class OutputTail implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> visibleNanos = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String enriched;
  private final String totalsTopic;
  private final Thread thread;
  private volatile RunTotals totals = RunTotals.ZERO;
  private volatile RuntimeException failure;
  private volatile boolean stop;

  OutputTail(EmbeddedKafka kafka, Topics topics) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    enriched = topics.enriched();
    totalsTopic = topics.totals();
    List<TopicPartition> partitions =
        List.of(new TopicPartition(enriched, 0), new TopicPartition(totalsTopic, 0));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::follow, "flink-local output tail");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow() {
    try {
      while (!stop) {
        for (ConsumerRecord<byte[], byte[]> message : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          if (message.topic().equals(enriched)) {
            JsonNode line = JSON.readTree(message.value());
            visibleNanos.putIfAbsent(
                line.get("shard_id").asText() + "/" + line.get("sequence_number").asText(), now);
          } else {
            totals = RunTotals.fromJson(new String(message.value(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stop) {
        failure = new IllegalStateException("cannot follow the job's output topics", e);
      }
    } finally {
      consumer.close();
    }
  }

  /** The job's totals as of its last completed checkpoint. */
  RunTotals totals() {
    if (failure != null) {
      throw failure;
    }
    return totals;
  }

  /**
   * When the enriched line of the record at {@code shard/sequence} became visible ({@link
   * System#nanoTime()}).
   */
  Long visibleAt(String position) {
    return visibleNanos.get(position);
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(30));
  }
}
