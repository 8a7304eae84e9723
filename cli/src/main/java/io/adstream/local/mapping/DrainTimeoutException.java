package io.adstream.local.mapping;

import java.time.Duration;
import java.util.List;

/** The mapping did not read every shard to its end within the time given. */
public final class DrainTimeoutException extends RuntimeException {

  private final MappingStats stats;

  DrainTimeoutException(Duration timeout, List<String> busyShards, MappingStats stats) {
    super("shards " + busyShards + " were not drained within " + timeout + ": " + stats.shards());
    this.stats = stats;
  }

  /** Where each shard stood when the time ran out. */
  public MappingStats stats() {
    return stats;
  }
}
