package io.adstream.aggregation;

/**
 * Where a campaign minute's measures are stored: one item per (campaign bucket, minute, shard).
 * Packing the campaigns of a bucket into one item is what keeps aggregate writes far below one
 * write unit per event; keeping the shard in the key gives every item a single writer, so its fence
 * is one sequence number.
 */
public record MinuteBucketKey(int bucket, long epochMinute, String shardId) {

  public static MinuteBucketKey of(CampaignMinute at, String shardId, int buckets) {
    return new MinuteBucketKey(bucketOf(at.campaignId(), buckets), at.epochMinute(), shardId);
  }

  /**
   * String.hashCode is specified by the language, so every writer and reader agrees on the bucket.
   */
  public static int bucketOf(String campaignId, int buckets) {
    return Math.floorMod(campaignId.hashCode(), buckets);
  }
}
