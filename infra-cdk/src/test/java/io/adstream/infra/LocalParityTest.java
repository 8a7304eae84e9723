package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

/**
 * What the CDK app deploys is what the local runner provisions: for the same configuration, the
 * names and settings of the synthesized template equal the local {@link ProvisioningPlan} (stream,
 * event source mapping, function, tables, topics, lake bucket, delivery streams, PII secret).
 */
class LocalParityTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";

  static List<AdstreamConfig> configurations() {
    return List.of(Configs.DEFAULTS, Configs.VARIANT);
  }

  @ParameterizedTest
  @MethodSource("configurations")
  void theTemplateDeploysWhatTheLocalRunnerProvisions(AdstreamConfig config) {
    Template template = Synth.template(config);
    ProvisioningPlan plan = ProvisioningPlan.of(config, ACCOUNT, REGION);

    Map<String, Object> stream = only(template, "AWS::Kinesis::Stream");
    assertThat(stream)
        .containsEntry("Name", plan.stream().name())
        .containsEntry("RetentionPeriodHours", plan.stream().retentionHours());
    if (!config.stream().onDemand()) {
      assertThat(stream).containsEntry("ShardCount", plan.stream().shardCount());
    }

    Map<String, Object> function =
        Resources.properties(
            template,
            "AWS::Lambda::Function",
            Map.of("FunctionName", plan.mapping().functionName()));
    assertThat(function)
        .containsEntry("Timeout", (int) plan.mapping().functionTimeout().toSeconds())
        .containsEntry("MemorySize", plan.mapping().functionMemoryMb());

    Map<String, Object> mapping = only(template, "AWS::Lambda::EventSourceMapping");
    var settings = plan.mapping().settings();
    assertThat(mapping)
        .containsEntry("BatchSize", settings.batchSize())
        .containsEntry(
            "MaximumBatchingWindowInSeconds", (int) settings.maxBatchingWindow().toSeconds())
        .containsEntry("BisectBatchOnFunctionError", settings.bisectBatchOnError())
        .containsEntry("MaximumRetryAttempts", settings.maxRetryAttempts())
        .containsEntry("ParallelizationFactor", settings.parallelizationFactor())
        .containsEntry("StartingPosition", settings.startingPosition());
    settings
        .maxRecordAge()
        .ifPresentOrElse(
            age ->
                assertThat(mapping)
                    .containsEntry("MaximumRecordAgeInSeconds", (int) age.toSeconds()),
            () -> assertThat(mapping.getOrDefault("MaximumRecordAgeInSeconds", -1)).isEqualTo(-1));
    assertThat(Resources.json(mapping.get("DestinationConfig")))
        .contains(Resources.json(lakeBucketArnOf(template, plan)));

    Map<String, Map<String, Object>> tables = byName(template, "AWS::DynamoDB::Table", "TableName");
    assertThat(tables.keySet())
        .containsExactlyInAnyOrderElementsOf(plan.tables().stream().map(TableSpec::name).toList());
    for (TableSpec spec : plan.tables()) {
      Map<String, Object> table = tables.get(spec.name());
      assertThat(keyNames(table.get("KeySchema")))
          .containsExactlyElementsOf(
              spec.sortKey()
                  .map(sk -> List.of(spec.partitionKey(), sk))
                  .orElse(List.of(spec.partitionKey())));
      assertThat(Resources.json(table.get("TimeToLiveSpecification")))
          .contains("\"AttributeName\":\"" + spec.ttlAttribute() + "\"");
      List<?> indexes = (List<?>) table.getOrDefault("GlobalSecondaryIndexes", List.of());
      assertThat(indexes).hasSize(spec.indexes().size());
      for (TableSpec.IndexSpec index : spec.indexes()) {
        assertThat(Resources.json(indexes)).contains("\"IndexName\":\"" + index.name() + "\"");
      }
    }

    assertThat(byName(template, "AWS::SNS::Topic", "TopicName").keySet())
        .contains(plan.alertTopic().name(), plan.opsTopic().name());
    assertThat(byName(template, "AWS::SecretsManager::Secret", "Name").keySet())
        .contains(plan.piiKey().name());
    assertThat(bucketNames(template)).contains(plan.lakeBucket());

    Map<String, Map<String, Object>> deliveryStreams =
        byName(template, "AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName");
    assertThat(deliveryStreams.keySet())
        .containsExactlyInAnyOrderElementsOf(
            plan.deliveryStreams().stream()
                .map(ProvisioningPlan.DeliveryStreamPlan::name)
                .toList());
    for (ProvisioningPlan.DeliveryStreamPlan planned : plan.deliveryStreams()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> destination =
          (Map<String, Object>)
              deliveryStreams.get(planned.name()).get("ExtendedS3DestinationConfiguration");
      assertThat((String) destination.get("Prefix")).startsWith(planned.prefix());
      assertThat((String) destination.get("ErrorOutputPrefix"))
          .startsWith(planned.errorOutputPrefix());
      assertThat(Resources.json(destination.get("BufferingHints")))
          .contains("\"IntervalInSeconds\":" + planned.bufferSeconds())
          .contains("\"SizeInMBs\":" + planned.bufferMb());
    }
  }

  private static Map<String, Object> only(Template template, String type) {
    Map<String, Map<String, Object>> found = Resources.ofType(template, type);
    assertThat(found).as(type).hasSize(1);
    return properties(found.values().iterator().next());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static Map<String, Map<String, Object>> byName(
      Template template, String type, String nameProperty) {
    return Resources.ofType(template, type).values().stream()
        .map(LocalParityTest::properties)
        .filter(p -> p.get(nameProperty) instanceof String)
        .collect(Collectors.toMap(p -> (String) p.get(nameProperty), p -> p));
  }

  private static List<String> keyNames(Object keySchema) {
    return ((List<?>) keySchema)
        .stream().map(k -> (String) ((Map<?, ?>) k).get("AttributeName")).toList();
  }

  /** Bucket names, with the account and region pseudo parameters resolved. */
  private static List<String> bucketNames(Template template) {
    return Resources.ofType(template, "AWS::S3::Bucket").values().stream()
        .map(b -> properties(b).get("BucketName"))
        .filter(name -> name != null)
        .map(LocalParityTest::resolve)
        .toList();
  }

  private static Object lakeBucketArnOf(Template template, ProvisioningPlan plan) {
    for (var entry : Resources.ofType(template, "AWS::S3::Bucket").entrySet()) {
      Object name = properties(entry.getValue()).get("BucketName");
      if (name != null && resolve(name).equals(plan.lakeBucket())) {
        return Resources.arnOf(entry.getKey());
      }
    }
    throw new AssertionError("no bucket named " + plan.lakeBucket());
  }

  private static String resolve(Object value) {
    if (value instanceof String text) {
      return text;
    }
    Map<?, ?> intrinsic = (Map<?, ?>) value;
    if (intrinsic.containsKey("Ref")) {
      return switch ((String) intrinsic.get("Ref")) {
        case "AWS::AccountId" -> ACCOUNT;
        case "AWS::Region" -> REGION;
        default -> throw new AssertionError("unresolvable " + intrinsic);
      };
    }
    List<?> join = (List<?>) intrinsic.get("Fn::Join");
    return ((List<?>) join.get(1))
        .stream().map(LocalParityTest::resolve).collect(Collectors.joining((String) join.get(0)));
  }
}
