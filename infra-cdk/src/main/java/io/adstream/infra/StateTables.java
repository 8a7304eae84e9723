package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.CapacitySettings;
import io.adstream.config.ResourceNames;
import io.adstream.config.TableSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.EnableScalingProps;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.UtilizationScalingProps;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The DynamoDB tables of the processor's state (dedup claims, join state, aggregates, features,
 * alerts, campaigns), exactly as {@code ResourceNames.tables()} specifies them for the local
 * provisioner too.
 */
final class StateTables extends Construct {
  /**
   * How aggregates are read: a Query of a range, and BatchGetItem for what a range's items point to
   * (an hour's open minutes, the parts of an item stored as parts).
   */
  static final List<String> AGGREGATE_READS = List.of("dynamodb:Query", "dynamodb:BatchGetItem");

  static final List<String> PROCESSOR_ACTIONS =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:ConditionCheckItem");

  final Key key;
  final List<Table> tables = new ArrayList<>();
  final java.util.Map<String, Table> byName = new java.util.HashMap<>();

  /** ARNs of every table and index the processor reads and writes. */
  final List<String> dataArns = new ArrayList<>();

  StateTables(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    key = Keys.create(this, "Key", "adstream state tables");
    for (TableSpec spec : config.names().tables()) {
      Table table = table(spec, config.capacity().dynamoDb());
      tables.add(table);
      byName.put(spec.name(), table);
      dataArns.add(table.getTableArn());
      spec.indexes().forEach(index -> dataArns.add(table.getTableArn() + "/index/" + index.name()));
    }
  }

  /**
   * What the processor does with its state: conditional puts and updates, transactions (which IAM
   * authorizes as their PutItem/UpdateItem/ConditionCheckItem parts), reads, and the alert feed's
   * index queries.
   */
  void grantProcessorAccess(IGrantable processor) {
    Permissions.allow(processor, PROCESSOR_ACTIONS, dataArns);
    Permissions.allowKeyUse(
        processor,
        key,
        "dynamodb",
        List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
  }

  /**
   * What the scheduled alert check does: query the aggregates, read the campaigns' settings and the
   * shards' source activity (claims table), and claim and mark alerts.
   */
  void grantAlertCheckAccess(IGrantable checker, ResourceNames names) {
    Permissions.allow(checker, AGGREGATE_READS, List.of(arnOf(names.aggregatesTable())));
    Permissions.allow(
        checker,
        List.of("dynamodb:BatchGetItem"),
        List.of(arnOf(names.campaignsTable()), arnOf(names.claimsTable())));
    Permissions.allow(
        checker,
        List.of("dynamodb:PutItem", "dynamodb:UpdateItem"),
        List.of(arnOf(names.alertsTable())));
    Permissions.allowKeyUse(
        checker,
        key,
        "dynamodb",
        List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
  }

  /**
   * What the read API does, and nothing more: reads of the aggregates, queries of the alert feed's
   * index, feature lookups by key, the scan of campaign settings.
   */
  void grantApiRead(IGrantable api, ResourceNames names) {
    Permissions.allow(api, AGGREGATE_READS, List.of(arnOf(names.aggregatesTable())));
    Permissions.allow(
        api,
        List.of("dynamodb:Query"),
        List.of(arnOf(names.alertsTable()) + "/index/" + ResourceNames.ALERTS_BY_DAY_INDEX));
    Permissions.allow(api, List.of("dynamodb:GetItem"), List.of(arnOf(names.featuresTable())));
    Permissions.allow(api, List.of("dynamodb:Scan"), List.of(arnOf(names.campaignsTable())));
    Permissions.allowKeyUse(api, key, "dynamodb", List.of("kms:Decrypt", "kms:DescribeKey"));
  }

  private String arnOf(String tableName) {
    Table table = byName.get(tableName);
    if (table == null) {
      throw new IllegalArgumentException("no table " + tableName);
    }
    return table.getTableArn();
  }

  private Table table(TableSpec spec, CapacitySettings.DynamoDbCapacity capacity) {
    Table.Builder builder =
        Table.Builder.create(this, spec.name())
            .tableName(spec.name())
            .partitionKey(stringAttribute(spec.partitionKey()))
            .timeToLiveAttribute(spec.ttlAttribute())
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .encryption(TableEncryption.CUSTOMER_MANAGED)
            .encryptionKey(key)
            // Retain covers only the stack's deletion; this also refuses a DeleteTable call or a
            // replacement
            .deletionProtection(true)
            // exactly-once state cannot be rebuilt from the stream once its retention has passed
            .removalPolicy(RemovalPolicy.RETAIN);
    spec.sortKey().ifPresent(sortKey -> builder.sortKey(stringAttribute(sortKey)));
    billing(builder, capacity);
    Table table = builder.build();
    spec.indexes()
        .forEach(
            index -> {
              GlobalSecondaryIndexProps.Builder gsi =
                  GlobalSecondaryIndexProps.builder()
                      .indexName(index.name())
                      .partitionKey(stringAttribute(index.partitionKey()))
                      .sortKey(stringAttribute(index.sortKey()))
                      .projectionType(ProjectionType.ALL);
              if (!capacity.onDemand()) {
                gsi.readCapacity(capacity.minReadUnits()).writeCapacity(capacity.minWriteUnits());
              }
              table.addGlobalSecondaryIndex(gsi.build());
            });
    autoScale(table, spec, capacity);
    return table;
  }

  /** On-demand, or provisioned at the auto scaling minimum (auto scaling then owns the numbers). */
  private static void billing(Table.Builder builder, CapacitySettings.DynamoDbCapacity capacity) {
    if (capacity.onDemand()) {
      builder.billingMode(BillingMode.PAY_PER_REQUEST);
    } else {
      builder
          .billingMode(BillingMode.PROVISIONED)
          .readCapacity(capacity.minReadUnits())
          .writeCapacity(capacity.minWriteUnits());
    }
  }

  /** Target tracking on consumed reads and writes, for the table and each index. */
  private static void autoScale(
      Table table, TableSpec spec, CapacitySettings.DynamoDbCapacity capacity) {
    if (capacity.onDemand()) {
      return;
    }
    UtilizationScalingProps target =
        UtilizationScalingProps.builder()
            .targetUtilizationPercent(capacity.targetUtilizationPercent())
            .build();
    table
        .autoScaleReadCapacity(
            EnableScalingProps.builder()
                .minCapacity(capacity.minReadUnits())
                .maxCapacity(capacity.maxReadUnits())
                .build())
        .scaleOnUtilization(target);
    table
        .autoScaleWriteCapacity(
            EnableScalingProps.builder()
                .minCapacity(capacity.minWriteUnits())
                .maxCapacity(capacity.maxWriteUnits())
                .build())
        .scaleOnUtilization(target);
    for (TableSpec.IndexSpec index : spec.indexes()) {
      table
          .autoScaleGlobalSecondaryIndexReadCapacity(
              index.name(),
              EnableScalingProps.builder()
                  .minCapacity(capacity.minReadUnits())
                  .maxCapacity(capacity.maxReadUnits())
                  .build())
          .scaleOnUtilization(target);
      table
          .autoScaleGlobalSecondaryIndexWriteCapacity(
              index.name(),
              EnableScalingProps.builder()
                  .minCapacity(capacity.minWriteUnits())
                  .maxCapacity(capacity.maxWriteUnits())
                  .build())
          .scaleOnUtilization(target);
    }
  }

  private static Attribute stringAttribute(String name) {
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }
}
