package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static io.adstream.infra.Resources.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LakeAndLandingTest {

  @Test
  void lakeBucketIsNamedForItsAccountAndRegionEncryptedVersionedPrivateAndLogged() {
    Template template = Synth.defaultTemplate();
    String lakeKey = lakeKey(template);
    String logBucket =
        logicalId(
            template,
            "AWS::S3::Bucket",
            Map.of("BucketName", Match.absent(), "LoggingConfiguration", Match.absent()));
    Map<String, Object> lake =
        properties(template, "AWS::S3::Bucket", Map.of("BucketName", Match.anyValue()));
    assertThat(json(lake.get("BucketName")))
        .isEqualTo(
            json(
                Map.of(
                    "Fn::Join",
                    List.of(
                        "",
                        List.of(
                            "adstream-lake-", ref("AWS::AccountId"), "-", ref("AWS::Region"))))));
    assertThat(lake)
        .containsEntry(
            "BucketEncryption",
            Map.of(
                "ServerSideEncryptionConfiguration",
                List.of(
                    Map.of(
                        "BucketKeyEnabled",
                        true,
                        "ServerSideEncryptionByDefault",
                        Map.of("KMSMasterKeyID", arnOf(lakeKey), "SSEAlgorithm", "aws:kms")))))
        .containsEntry("VersioningConfiguration", Map.of("Status", "Enabled"))
        .containsEntry(
            "PublicAccessBlockConfiguration",
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
    assertThat(json(lake.get("LoggingConfiguration"))).contains(json(ref(logBucket)));
  }

  @Test
  void everyBucketRefusesRequestsWithoutTls() {
    Template template = Synth.defaultTemplate();
    // the lake, its access logs, and the dashboard's bucket
    assertThat(Resources.ofType(template, "AWS::S3::BucketPolicy").values())
        .hasSize(3)
        .allSatisfy(
            policy ->
                assertThat(json(policy))
                    .contains("\"Effect\":\"Deny\"")
                    .contains("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
  }

  @Test
  void lakePrefixesExpireAsTheRetentionSettingsSay() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Map<String, Integer> expirations = expirationDaysByPrefix(Configs.templateOf(config));
      int lakeDays = config.retention().lakeDays();
      int quarantineDays = config.retention().quarantineDays();
      assertThat(expirations)
          .containsEntry(ResourceNames.ENRICHED_PREFIX, lakeDays)
          .containsEntry(ResourceNames.ATTRIBUTION_PREFIX, lakeDays)
          .containsEntry(ResourceNames.QUARANTINE_PREFIX, quarantineDays)
          .containsEntry(ResourceNames.LAMBDA_ON_FAILURE_PREFIX, quarantineDays)
          .containsEntry(ResourceNames.FIREHOSE_ERRORS_PREFIX, quarantineDays);
    }
    assertThat(VARIANT.retention()).isNotEqualTo(DEFAULTS.retention());
  }

  @Test
  @SuppressWarnings("unchecked")
  void lakeDataMovesToInfrequentAccessThenGlacierInstantRetrievalAsTheCapacitySettingsSay() {
    Map<String, Object> lake =
        properties(
            Configs.templateOf(DEFAULTS),
            "AWS::S3::Bucket",
            Map.of("BucketName", Match.anyValue()));
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) lake.get("LifecycleConfiguration")).get("Rules");
    var transitions = DEFAULTS.capacity().lake();
    List<Map<String, Object>> expected =
        List.of(
            Map.of(
                "StorageClass",
                "STANDARD_IA",
                "TransitionInDays",
                transitions.infrequentAccessAfterDays()),
            Map.of(
                "StorageClass",
                "GLACIER_IR",
                "TransitionInDays",
                transitions.glacierInstantRetrievalAfterDays()));
    for (String prefix : List.of(ResourceNames.ENRICHED_PREFIX, ResourceNames.ATTRIBUTION_PREFIX)) {
      assertThat(rules)
          .filteredOn(rule -> prefix.equals(rule.get("Prefix")) && rule.containsKey("Transitions"))
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.get("Transitions")).as(prefix).isEqualTo(expected);
                // smaller objects would be billed as 128 KiB in either class: they stay in Standard
                assertThat(rule)
                    .containsEntry("ObjectSizeGreaterThan", Integer.toString(128 * 1024 - 1));
              });
    }
    assertThat(rules)
        .filteredOn(rule -> ResourceNames.QUARANTINE_PREFIX.equals(rule.get("Prefix")))
        .allSatisfy(rule -> assertThat(rule).doesNotContainKey("Transitions"));
  }

  @Test
  void deliveryStreamsPartitionByTypeAndDateHourAndLandCompressedUnderTheirPrefix() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      ResourceNames names = config.names();
      assertLanding(template, config, names.enrichedDeliveryStream(), "enriched/");
      assertLanding(template, config, names.attributionDeliveryStream(), "attribution/");
      assertLanding(template, config, names.quarantineDeliveryStream(), "quarantine/");
    }
  }

  @Test
  void thePartitionKeysComeFromTheLakePartitionerNotFromAJqQueryOverEveryLine() {
    Template template = Synth.defaultTemplate();
    Map<String, Object> partitioner =
        properties(
            template,
            "AWS::Lambda::Function",
            Map.of("FunctionName", DEFAULTS.names().lakePartitionFunction()));
    assertThat(partitioner)
        .containsEntry("Handler", Landing.PARTITION_HANDLER)
        .containsEntry("Architectures", List.of("arm64"))
        .containsEntry("ReservedConcurrentExecutions", Landing.TRANSFORM_RESERVED_CONCURRENCY);
    String function =
        logicalId(
            template,
            "AWS::Lambda::Function",
            Map.of("FunctionName", DEFAULTS.names().lakePartitionFunction()));
    for (String stream :
        List.of("adstream-enriched", "adstream-attribution", "adstream-quarantine")) {
      String processing = json(destination(template, stream).get("ProcessingConfiguration"));
      assertThat(processing)
          .as(stream)
          .contains("\"Type\":\"Lambda\"")
          .contains(function)
          .contains("{\"ParameterName\":\"BufferIntervalInSeconds\",\"ParameterValue\":\"60\"}")
          .doesNotContain("MetadataExtraction")
          .doesNotContain("RecordDeAggregation");
    }
  }

  private static void assertLanding(
      Template template, AdstreamConfig config, String name, String lakePrefix) {
    Map<String, Object> stream =
        properties(
            template, "AWS::KinesisFirehose::DeliveryStream", Map.of("DeliveryStreamName", name));
    String lakeKey = lakeKey(template);
    assertThat(stream)
        .as(name)
        .containsEntry("DeliveryStreamType", "DirectPut")
        .containsEntry(
            "DeliveryStreamEncryptionConfigurationInput",
            Map.of("KeyARN", arnOf(lakeKey), "KeyType", "CUSTOMER_MANAGED_CMK"));
    Map<String, Object> destination = destination(template, name);
    assertThat(destination)
        .as(name)
        .containsEntry("BucketARN", arnOf(ProcessorTest.lakeBucket(template)))
        .containsEntry(
            "Prefix",
            lakePrefix
                + "event_type=!{partitionKeyFromLambda:event_type}/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/")
        .containsEntry(
            "ErrorOutputPrefix",
            "firehose-errors/"
                + lakePrefix
                + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/")
        .containsEntry(
            "BufferingHints",
            Map.of(
                "IntervalInSeconds",
                config.landing().bufferSeconds(),
                "SizeInMBs",
                config.landing().bufferMb()))
        .containsEntry("CompressionFormat", "GZIP")
        .containsEntry("DynamicPartitioningConfiguration", Map.of("Enabled", true))
        .containsEntry(
            "EncryptionConfiguration",
            Map.of("KMSEncryptionConfig", Map.of("AWSKMSKeyARN", arnOf(lakeKey))));
    assertThat(processorTypes(destination)).containsExactly("Lambda");
  }

  @SuppressWarnings("unchecked")
  private static List<String> processorTypes(Map<String, Object> destination) {
    Map<String, Object> processing =
        (Map<String, Object>) destination.get("ProcessingConfiguration");
    return ((List<Map<String, Object>>) processing.get("Processors"))
        .stream().map(p -> (String) p.get("Type")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> destination(Template template, String name) {
    return (Map<String, Object>)
        properties(
                template,
                "AWS::KinesisFirehose::DeliveryStream",
                Map.of("DeliveryStreamName", name))
            .get("ExtendedS3DestinationConfiguration");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> expirationDaysByPrefix(Template template) {
    Map<String, Object> lake =
        properties(template, "AWS::S3::Bucket", Map.of("BucketName", Match.anyValue()));
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) lake.get("LifecycleConfiguration")).get("Rules");
    Map<String, Integer> byPrefix = new java.util.HashMap<>();
    for (Map<String, Object> rule : rules) {
      if (rule.containsKey("Prefix") && rule.containsKey("ExpirationInDays")) {
        assertThat(rule).containsEntry("Status", "Enabled");
        byPrefix.put(
            (String) rule.get("Prefix"), ((Number) rule.get("ExpirationInDays")).intValue());
      }
    }
    return byPrefix;
  }

  private static String lakeKey(Template template) {
    return logicalId(
        template,
        "AWS::KMS::Key",
        Map.of("Description", "adstream data lake and its Firehose delivery streams"));
  }
}
