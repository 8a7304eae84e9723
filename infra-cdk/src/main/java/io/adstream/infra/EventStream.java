package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.StreamSettings;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamConsumer;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/** The Kinesis "events" stream producers write to, and the processor's way of reading it. */
final class EventStream extends Construct {
  final Key key;
  final Stream stream;

  /**
   * Present with stream.enhancedFanOut: the processor then reads through its own 2 MB/s per shard
   * pipe.
   */
  final Optional<StreamConsumer> processorConsumer;

  EventStream(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    StreamSettings settings = config.stream();
    key = Keys.create(this, "Key", "adstream events stream");
    Stream.Builder builder =
        Stream.Builder.create(this, "Stream")
            .streamName(config.names().stream())
            .encryption(StreamEncryption.KMS)
            .encryptionKey(key)
            .retentionPeriod(Duration.hours(settings.retentionHours()))
            // records not yet processed are the only copy of the producers' events
            .removalPolicy(RemovalPolicy.RETAIN);
    if (settings.onDemand()) {
      builder.streamMode(StreamMode.ON_DEMAND);
    } else {
      builder.streamMode(StreamMode.PROVISIONED).shardCount(settings.shardCount());
    }
    stream = builder.build();
    NagSuppressions.addResourceSuppressions(
        stream,
        List.of(
            Compliance.suppression(
                "AwsSolutions-KDS3",
                "The pipeline keeps all data at rest under customer-managed KMS keys (PCI scope); the key's per-request cost"
                    + " is small next to the stream's.")));
    processorConsumer =
        settings.enhancedFanOut()
            ? Optional.of(
                StreamConsumer.Builder.create(this, "ProcessorConsumer").stream(stream)
                    .streamConsumerName(config.names().processorConsumer())
                    .build())
            : Optional.empty();
  }

  /**
   * What the processor's event source mapping reads: its consumer with enhanced fan-out, else the
   * stream.
   */
  String processorSourceArn() {
    return processorConsumer
        .map(StreamConsumer::getStreamConsumerArn)
        .orElse(stream.getStreamArn());
  }

  /**
   * Read access (and decryption) for the event source mapping, which polls with the function's
   * role.
   */
  void grantProcessorRead(IGrantable processor) {
    processorConsumer.ifPresentOrElse(
        consumer -> consumer.grantRead(processor), () -> stream.grantRead(processor));
  }

  /** The alert check lists the shards to find each shard's source activity; it reads no records. */
  void grantListShards(IGrantable checker) {
    Permissions.allow(checker, List.of("kinesis:ListShards"), List.of(stream.getStreamArn()));
  }
}
