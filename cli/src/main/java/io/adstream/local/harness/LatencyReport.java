package io.adstream.local.harness;

import java.util.Map;

/**
 * A run's latencies: from put to processed (the function returned and the mapping checkpointed) and
 * from put to aggregate-visible (an API read showed the record's campaign minute), over all shards
 * and per shard.
 */
public record LatencyReport(Latencies processed, Latencies visible, Map<String, Shard> shards) {
  public LatencyReport {
    shards = Map.copyOf(shards);
  }

  public record Shard(Latencies processed, Latencies visible) {}
}
