package io.adstream.infra;

import static io.adstream.config.ResourceNames.ATTRIBUTION_PREFIX;
import static io.adstream.config.ResourceNames.ENRICHED_PREFIX;
import static io.adstream.config.ResourceNames.FIREHOSE_ERRORS_PREFIX;
import static io.adstream.config.ResourceNames.LAMBDA_ON_FAILURE_PREFIX;
import static io.adstream.config.ResourceNames.QUARANTINE_PREFIX;
import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.CapacitySettings;
import io.adstream.config.RetentionSettings;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The S3 data lake: enriched/, attribution/ and quarantine/ landed by Firehose, parked batches from
 * the event source mapping, Firehose's failed records; and the bucket that keeps the lake's access
 * logs.
 */
final class DataLake extends Construct {
  /** Access logs are audit records: PCI DSS 10.7 asks for a year of them. */
  static final int ACCESS_LOG_DAYS = 365;

  /**
   * Versions replaced or deleted by a redrive or a cleanup stay this long, in case it was a
   * mistake.
   */
  static final int NONCURRENT_VERSION_DAYS = 7;

  final Key key;
  final Bucket accessLogs;
  final Bucket bucket;

  DataLake(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    key = Keys.create(this, "Key", "adstream data lake and its Firehose delivery streams");
    accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            // S3 server access logging cannot deliver into a bucket whose default encryption is
            // SSE-KMS
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .versioned(true)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(ACCESS_LOG_DAYS))
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_VERSION_DAYS))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    bucket =
        Bucket.Builder.create(this, "Bucket")
            .bucketName(config.names().lakeBucket(Aws.ACCOUNT_ID, Aws.REGION))
            .encryption(BucketEncryption.KMS)
            .encryptionKey(key)
            // one data key per bucket instead of one KMS request per object: replays read many
            // objects
            .bucketKeyEnabled(true)
            .enforceSsl(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .versioned(true)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("lake/")
            .lifecycleRules(lifecycle(config.retention(), config.capacity().lake()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    sizeLimitsAsStrings(config);
    String logsItself = "This is the access-log bucket: logging it into itself would loop.";
    String singleRegion =
        "Single-region pipeline: objects are versioned in-region; cross-region replication doubles storage cost"
            + " and is a disaster-recovery decision outside this stack.";
    NagSuppressions.addResourceSuppressions(
        accessLogs,
        List.of(
            suppression("AwsSolutions-S1", logsItself),
            suppression("PCI.DSS.321-S3BucketLoggingEnabled", logsItself),
            suppression(
                "PCI.DSS.321-S3DefaultEncryptionKMS",
                "S3 server access logging only delivers into buckets encrypted with SSE-S3, not SSE-KMS."),
            suppression("PCI.DSS.321-S3BucketReplicationEnabled", singleRegion)));
    NagSuppressions.addResourceSuppressions(
        bucket, List.of(suppression("PCI.DSS.321-S3BucketReplicationEnabled", singleRegion)));
  }

  /**
   * CloudFormation's schema types a rule's ObjectSizeGreaterThan as a string of digits; the S3 L2
   * writes a number, which CloudFormation coerces with a validation warning. The transition rules
   * follow the expiry rules.
   */
  private void sizeLimitsAsStrings(AdstreamConfig config) {
    CfnBucket resource = (CfnBucket) bucket.getNode().getDefaultChild();
    int first = expiries(config.retention()).size();
    int count = transitions(config.capacity().lake(), config.retention().lakeDays()).size();
    for (int rule = first; rule < first + count; rule++) {
      resource.addPropertyOverride(
          "LifecycleConfiguration.Rules." + rule + ".ObjectSizeGreaterThan",
          Long.toString(CapacitySettings.LakeTransitions.MIN_OBJECT_BYTES - 1));
    }
  }

  private static List<LifecycleRule> lifecycle(
      RetentionSettings retention, CapacitySettings.LakeTransitions transitions) {
    List<LifecycleRule> rules = new ArrayList<>(expiries(retention));
    rules.addAll(transitions(transitions, retention.lakeDays()));
    return rules;
  }

  private static List<LifecycleRule> expiries(RetentionSettings retention) {
    return List.of(
        expire(ENRICHED_PREFIX, retention.lakeDays()),
        expire(ATTRIBUTION_PREFIX, retention.lakeDays()),
        // parked batches and Firehose's failed records are inspected, then redriven or dropped,
        // like quarantine
        expire(QUARANTINE_PREFIX, retention.quarantineDays()),
        expire(LAMBDA_ON_FAILURE_PREFIX, retention.quarantineDays()),
        expire(FIREHOSE_ERRORS_PREFIX, retention.quarantineDays()),
        LifecycleRule.builder()
            .id("housekeeping")
            .noncurrentVersionExpiration(Duration.days(NONCURRENT_VERSION_DAYS))
            .abortIncompleteMultipartUploadAfter(Duration.days(1))
            .build());
  }

  /**
   * The lake's data moves to cheaper storage classes as it ages; expiry stays with its own rule.
   * Only objects of at least 128 KiB move: Standard-IA and Glacier Instant Retrieval bill smaller
   * objects as 128 KiB, and each transition is a request, so small objects would cost more after
   * moving than before.
   */
  private static List<LifecycleRule> transitions(
      CapacitySettings.LakeTransitions transitions, int lakeDays) {
    List<Transition> steps = new ArrayList<>();
    if (transitions.infrequentAccessAfterDays() > 0
        && transitions.infrequentAccessAfterDays() < lakeDays) {
      steps.add(
          transition(StorageClass.INFREQUENT_ACCESS, transitions.infrequentAccessAfterDays()));
    }
    if (transitions.glacierInstantRetrievalAfterDays() > 0
        && transitions.glacierInstantRetrievalAfterDays() < lakeDays) {
      steps.add(
          transition(
              StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitions.glacierInstantRetrievalAfterDays()));
    }
    if (steps.isEmpty()) {
      return List.of();
    }
    return List.of(ENRICHED_PREFIX, ATTRIBUTION_PREFIX).stream()
        .map(
            prefix ->
                LifecycleRule.builder()
                    .id("age-" + prefix.substring(0, prefix.length() - 1).replace('/', '-'))
                    .prefix(prefix)
                    .objectSizeGreaterThan(CapacitySettings.LakeTransitions.MIN_OBJECT_BYTES - 1)
                    .transitions(steps)
                    .build())
        .toList();
  }

  private static Transition transition(StorageClass storageClass, int afterDays) {
    return Transition.builder()
        .storageClass(storageClass)
        .transitionAfter(Duration.days(afterDays))
        .build();
  }

  private static LifecycleRule expire(String prefix, int days) {
    return LifecycleRule.builder()
        .id("expire-" + prefix.substring(0, prefix.length() - 1).replace('/', '-'))
        .prefix(prefix)
        .expiration(Duration.days(days))
        .build();
  }
}
