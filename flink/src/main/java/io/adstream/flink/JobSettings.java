package io.adstream.flink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How one job runs: where Kafka is, the shared configuration's overrides (the prefix names the topics), where
 * the PII key comes from, and how often state and outputs are checkpointed (outputs become visible to
 * read-committed consumers at each checkpoint).
 *
 * @param bounded read the input up to the offsets it has at start, then finish (local runs and tests)
 * @param sourceParallelism Kafka readers: up to one per partition of the events topic
 */
public record JobSettings(
    String bootstrapServers,
    String configOverrides,
    PiiKeys keys,
    Duration checkpointInterval,
    boolean bounded,
    int sourceParallelism)
    implements Serializable {
  public JobSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(configOverrides, "configOverrides");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (sourceParallelism < 1) {
      throw new IllegalArgumentException("sourceParallelism must be at least 1, was " + sourceParallelism);
    }
  }
}
