package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * The Kinesis stream.
 *
 * @param onDemand on-demand capacity, or provisioned with {@code shardCount} shards (the default:
 *     at 10M events a day two shards carry three times the average rate, cost less than the
 *     on-demand stream-hour alone, and each shard's batches amortise the items every batch writes
 *     over more records; on-demand starts at four shards)
 * @param shardCount shards when provisioned, and always locally (the emulator has no on-demand
 *     scaling)
 * @param retentionHours how long Kinesis keeps records: the window in which a shard can be re-read
 * @param enhancedFanOut give the processor a dedicated enhanced fan-out consumer (lower latency)
 */
public record StreamSettings(
    boolean onDemand, int shardCount, int retentionHours, boolean enhancedFanOut) {
  public StreamSettings {
    require(
        shardCount >= 1 && shardCount <= 500, "stream.shardCount must be 1-500, was " + shardCount);
    require(
        retentionHours >= 24 && retentionHours <= 8760,
        "stream.retentionHours must be 24-8760, was " + retentionHours);
  }

  public static StreamSettings defaults() {
    return new StreamSettings(false, 2, 24, false);
  }
}
