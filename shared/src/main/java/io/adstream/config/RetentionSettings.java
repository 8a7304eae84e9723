package io.adstream.config;

import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;

/**
 * How long derived state is kept (DynamoDB TTL) and data stays in the lake.
 *
 * @param aggregates per-campaign minute buckets
 * @param features online feature items
 * @param alerts alert claims and the alert feed
 * @param quarantineDays lake lifecycle of quarantine/ (inspected, then redriven or dropped)
 * @param lakeDays lake lifecycle of enriched/ and attribution/
 */
public record RetentionSettings(
    Duration aggregates, Duration features, Duration alerts, int quarantineDays, int lakeDays) {
  public RetentionSettings {
    requireBetween(aggregates, Duration.ofDays(2), Duration.ofDays(3_650), "retention.aggregates");
    requireBetween(features, Duration.ofDays(1), Duration.ofDays(400), "retention.features");
    requireBetween(alerts, Duration.ofDays(1), Duration.ofDays(400), "retention.alerts");
    AdstreamConfig.require(quarantineDays >= 1, "retention.quarantineDays must be at least 1");
    AdstreamConfig.require(lakeDays >= 1, "retention.lakeDays must be at least 1");
  }

  public static RetentionSettings defaults() {
    return new RetentionSettings(
        Duration.ofDays(400), Duration.ofDays(35), Duration.ofDays(30), 30, 730);
  }
}
