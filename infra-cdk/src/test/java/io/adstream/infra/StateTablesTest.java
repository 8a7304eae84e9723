package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.CapacitySettings;
import io.adstream.config.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StateTablesTest {

  @Test
  void everyTableOfTheSpecHasTtlRecoveryAndTheStateKey() {
    Template template = Synth.defaultTemplate();
    List<TableSpec> specs = DEFAULTS.names().tables();
    template.resourceCountIs("AWS::DynamoDB::Table", specs.size());
    String stateKey =
        logicalId(template, "AWS::KMS::Key", Map.of("Description", "adstream state tables"));
    for (TableSpec spec : specs) {
      Map<String, Object> table =
          properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      assertThat(table)
          .as(spec.name())
          .containsEntry("KeySchema", keySchema(spec.partitionKey(), spec.sortKey().orElse(null)))
          .containsEntry(
              "TimeToLiveSpecification",
              Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true))
          .containsEntry(
              "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
          // Retain covers only the stack's deletion; deletion protection also refuses DeleteTable
          .containsEntry("DeletionProtectionEnabled", true)
          .containsEntry(
              "SSESpecification",
              Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", arnOf(stateKey)));
    }
  }

  @Test
  void indexesFollowTheSpec() {
    Template template = Synth.defaultTemplate();
    for (TableSpec spec : DEFAULTS.names().tables()) {
      Map<String, Object> table =
          properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      List<Map<String, Object>> expected =
          spec.indexes().stream()
              .map(
                  index ->
                      Map.<String, Object>of(
                          "IndexName", index.name(),
                          "KeySchema", keySchema(index.partitionKey(), index.sortKey()),
                          "Projection", Map.of("ProjectionType", "ALL"),
                          "ProvisionedThroughput", throughput(DEFAULTS.capacity().dynamoDb())))
              .toList();
      assertThat(table.getOrDefault("GlobalSecondaryIndexes", List.of()))
          .as(spec.name())
          .isEqualTo(expected);
    }
    assertThat(DEFAULTS.names().tables()).anyMatch(spec -> !spec.indexes().isEmpty());
  }

  @Test
  void byDefaultEveryTableIsProvisionedAndAutoScaledOnReadsAndWritesToTheConfiguredTarget() {
    Template template = Synth.defaultTemplate();
    CapacitySettings.DynamoDbCapacity capacity = DEFAULTS.capacity().dynamoDb();
    int tables = DEFAULTS.names().tables().size();
    int indexes = DEFAULTS.names().tables().stream().mapToInt(spec -> spec.indexes().size()).sum();
    for (TableSpec spec : DEFAULTS.names().tables()) {
      Map<String, Object> table =
          properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      assertThat(table)
          .as(spec.name())
          .doesNotContainEntry("BillingMode", "PAY_PER_REQUEST")
          .containsEntry("ProvisionedThroughput", throughput(capacity));
    }
    // reads and writes, of every table and every index
    template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 2 * (tables + indexes));
    template.allResourcesProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Match.objectLike(
            Map.of(
                "PolicyType",
                "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("TargetValue", capacity.targetUtilizationPercent())))));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        Map.of(
            "ScalableDimension",
            "dynamodb:table:WriteCapacityUnits",
            "MinCapacity",
            capacity.minWriteUnits(),
            "MaxCapacity",
            capacity.maxWriteUnits()));
  }

  @Test
  void onDemandStaysSelectableAndThenNothingIsAutoScaled() {
    Template template =
        Synth.template(
            AdstreamConfig.withOverrides("{\"capacity\":{\"dynamoDb\":{\"onDemand\":true}}}"));
    for (TableSpec spec : DEFAULTS.names().tables()) {
      Map<String, Object> table =
          properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      assertThat(table)
          .as(spec.name())
          .containsEntry("BillingMode", "PAY_PER_REQUEST")
          .doesNotContainKey("ProvisionedThroughput");
    }
    template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
  }

  private static Map<String, Object> throughput(CapacitySettings.DynamoDbCapacity capacity) {
    return Map.of(
        "ReadCapacityUnits",
        capacity.minReadUnits(),
        "WriteCapacityUnits",
        capacity.minWriteUnits());
  }

  private static List<Map<String, String>> keySchema(String partitionKey, String sortKey) {
    List<Map<String, String>> schema = new ArrayList<>();
    schema.add(Map.of("AttributeName", partitionKey, "KeyType", "HASH"));
    if (sortKey != null) {
      schema.add(Map.of("AttributeName", sortKey, "KeyType", "RANGE"));
    }
    return schema;
  }
}
