package io.adstream.infra;

import static io.adstream.config.ResourceNames.ATTRIBUTION_PREFIX;
import static io.adstream.config.ResourceNames.ENRICHED_PREFIX;
import static io.adstream.config.ResourceNames.FIREHOSE_ERRORS_PREFIX;
import static io.adstream.config.ResourceNames.QUARANTINE_PREFIX;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.LandingSettings;
import io.adstream.config.ResourceNames;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.AppendDelimiterToRecordProcessor;
import software.amazon.awscdk.services.kinesisfirehose.Compression;
import software.amazon.awscdk.services.kinesisfirehose.DeliveryStream;
import software.amazon.awscdk.services.kinesisfirehose.DynamicPartitioningProps;
import software.amazon.awscdk.services.kinesisfirehose.EnableLogging;
import software.amazon.awscdk.services.kinesisfirehose.MetadataExtractionProcessor;
import software.amazon.awscdk.services.kinesisfirehose.RecordDeAggregationProcessor;
import software.amazon.awscdk.services.kinesisfirehose.S3Bucket;
import software.amazon.awscdk.services.kinesisfirehose.StreamEncryption;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Firehose delivery streams that land the processor's output in the lake, partitioned by event type and
 * date/hour, GZIP-compressed.
 *
 * <p>The processor packs several newline-delimited JSON events into each Firehose record (so the 5 KB billing
 * increment does not multiply the bill); Firehose splits them again (JSON de-aggregation), gives each its
 * newline back, and reads the partition keys from each event with JQ.
 */
final class Landing extends Construct {
  /**
   * Enriched and attribution lines are partitioned by event time. The processor writes event_time in UTC
   * ("...Z"), so its first 10 characters are the date and characters 11-12 the hour.
   */
  static final SequencedMap<String, String> BY_EVENT_TIME =
      partitionKeys(".event_type", ".event_time[0:10]", ".event_time[11:13]");

  /**
   * Quarantine lines may have no usable event time, or no known type: they are partitioned by the time the
   * stream received them (the quarantine record's source.arrival_time, UTC), and by type only when known.
   */
  static final SequencedMap<String, String> BY_RECEIPT =
      partitionKeys("(.event_type // \"unknown\")", ".source.arrival_time[0:10]", ".source.arrival_time[11:13]");

  final DeliveryStream enriched;
  final DeliveryStream attribution;
  final DeliveryStream quarantine;

  private final LandingSettings settings;
  private final DataLake lake;
  private final OperationalLogs logs;

  Landing(Construct scope, String id, AdstreamConfig config, DataLake lake, OperationalLogs logs) {
    super(scope, id);
    this.settings = config.landing();
    this.lake = lake;
    this.logs = logs;
    ResourceNames names = config.names();
    enriched = deliveryStream("Enriched", names.enrichedDeliveryStream(), ENRICHED_PREFIX, BY_EVENT_TIME);
    attribution = deliveryStream("Attribution", names.attributionDeliveryStream(), ATTRIBUTION_PREFIX, BY_EVENT_TIME);
    quarantine = deliveryStream("Quarantine", names.quarantineDeliveryStream(), QUARANTINE_PREFIX, BY_RECEIPT);
  }

  List<DeliveryStream> all() {
    return List.of(enriched, attribution, quarantine);
  }

  /** The processor puts packed records (PutRecordBatch only) into every delivery stream. */
  void grantPutRecordBatch(IGrantable processor) {
    Permissions.allow(
        processor,
        List.of("firehose:PutRecordBatch"),
        all().stream().map(DeliveryStream::getDeliveryStreamArn).toList());
  }

  /** S3 key of landed objects, e.g. {@code enriched/event_type=click/dt=2025-01-31/hour=09/}. */
  static String dataPrefix(String lakePrefix, SequencedMap<String, String> partitionKeys) {
    return lakePrefix
        + partitionKeys.keySet().stream()
            .map(key -> key + "=!{partitionKeyFromQuery:" + key + "}/")
            .collect(Collectors.joining());
  }

  /** Records Firehose could not partition or deliver, by failure kind, under firehose-errors/. */
  static String errorPrefix(String lakePrefix) {
    return FIREHOSE_ERRORS_PREFIX + lakePrefix + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/";
  }

  private static SequencedMap<String, String> partitionKeys(String eventType, String date, String hour) {
    // ordered: the keys make the S3 path, and a stable JQ query keeps the template stable
    SequencedMap<String, String> keys = new LinkedHashMap<>();
    keys.put("event_type", eventType);
    keys.put("dt", date);
    keys.put("hour", hour);
    return keys;
  }

  /** One delivery stream, with a role that may only write its own prefixes. */
  private DeliveryStream deliveryStream(
      String id, String name, String lakePrefix, SequencedMap<String, String> partitionKeys) {
    LogGroup logGroup = logs.create(this, id + "Logs", "/aws/kinesisfirehose/" + name);
    Role role = role(id, name, lakePrefix, logGroup);
    // The L2 destination grants its role read/write/delete on the whole bucket and every KMS action;
    // it gets a view of the role that ignores those grants, and the role holds only what role() allows.
    IRole grantsIgnored = role.withoutPolicyUpdates();
    DeliveryStream stream =
        DeliveryStream.Builder.create(this, id)
            .deliveryStreamName(name)
            .encryption(StreamEncryption.customerManagedKey(lake.key))
            .role(grantsIgnored)
            .destination(
                S3Bucket.Builder.create(lake.bucket)
                    .role(grantsIgnored)
                    .dataOutputPrefix(dataPrefix(lakePrefix, partitionKeys))
                    .errorOutputPrefix(errorPrefix(lakePrefix))
                    .dynamicPartitioning(DynamicPartitioningProps.builder().enabled(true).build())
                    .processors(
                        List.of(
                            // JSON (not newline) de-aggregation: a trailing newline yields no empty record
                            RecordDeAggregationProcessor.json(),
                            new AppendDelimiterToRecordProcessor(),
                            MetadataExtractionProcessor.jq16(partitionKeys)))
                    .bufferingInterval(Duration.seconds(settings.bufferSeconds()))
                    .bufferingSize(Size.mebibytes(settings.bufferMb()))
                    .compression(Compression.GZIP)
                    .encryptionKey(lake.key)
                    .loggingConfig(new EnableLogging(logGroup))
                    .build())
            .build();
    // the delivery stream checks its role's access when it is created
    stream.getNode().addDependency(role);
    return stream;
  }

  private Role role(String id, String name, String lakePrefix, LogGroup logGroup) {
    Role role =
        Role.Builder.create(this, id + "Role")
            .description("Firehose " + name + ": writes " + lakePrefix + " of the lake")
            .assumedBy(
                new ServicePrincipal("firehose.amazonaws.com")
                    .withConditions(Map.of("StringEquals", Map.of("sts:ExternalId", Aws.ACCOUNT_ID))))
            .build();
    Permissions.allow(
        role,
        List.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"),
        List.of(
            lake.bucket.arnForObjects(lakePrefix + "*"),
            lake.bucket.arnForObjects(FIREHOSE_ERRORS_PREFIX + lakePrefix + "*")));
    Permissions.allow(
        role,
        List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"),
        List.of(lake.bucket.getBucketArn()));
    Permissions.allowKeyUse(role, lake.key, "s3", List.of("kms:GenerateDataKey", "kms:Decrypt"));
    logGroup.grantWrite(role);
    Compliance.allowInlinePolicy(role);
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(Compliance.objectsUnderPrefix(lake.bucket, List.of(lakePrefix, FIREHOSE_ERRORS_PREFIX + lakePrefix))),
        true);
    return role;
  }
}
