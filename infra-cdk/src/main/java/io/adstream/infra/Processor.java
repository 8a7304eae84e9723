package io.adstream.infra;

import static io.adstream.config.ResourceNames.LAMBDA_ON_FAILURE_PREFIX;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.MappingSettings;
import io.adstream.config.ProcessorSettings;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.MetricType;
import software.amazon.awscdk.services.lambda.MetricsConfig;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The processor Lambda and the event source mapping that feeds it from the stream.
 *
 * <p>SnapStart restores published versions only, so the mapping invokes the "live" alias of the
 * current version, never $LATEST.
 */
final class Processor extends Construct {
  static final String HANDLER = "io.adstream.lambda.ProcessorHandler::handleRequest";
  static final String ALIAS = "live";

  final Role role;
  final LogGroup logGroup;
  final Function function;
  final Alias alias;
  final EventSourceMapping mapping;

  Processor(
      Construct scope,
      String id,
      AdstreamConfig config,
      Code code,
      EventStream events,
      DataLake lake,
      OperationalLogs logs) {
    super(scope, id);
    String name = config.names().processorFunction();
    ProcessorSettings settings = config.processor();
    role =
        JavaFunctions.role(
            this,
            "adstream processor: reads the stream, writes state, lands records, publishes alerts");
    logGroup = JavaFunctions.logGroup(this, logs, name, role);
    Function.Builder builder =
        JavaFunctions.builder(
                this,
                config,
                name,
                "adstream processor: validate, mask, dedup, attribute, aggregate, alert, land",
                HANDLER,
                code,
                role,
                logGroup)
            .memorySize(settings.memoryMb())
            .timeout(Duration.seconds(settings.timeout().toSeconds()))
            .environment(environment(config));
    if (settings.snapStart()) {
      builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    }
    settings.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
    function = builder.build();
    alias =
        Alias.Builder.create(this, "Alias")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();

    events.grantProcessorRead(role);
    mapping = alias.addEventSourceMapping("Events", mappingOptions(config.mapping(), events, lake));
    // Lambda checks the role can read the stream when the mapping is created
    mapping.getNode().addDependency(role);

    Compliance.allowInlinePolicy(role);
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(Compliance.objectsUnderPrefix(lake.bucket, List.of(LAMBDA_ON_FAILURE_PREFIX))),
        true);
    JavaFunctions.suppressRuntimeAndVpc(
        function,
        "The processor reaches only AWS regional APIs (Kinesis, DynamoDB, Firehose, SNS, Secrets Manager) over TLS"
            + " with IAM auth and serves no network endpoint. A VPC would add NAT or endpoint cost and isolate nothing.");
    // SnapStart's warning assumes no version is published: the alias publishes the current one
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "The live alias points at a published version (currentVersion).");
  }

  /** The processor reads its whole configuration from one variable; Powertools reads its own. */
  static Map<String, String> environment(AdstreamConfig config) {
    return JavaFunctions.environment(config, config.names().processorFunction(), Map.of());
  }

  private static EventSourceMappingOptions mappingOptions(
      MappingSettings settings, EventStream events, DataLake lake) {
    return EventSourceMappingOptions.builder()
        .eventSourceArn(events.processorSourceArn())
        .startingPosition(StartingPosition.valueOf(settings.startingPosition()))
        .batchSize(settings.batchSize())
        .maxBatchingWindow(Duration.seconds(settings.maxBatchingWindow().toSeconds()))
        .bisectBatchOnError(settings.bisectBatchOnError())
        .retryAttempts(settings.maxRetryAttempts())
        .maxRecordAge(
            settings.maxRecordAge().map(age -> Duration.seconds(age.toSeconds())).orElse(null))
        .parallelizationFactor(settings.parallelizationFactor())
        .reportBatchItemFailures(settings.reportBatchItemFailures())
        .onFailure(new ParkedBatches(lake))
        // the mapping's own counts: parked (OnFailureDestinationDeliveredEventCount) and dropped
        // records
        .metricsConfig(MetricsConfig.builder().metrics(List.of(MetricType.EVENT_COUNT)).build())
        .build();
  }

  /**
   * The lake bucket as on-failure destination: S3 keeps the whole batch, where SQS or SNS would
   * keep only its metadata. Lambda writes under aws/lambda/ (it takes no prefix) and needs only
   * PutObject and ListBucket, where the L2 S3OnFailureDestination would grant read, write and
   * delete on the whole bucket.
   */
  private record ParkedBatches(DataLake lake) implements IEventSourceDlq {
    @Override
    public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
      Permissions.allow(
          targetHandler,
          List.of("s3:PutObject"),
          List.of(lake.bucket.arnForObjects(LAMBDA_ON_FAILURE_PREFIX + "*")));
      Permissions.allow(
          targetHandler, List.of("s3:ListBucket"), List.of(lake.bucket.getBucketArn()));
      Permissions.allowKeyUse(targetHandler, lake.key, "s3", List.of("kms:GenerateDataKey"));
      return DlqDestinationConfig.builder().destination(lake.bucket.getBucketArn()).build();
    }
  }
}
