package io.adstream.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a campaign hour's measures are rolled up: one item per (hour bucket, hour, shard), the sum
 * of that shard's 60 minute items for the hour bucket's campaigns. Each minute bucket's campaigns
 * are split over {@code itemsPerBucket} hour buckets ({@link #of}), because an hour item gathers
 * sixty minutes of campaigns and would otherwise be the first item to reach DynamoDB's size limit.
 * The shard in the key gives it a single writer, as a minute item has, so the same fence (one
 * sequence number per shard) makes its updates exactly-once.
 *
 * @param bucket the hour bucket: the minute bucket times {@code itemsPerBucket} plus the campaign's
 *     share of it
 */
public record HourBucketKey(int bucket, long epochHour, String shardId) {

  /** The hour item a campaign's minute rolls up into. */
  public static HourBucketKey of(MinuteBucketKey minute, String campaignId, int itemsPerBucket) {
    return new HourBucketKey(
        minute.bucket() * itemsPerBucket + shareOf(campaignId, itemsPerBucket),
        Math.floorDiv(minute.epochMinute(), 60),
        minute.shardId());
  }

  /** The hour bucket of a campaign: what a reader of its hours queries. */
  public static int bucketOf(String campaignId, int minuteBuckets, int itemsPerBucket) {
    return MinuteBucketKey.bucketOf(campaignId, minuteBuckets) * itemsPerBucket
        + shareOf(campaignId, itemsPerBucket);
  }

  /**
   * The hour items that sum whole minute items, every minute closed: how a test or benchmark seeds
   * the hour items the processor would have written.
   */
  public static Map<HourBucketKey, HourBucket> rolledUp(
      Map<MinuteBucketKey, MinuteBucket> minutes, int itemsPerBucket) {
    Map<HourBucketKey, HourBucket> hours = new LinkedHashMap<>();
    minutes.forEach(
        (key, minute) ->
            minute.byCampaign().keySet().stream()
                .map(campaign -> of(key, campaign, itemsPerBucket))
                .distinct()
                .forEach(
                    hour -> {
                      // the same share the processor's fold takes
                      MinuteBucket share = minute.only(c -> hour.holds(c, itemsPerBucket));
                      hours.merge(
                          hour, HourBucket.EMPTY.plus(share), (sum, none) -> sum.plus(share));
                    }));
    return hours;
  }

  /** Whether a campaign of this item's minute bucket has its hours in this item. */
  public boolean holds(String campaignId, int itemsPerBucket) {
    return shareOf(campaignId, itemsPerBucket) == Math.floorMod(bucket, itemsPerBucket);
  }

  /** The bucket of the minute items whose campaigns this item rolls up (with other hour items). */
  public int minuteBucket(int itemsPerBucket) {
    return Math.floorDiv(bucket, itemsPerBucket);
  }

  /**
   * Which of its minute bucket's hour items a campaign is in. The low bits of String.hashCode
   * follow an id's last characters, so ids numbered in sequence would crowd a few items: the hash
   * is mixed first, as MurmurHash3's finalizer mixes (a fixed function, so every writer and reader
   * agrees).
   */
  private static int shareOf(String campaignId, int itemsPerBucket) {
    int h = campaignId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, itemsPerBucket);
  }
}
