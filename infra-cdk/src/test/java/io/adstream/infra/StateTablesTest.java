package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class StateTablesTest {

  @Test
  void everyTableOfTheSpecIsOnDemandWithTtlRecoveryAndTheStateKey() {
    Template template = Synth.defaultTemplate();
    List<TableSpec> specs = DEFAULTS.names().tables();
    template.resourceCountIs("AWS::DynamoDB::Table", specs.size());
    String stateKey = logicalId(template, "AWS::KMS::Key", Map.of("Description", "adstream state tables"));
    for (TableSpec spec : specs) {
      Map<String, Object> table = properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      assertThat(table)
          .as(spec.name())
          .containsEntry("KeySchema", keySchema(spec.partitionKey(), spec.sortKey().orElse(null)))
          .containsEntry("BillingMode", "PAY_PER_REQUEST")
          .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true))
          .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
          // Retain covers only the stack's deletion; deletion protection also refuses DeleteTable
          .containsEntry("DeletionProtectionEnabled", true)
          .containsEntry(
              "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", arnOf(stateKey)));
    }
  }

  @Test
  void indexesFollowTheSpec() {
    Template template = Synth.defaultTemplate();
    for (TableSpec spec : DEFAULTS.names().tables()) {
      Map<String, Object> table = properties(template, "AWS::DynamoDB::Table", Map.of("TableName", spec.name()));
      List<Map<String, Object>> expected =
          spec.indexes().stream()
              .map(
                  index ->
                      Map.<String, Object>of(
                          "IndexName", index.name(),
                          "KeySchema", keySchema(index.partitionKey(), index.sortKey()),
                          "Projection", Map.of("ProjectionType", "ALL")))
              .toList();
      assertThat(table.getOrDefault("GlobalSecondaryIndexes", List.of())).as(spec.name()).isEqualTo(expected);
    }
    assertThat(DEFAULTS.names().tables()).anyMatch(spec -> !spec.indexes().isEmpty());
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
