package io.adstream.infra;

import static io.adstream.config.ResourceNames.ATTRIBUTION_PREFIX;
import static io.adstream.config.ResourceNames.ENRICHED_PREFIX;
import static io.adstream.config.ResourceNames.FIREHOSE_ERRORS_PREFIX;
import static io.adstream.config.ResourceNames.QUARANTINE_PREFIX;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.LandingSettings;
import io.adstream.config.ResourceNames;
import io.adstream.landing.LakePartition;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.Compression;
import software.amazon.awscdk.services.kinesisfirehose.DataProcessorProps;
import software.amazon.awscdk.services.kinesisfirehose.DeliveryStream;
import software.amazon.awscdk.services.kinesisfirehose.DynamicPartitioningProps;
import software.amazon.awscdk.services.kinesisfirehose.EnableLogging;
import software.amazon.awscdk.services.kinesisfirehose.LambdaFunctionProcessor;
import software.amazon.awscdk.services.kinesisfirehose.S3Bucket;
import software.amazon.awscdk.services.kinesisfirehose.StreamEncryption;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Firehose delivery streams that land the processor's output in the lake, partitioned by event
 * type and date/hour ({@link LakePartition}), GZIP-compressed.
 *
 * <p>The processor packs several newline-terminated JSON lines of one partition into each Firehose
 * record (so the 5 KB billing increment does not multiply the bill); a small transformation
 * function reads each record's partition keys from its first line and passes the record through
 * unchanged. A JQ query would parse every line and be billed per hour of JQ processing.
 */
final class Landing extends Construct {
  static final String PARTITION_HANDLER = "io.adstream.lambda.LakePartitionHandler::handleRequest";
  static final int TRANSFORM_RESERVED_CONCURRENCY = 10;

  final Function partitioner;
  final DeliveryStream enriched;
  final DeliveryStream attribution;
  final DeliveryStream quarantine;

  private final LandingSettings settings;
  private final DataLake lake;
  private final OperationalLogs logs;

  Landing(
      Construct scope,
      String id,
      AdstreamConfig config,
      Code code,
      DataLake lake,
      OperationalLogs logs) {
    super(scope, id);
    this.settings = config.landing();
    this.lake = lake;
    this.logs = logs;
    ResourceNames names = config.names();
    partitioner = partitioner(config, code);
    enriched = deliveryStream("Enriched", names.enrichedDeliveryStream(), ENRICHED_PREFIX);
    attribution =
        deliveryStream("Attribution", names.attributionDeliveryStream(), ATTRIBUTION_PREFIX);
    quarantine = deliveryStream("Quarantine", names.quarantineDeliveryStream(), QUARANTINE_PREFIX);
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
  static String dataPrefix(String lakePrefix) {
    return lakePrefix
        + Stream.of(LakePartition.EVENT_TYPE, LakePartition.DATE, LakePartition.HOUR)
            .map(key -> key + "=!{partitionKeyFromLambda:" + key + "}/")
            .collect(Collectors.joining());
  }

  /** Records Firehose could not partition or deliver, by failure kind, under firehose-errors/. */
  static String errorPrefix(String lakePrefix) {
    return FIREHOSE_ERRORS_PREFIX
        + lakePrefix
        + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/";
  }

  /**
   * The record transformation of every delivery stream: the shared jar, invoked by Firehose only.
   */
  private Function partitioner(AdstreamConfig config, Code code) {
    Construct scope = new Construct(this, "Partitioner");
    String name = config.names().lakePartitionFunction();
    Role role =
        JavaFunctions.role(
            scope, "adstream lake partitioner: reads the partition of Firehose records");
    LogGroup logGroup = JavaFunctions.logGroup(scope, logs, name, role);
    Function function =
        JavaFunctions.builder(
                scope,
                config,
                name,
                "adstream lake partitioner: Firehose dynamic partitioning keys",
                PARTITION_HANDLER,
                code,
                role,
                logGroup)
            .memorySize(512)
            .timeout(Duration.minutes(1))
            .reservedConcurrentExecutions(TRANSFORM_RESERVED_CONCURRENCY)
            .environment(JavaFunctions.environment(config, name, Map.of()))
            .build();
    Compliance.allowInlinePolicy(role);
    JavaFunctions.suppressRuntimeAndVpc(
        function,
        "The partitioner calls no service at all: Firehose invokes it with records and it answers.");
    return function;
  }

  /**
   * One delivery stream, with a role that may only write its own prefixes and invoke the
   * partitioner.
   */
  private DeliveryStream deliveryStream(String id, String name, String lakePrefix) {
    LogGroup logGroup = logs.create(this, id + "Logs", "/aws/kinesisfirehose/" + name);
    Role role = role(id, name, lakePrefix, logGroup);
    // The L2 destination grants its role read/write/delete on the whole bucket and every KMS
    // action;
    // it gets a view of the role that ignores those grants, and the role holds only what role()
    // allows.
    IRole grantsIgnored = role.withoutPolicyUpdates();
    DeliveryStream stream =
        DeliveryStream.Builder.create(this, id)
            .deliveryStreamName(name)
            .encryption(StreamEncryption.customerManagedKey(lake.key))
            .role(grantsIgnored)
            .destination(
                S3Bucket.Builder.create(lake.bucket)
                    .role(grantsIgnored)
                    .dataOutputPrefix(dataPrefix(lakePrefix))
                    .errorOutputPrefix(errorPrefix(lakePrefix))
                    .dynamicPartitioning(DynamicPartitioningProps.builder().enabled(true).build())
                    .processors(
                        List.of(
                            new LambdaFunctionProcessor(
                                partitioner,
                                DataProcessorProps.builder()
                                    .bufferInterval(
                                        Duration.seconds(
                                            LandingSettings.PARTITIONER_BUFFER_SECONDS))
                                    .bufferSize(Size.mebibytes(3))
                                    .retries(3)
                                    .build())))
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
                    .withConditions(
                        Map.of("StringEquals", Map.of("sts:ExternalId", Aws.ACCOUNT_ID))))
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
    Permissions.allow(
        role,
        List.of("lambda:InvokeFunction", "lambda:GetFunctionConfiguration"),
        List.of(partitioner.getFunctionArn()));
    logGroup.grantWrite(role);
    Compliance.allowInlinePolicy(role);
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            Compliance.objectsUnderPrefix(
                lake.bucket, List.of(lakePrefix, FIREHOSE_ERRORS_PREFIX + lakePrefix))),
        true);
    return role;
  }
}
