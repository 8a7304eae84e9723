package io.adstream.flink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one job runs: where Kafka is, the shared configuration's overrides (the prefix names the
 * topics), where the PII key comes from, and how often state and outputs are checkpointed (outputs
 * become visible to read-committed consumers at each checkpoint).
 *
 * @param checkpointInterval exactly-once checkpoints this often, or {@link #RUNTIME_CHECKPOINTS}:
 *     as the runtime configures them (Managed Service for Apache Flink)
 * @param bounded read the input up to the offsets it has at start, then finish (local runs and
 *     tests)
 * @param sourceParallelism Kafka readers: up to one per partition of the events topic
 * @param kafkaProperties Kafka client settings for the source and every sink (e.g.
 *     security.protocol)
 */
public record JobSettings(
    String bootstrapServers,
    String configOverrides,
    PiiKeys keys,
    Duration checkpointInterval,
    boolean bounded,
    int sourceParallelism,
    Map<String, String> kafkaProperties)
    implements Serializable {
  /** The runtime's own checkpoint configuration: the job sets none. */
  public static final Duration RUNTIME_CHECKPOINTS = Duration.ZERO;

  public JobSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(configOverrides, "configOverrides");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (sourceParallelism < 1) {
      throw new IllegalArgumentException(
          "sourceParallelism must be at least 1, was " + sourceParallelism);
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Plain Kafka, as the local runs and tests have it. */
  public JobSettings(
      String bootstrapServers,
      String configOverrides,
      PiiKeys keys,
      Duration checkpointInterval,
      boolean bounded,
      int sourceParallelism) {
    this(
        bootstrapServers,
        configOverrides,
        keys,
        checkpointInterval,
        bounded,
        sourceParallelism,
        Map.of());
  }
}
