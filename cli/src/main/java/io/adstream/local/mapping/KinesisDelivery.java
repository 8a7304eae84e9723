package io.adstream.local.mapping;

import java.time.Duration;

/**
 * How the mapping receives a shard's records, as Lambda does in AWS, chosen by {@code
 * stream.enhancedFanOut} (the CDK app gives the processor an enhanced fan-out consumer when it is
 * on).
 *
 * <ul>
 *   <li>{@link #STANDARD}: Lambda polls each shard with GetRecords about once a second while it is
 *       idle, and at once again after each batch while records are waiting (Lambda developer guide,
 *       "How Lambda processes records from Kinesis Data Streams"); a call returns at most 10,000
 *       records and 10 MiB, a shard takes 5 calls a second and gives 2 MiB a second (Kinesis Data
 *       Streams developer guide, "Quotas and limits").
 *   <li>{@link #ENHANCED_FAN_OUT}: Kinesis pushes records to the consumer over SubscribeToShard,
 *       "typically" about 70 ms after they were put (Kinesis developer guide, "Developing
 *       consumers": message propagation delay, 70 ms for enhanced fan-out against about 200 ms for
 *       one shared-throughput consumer). Locally the shard is read every few milliseconds and each
 *       record is held until 70 ms after its arrival time.
 * </ul>
 */
public enum KinesisDelivery {
  STANDARD(Duration.ofSeconds(1)),
  ENHANCED_FAN_OUT(Duration.ofMillis(20));

  /** Enhanced fan-out's typical propagation delay. */
  static final Duration PUSH_PROPAGATION = Duration.ofMillis(70);

  /** GetRecords quotas per call and per shard. */
  static final int MAX_RECORDS_PER_CALL = 10_000;

  static final long MAX_BYTES_PER_CALL = 10L * 1024 * 1024;
  static final long READ_BYTES_PER_SECOND = 2L * 1024 * 1024;
  static final Duration MIN_CALL_INTERVAL = Duration.ofMillis(200);

  private final Duration idlePollInterval;

  KinesisDelivery(Duration idlePollInterval) {
    this.idlePollInterval = idlePollInterval;
  }

  /** How long an idle shard waits before it is read again. */
  public Duration idlePollInterval() {
    return idlePollInterval;
  }

  public static KinesisDelivery of(boolean enhancedFanOut) {
    return enhancedFanOut ? ENHANCED_FAN_OUT : STANDARD;
  }

  public String describe() {
    return this == STANDARD
        ? "standard consumer (GetRecords, 1 s idle poll)"
        : "enhanced fan-out (push, 70 ms)";
  }
}
