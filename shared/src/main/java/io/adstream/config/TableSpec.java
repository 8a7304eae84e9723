package io.adstream.config;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table as both the CDK app and the local provisioner create it. All key attributes are
 * strings; every table is on-demand and expires items through {@code ttlAttribute} (epoch seconds).
 */
public record TableSpec(
    String name,
    String partitionKey,
    Optional<String> sortKey,
    String ttlAttribute,
    List<IndexSpec> indexes) {

  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";
  public static final String TTL_ATTRIBUTE = "expires_at";

  public TableSpec {
    indexes = List.copyOf(indexes);
  }

  /** A global secondary index projecting all attributes. */
  public record IndexSpec(String name, String partitionKey, String sortKey) {}

  static TableSpec keyed(String name) {
    return new TableSpec(name, PARTITION_KEY, Optional.empty(), TTL_ATTRIBUTE, List.of());
  }

  static TableSpec sorted(String name, IndexSpec... indexes) {
    return new TableSpec(
        name, PARTITION_KEY, Optional.of(SORT_KEY), TTL_ATTRIBUTE, List.of(indexes));
  }
}
