package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * Landing through Firehose into the S3 data lake.
 *
 * @param maxRecordBytes the processor packs newline-delimited events into Firehose records of at
 *     most this size, so that Firehose's 5 KB billing increment does not multiply the bill
 * @param bufferSeconds Firehose buffering interval
 * @param bufferMb Firehose buffering size (at least 64 with dynamic partitioning)
 */
public record LandingSettings(int maxRecordBytes, int bufferSeconds, int bufferMb) {
  /**
   * How long a delivery stream gathers records for one call of its lake partitioner (the record
   * transformation that reads each record's partition keys): at most one call a minute per stream.
   */
  public static final int PARTITIONER_BUFFER_SECONDS = 60;

  public LandingSettings {
    require(
        maxRecordBytes >= 5_120 && maxRecordBytes <= 1_000_000,
        "landing.maxRecordBytes must be 5120-1000000 (Firehose's record limit is 1,000 KiB), was "
            + maxRecordBytes);
    require(
        bufferSeconds >= 0 && bufferSeconds <= 900,
        "landing.bufferSeconds must be 0-900, was " + bufferSeconds);
    require(
        bufferMb >= 64 && bufferMb <= 128,
        "landing.bufferMb must be 64-128 with dynamic partitioning, was " + bufferMb);
  }

  public static LandingSettings defaults() {
    return new LandingSettings(64_000, 60, 64);
  }
}
