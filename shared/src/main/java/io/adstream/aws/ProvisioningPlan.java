package io.adstream.aws;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.MappingSettings;
import io.adstream.config.ResourceNames;
import io.adstream.config.TableSpec;
import java.time.Duration;
import java.util.List;

/**
 * Every AWS resource of adstream with its name and settings, derived from one {@link
 * AdstreamConfig}.
 *
 * <p>The local provisioner creates exactly this on the emulator and the local event source mapping
 * runs with exactly {@link #mapping()}; the CDK app derives its resources from the same
 * configuration, so a CDK test can compare the synthesized template against this plan. Pure data:
 * no SDK types.
 */
public record ProvisioningPlan(
    String account,
    String region,
    StreamPlan stream,
    MappingPlan mapping,
    List<TableSpec> tables,
    TopicPlan alertTopic,
    TopicPlan opsTopic,
    QueuePlan alertSubscriber,
    String lakeBucket,
    List<DeliveryStreamPlan> deliveryStreams,
    SecretPlan piiKey) {

  /** The account id emulators report (moto, LocalStack and Floci all use it). */
  public static final String LOCAL_ACCOUNT = "000000000000";

  public ProvisioningPlan {
    tables = List.copyOf(tables);
    deliveryStreams = List.copyOf(deliveryStreams);
  }

  /** The plan for the local emulator: account {@value #LOCAL_ACCOUNT}, region us-east-1. */
  public static ProvisioningPlan of(AdstreamConfig config) {
    return of(config, LOCAL_ACCOUNT, AwsTarget.EMULATOR_REGION);
  }

  public static ProvisioningPlan of(AdstreamConfig config, String account, String region) {
    ResourceNames names = config.names();
    String lakeBucket = names.lakeBucket(account, region);
    StreamPlan stream =
        new StreamPlan(
            names.stream(), config.stream().shardCount(), config.stream().retentionHours());
    int bufferSeconds = config.landing().bufferSeconds();
    int bufferMb = config.landing().bufferMb();
    return new ProvisioningPlan(
        account,
        region,
        stream,
        new MappingPlan(
            names.processorFunction(),
            stream.name(),
            config.mapping(),
            config.processor().timeout(),
            config.processor().memoryMb(),
            lakeBucket),
        names.tables(),
        new TopicPlan(names.alertTopic()),
        new TopicPlan(names.opsTopic()),
        new QueuePlan(names.alertTopic() + "-subscriber", names.alertTopic(), true),
        lakeBucket,
        List.of(
            new DeliveryStreamPlan(
                names.enrichedDeliveryStream(),
                lakeBucket,
                ResourceNames.ENRICHED_PREFIX,
                ResourceNames.FIREHOSE_ERRORS_PREFIX,
                bufferSeconds,
                bufferMb),
            new DeliveryStreamPlan(
                names.attributionDeliveryStream(),
                lakeBucket,
                ResourceNames.ATTRIBUTION_PREFIX,
                ResourceNames.FIREHOSE_ERRORS_PREFIX,
                bufferSeconds,
                bufferMb),
            new DeliveryStreamPlan(
                names.quarantineDeliveryStream(),
                lakeBucket,
                ResourceNames.QUARANTINE_PREFIX,
                ResourceNames.FIREHOSE_ERRORS_PREFIX,
                bufferSeconds,
                bufferMb)),
        new SecretPlan(names.piiKeySecret(), SecretPlan.DEV_KEY_LENGTH));
  }

  public String streamArn() {
    return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + stream.name();
  }

  public String alertTopicArn() {
    return "arn:aws:sns:" + region + ":" + account + ":" + alertTopic.name();
  }

  public String functionArn() {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + mapping.functionName();
  }

  /**
   * The Kinesis stream; always provisioned with {@code shardCount} shards locally (no on-demand
   * mode).
   */
  public record StreamPlan(String name, int shardCount, int retentionHours) {}

  /** The processor's Kinesis event source mapping, with its S3 on-failure destination. */
  public record MappingPlan(
      String functionName,
      String streamName,
      MappingSettings settings,
      Duration functionTimeout,
      int functionMemoryMb,
      String onFailureBucket) {}

  public record TopicPlan(String name) {}

  /**
   * A queue subscribed to a topic so that what the topic publishes can be read back (locally: the
   * alerts).
   *
   * @param rawMessageDelivery the message body is the published message itself, not an SNS envelope
   */
  public record QueuePlan(String name, String topicName, boolean rawMessageDelivery) {}

  /**
   * A Firehose delivery stream into the lake, under {@code prefix}; failed deliveries under {@code
   * errorOutputPrefix}.
   */
  public record DeliveryStreamPlan(
      String name,
      String bucket,
      String prefix,
      String errorOutputPrefix,
      int bufferSeconds,
      int bufferMb) {}

  /**
   * The PII key secret: {@code {"version": 1, "key": "<generatedLength letters and digits>"}}
   * (letters and digits are valid base64), the same document the CDK app generates; see
   * KeyRing.fromSecretDocument.
   */
  public record SecretPlan(String name, int generatedLength) {
    public static final int DEV_KEY_LENGTH = 64;
  }
}
