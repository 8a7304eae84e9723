package io.adstream.local.mapping;

import java.util.List;
import java.util.Optional;

/** Per-shard statistics of a mapping, in shard order. */
public record MappingStats(List<ShardStats> shards) {

  public MappingStats {
    shards = List.copyOf(shards);
  }

  public ShardStats shard(String shardId) {
    return shards.stream()
        .filter(s -> s.shardId().equals(shardId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no shard " + shardId));
  }

  /** All shards added up; checkpoint and error are empty. */
  public ShardStats total() {
    return new ShardStats(
        "all",
        sum(ShardStats::recordsRead),
        sum(ShardStats::invocations),
        sum(ShardStats::recordsInvoked),
        sum(ShardStats::recordsCompleted),
        sum(ShardStats::retries),
        sum(ShardStats::bisections),
        sum(ShardStats::recordsParked),
        sum(ShardStats::batchesParked),
        Optional.empty(),
        Optional.empty());
  }

  private long sum(java.util.function.ToLongFunction<ShardStats> counter) {
    return shards.stream().mapToLong(counter).sum();
  }
}
