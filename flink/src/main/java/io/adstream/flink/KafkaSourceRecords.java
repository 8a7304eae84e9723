package io.adstream.flink;

import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka message as the core's {@link SourceRecord}: the partition is the shard (the unit of order
 * and of the lateness watermark), the offset the sequence number, the message key the partition
 * key, the broker's timestamp the arrival time. The bytes are passed on untouched: decoding is the
 * core's, so a malformed message is quarantined with its original bytes, never dropped by a
 * deserializer.
 */
public final class KafkaSourceRecords implements KafkaRecordDeserializationSchema<SourceRecord> {
  private static final long serialVersionUID = 1L;

  /**
   * Kinesis-like shard ids, so that per-shard state (watermarks, fences) reads the same in both
   * stacks.
   */
  public static String shardId(int partition) {
    return String.format(java.util.Locale.ROOT, "partition-%06d", partition);
  }

  public static SourceRecord of(ConsumerRecord<byte[], byte[]> message) {
    return new SourceRecord(
        message.topic(),
        shardId(message.partition()),
        Long.toString(message.offset()),
        message.key() == null ? "" : new String(message.key(), StandardCharsets.UTF_8),
        Instant.ofEpochMilli(message.timestamp()),
        message.value() == null ? new byte[0] : message.value());
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<SourceRecord> out) {
    out.collect(of(message));
  }

  @Override
  public TypeInformation<SourceRecord> getProducedType() {
    return TypeInformation.of(SourceRecord.class);
  }
}
