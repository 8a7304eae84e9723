package io.adstream.flink;

import io.adstream.config.AdstreamConfig;
import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The adstream pipeline as a Flink job: the events topic in, through {@link PipelineFunction}, out
 * to one transactional Kafka sink per output. Exactly-once end to end: a restart rolls state and
 * source offsets back to the last checkpoint, and what was written since sits in aborted
 * transactions that read-committed consumers never see.
 */
public final class AdstreamJob {
  /**
   * Below the brokers' default transaction.max.timeout.ms (15 min), which Flink's default (1 h)
   * exceeds.
   */
  static final int TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

  private AdstreamJob() {}

  /**
   * On a cluster: {@code flink run adstream-flink-job.jar --bootstrap-servers B [--config JSON]
   * [--pii-secret-id ID] [--checkpoint-interval 30s] [--source-parallelism N] [--kafka.NAME VALUE
   * ...]}. On Managed Service for Apache Flink the same names come from the runtime property group
   * "adstream" ({@link JobArguments}). Without a secret id the PII key comes from the task
   * managers' environment ({@code ADSTREAM_PII_KEY}, {@code ADSTREAM_PII_KEY_VERSION}).
   */
  public static void main(String[] args) throws Exception {
    JobSettings settings =
        JobArguments.of(args, java.nio.file.Path.of(JobArguments.MANAGED_PROPERTIES));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, settings);
    env.execute(
        "adstream " + AdstreamConfig.withOverrides(settings.configOverrides()).names().prefix());
  }

  /** Adds the job's sources, operators and sinks to {@code env}. */
  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    AdstreamConfig config = AdstreamConfig.withOverrides(settings.configOverrides());
    Topics topics = Topics.of(config);
    if (!settings.checkpointInterval().equals(JobSettings.RUNTIME_CHECKPOINTS)) {
      env.enableCheckpointing(
          settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    KafkaSourceBuilder<SourceRecord> source =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setTopics(topics.events())
            .setGroupId(config.names().processorFunction())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaSourceRecords())
            .setProperty("isolation.level", "read_committed");
    settings.kafkaProperties().forEach(source::setProperty);
    if (settings.bounded()) {
      source.setBounded(OffsetsInitializer.latest());
    }
    // no Flink watermarks: lateness is the core's per-partition watermark, kept in keyed state
    // (docs/flink.md)
    DataStream<SourceRecord> records =
        env.fromSource(
                source.build(), WatermarkStrategy.noWatermarks(), "events: " + topics.events())
            .setParallelism(settings.sourceParallelism())
            .uid("events-source");
    SingleOutputStreamOperator<Tuple2<String, byte[]>> processed =
        records
            .keyBy(record -> PipelineFunction.ALL, Types.STRING)
            .process(
                new PipelineFunction(settings.configOverrides(), settings.keys()),
                Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE)))
            .setParallelism(1)
            .uid("pipeline")
            .name("adstream core");

    sink(processed, topics.enriched(), settings, config);
    sink(
        processed.getSideOutput(PipelineFunction.ATTRIBUTION),
        topics.attribution(),
        settings,
        config);
    sink(
        processed.getSideOutput(PipelineFunction.QUARANTINE),
        topics.quarantine(),
        settings,
        config);
    sink(processed.getSideOutput(PipelineFunction.LATE), topics.late(), settings, config);
    sink(processed.getSideOutput(PipelineFunction.ALERTS), topics.alerts(), settings, config);
    sink(processed.getSideOutput(PipelineFunction.STATE), topics.state(), settings, config);
    sink(processed.getSideOutput(PipelineFunction.TOTALS), topics.totals(), settings, config);
  }

  private static void sink(
      DataStream<Tuple2<String, byte[]>> lines,
      String topic,
      JobSettings settings,
      AdstreamConfig config) {
    Properties producer = new Properties();
    producer.putAll(settings.kafkaProperties());
    producer.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(TRANSACTION_TIMEOUT_MS));
    KafkaSink<Tuple2<String, byte[]>> sink =
        KafkaSink.<Tuple2<String, byte[]>>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setKafkaProducerConfig(producer)
            .setRecordSerializer(
                (KafkaRecordSerializationSchema<Tuple2<String, byte[]>>)
                    (line, context, timestamp) ->
                        new ProducerRecord<>(
                            topic,
                            line.f0.isEmpty() ? null : line.f0.getBytes(StandardCharsets.UTF_8),
                            line.f1))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(config.names().prefix() + "-" + topic)
            .build();
    lines.sinkTo(sink).setParallelism(1).uid("sink-" + topic).name("kafka: " + topic);
  }
}
