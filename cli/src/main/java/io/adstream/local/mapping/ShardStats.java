package io.adstream.local.mapping;

import java.util.Optional;

/**
 * What the mapping did on one shard so far. When the shard is drained, every record read is either
 * completed or parked: {@code recordsRead == recordsCompleted + recordsParked}.
 *
 * @param recordsRead records read from the shard
 * @param invocations batches handed to the function, retries included
 * @param recordsInvoked records handed to the function, each redelivery counted again
 * @param recordsCompleted records checkpointed after the function processed them
 * @param retries failed invocations whose records were retried as they were
 * @param bisections failed batches split in two
 * @param recordsParked records sent to the on-failure destination
 * @param batchesParked batches sent to the on-failure destination
 * @param checkpoint the sequence number of the last record completed or parked
 * @param lastError the last error reading the shard or parking a batch (both are retried)
 */
public record ShardStats(
    String shardId,
    long recordsRead,
    long invocations,
    long recordsInvoked,
    long recordsCompleted,
    long retries,
    long bisections,
    long recordsParked,
    long batchesParked,
    Optional<String> checkpoint,
    Optional<String> lastError) {}
