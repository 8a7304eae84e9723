package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;
import java.util.Optional;

/**
 * The Kinesis event source mapping of the processor, as provisioned in AWS and as reproduced by the
 * local runtime.
 *
 * @param maxBatchingWindow how long to gather records before invoking (0 = invoke as soon as any
 *     arrive)
 * @param maxRetryAttempts retries of a failing batch before its records are parked
 * @param maxRecordAge records older than this are parked instead of processed; empty = never
 * @param parallelizationFactor concurrent batches per shard. Must be 1: the exactly-once fences are
 *     kept per (shard, item) with the sequence number, which needs each shard applied in sequence
 *     order. Scale out with shards instead.
 */
public record MappingSettings(
    int batchSize,
    Duration maxBatchingWindow,
    boolean bisectBatchOnError,
    int maxRetryAttempts,
    Optional<Duration> maxRecordAge,
    int parallelizationFactor,
    String startingPosition,
    boolean reportBatchItemFailures) {

  public MappingSettings {
    require(
        batchSize >= 1 && batchSize <= 10_000,
        "mapping.batchSize must be 1-10000, was " + batchSize);
    requireBetween(
        maxBatchingWindow, Duration.ZERO, Duration.ofSeconds(300), "mapping.maxBatchingWindow");
    require(
        maxRetryAttempts >= 0 && maxRetryAttempts <= 10_000,
        "mapping.maxRetryAttempts must be 0-10000 (a finite number: an infinite one lets a poison record block its shard), was "
            + maxRetryAttempts);
    maxRecordAge.ifPresent(
        age ->
            requireBetween(
                age, Duration.ofSeconds(60), Duration.ofDays(7), "mapping.maxRecordAge"));
    require(
        parallelizationFactor == 1,
        "mapping.parallelizationFactor must be 1: exactly-once fences need each shard applied in order; add shards to scale");
    require(
        startingPosition.equals("TRIM_HORIZON") || startingPosition.equals("LATEST"),
        "mapping.startingPosition must be TRIM_HORIZON or LATEST, was " + startingPosition);
    require(
        reportBatchItemFailures,
        "mapping.reportBatchItemFailures must be true: the handler reports the first failed record");
  }

  public static MappingSettings defaults() {
    return new MappingSettings(
        500, Duration.ZERO, true, 5, Optional.of(Duration.ofHours(6)), 1, "TRIM_HORIZON", true);
  }
}
