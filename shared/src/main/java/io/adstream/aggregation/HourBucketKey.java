package io.adstream.aggregation;

/**
 * Where a campaign hour's measures are rolled up: one item per (campaign bucket, hour, shard), the
 * sum of that bucket's and shard's 60 minute items. The shard in the key gives it a single writer,
 * as a minute item has, so the same fence (one sequence number per shard) makes its updates
 * exactly-once.
 */
public record HourBucketKey(int bucket, long epochHour, String shardId) {

  /** The hour item a minute item rolls up into. */
  public static HourBucketKey of(MinuteBucketKey minute) {
    return new HourBucketKey(
        minute.bucket(), Math.floorDiv(minute.epochMinute(), 60), minute.shardId());
  }
}
