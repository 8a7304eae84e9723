package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * Shape of the DynamoDB state.
 *
 * @param campaignBuckets per-campaign minute measures are packed into one item per (bucket, minute,
 *     shard), each bucket holding the campaigns that hash to it. Packing is what keeps aggregates
 *     far below one write unit per event. A batch rewrites every item it touches and pays for each
 *     item's whole size, so while streaming few large items cost less than many small ones: with
 *     1,000 campaigns, 40 buckets cost more than 2 at every batch size measured (docs/cost.md). A
 *     change makes earlier minutes read as zero, so set it before the first deployment.
 * @param hourItemsPerBucket how many hour items share a campaign bucket's campaigns of an hour on a
 *     shard. An hour item holds every campaign of its share that had events in the hour, sixty
 *     minutes' worth, so with one item per bucket a few thousand campaigns active in an hour would
 *     take it past DynamoDB's 400 KB item limit, to be stored as parts at twice the write cost
 *     ({@code itemPartBytes}). Hour items are written when a minute closes, not in every batch, so
 *     more of them cost little: 8 cost about 0.01 write units an event more than 1 while streaming.
 *     1 keeps the keys hour items had before they were split; a change makes earlier hours read as
 *     zero by hour and day (minute series keep them).
 * @param maxClicksPerUser the most recent creditable clicks (not late, not a crawler's; flooded
 *     ones count, as attribution ignores floods) kept per user for last-click attribution
 * @param maxConversionsPerUser the most recent conversions without a click_id kept per user, so
 *     that a later-arriving click can take their credit over. Both bounds keep a user's item under
 *     DynamoDB's 400 KB whatever producers send: at the largest of both (300), with ids of the
 *     longest length and the activity features keep, it is about 270 KB.
 * @param itemPartBytes the size, by DynamoDB's sizing rules, past which an aggregate item is stored
 *     as parts that one transaction writes (DynamoDB refuses an item over 400 KB). The default
 *     keeps a margin under the limit; a smaller value only makes tests exercise parts with little
 *     data.
 */
public record StateSettings(
    int campaignBuckets,
    int hourItemsPerBucket,
    int maxClicksPerUser,
    int maxConversionsPerUser,
    int itemPartBytes) {
  /** DynamoDB's limit is 409,600 bytes: room for the error of our estimate of an item's size. */
  public static final int MAX_ITEM_PART_BYTES = 380_000;

  public StateSettings {
    require(
        campaignBuckets >= 1 && campaignBuckets <= 1024,
        "state.campaignBuckets must be 1-1024, was " + campaignBuckets);
    require(
        hourItemsPerBucket >= 1 && hourItemsPerBucket <= 64,
        "state.hourItemsPerBucket must be 1-64, was " + hourItemsPerBucket);
    require(
        maxClicksPerUser >= 1 && maxClicksPerUser <= 300,
        "state.maxClicksPerUser must be 1-300, was " + maxClicksPerUser);
    require(
        maxConversionsPerUser >= 1 && maxConversionsPerUser <= 300,
        "state.maxConversionsPerUser must be 1-300, was " + maxConversionsPerUser);
    require(
        itemPartBytes >= 500 && itemPartBytes <= MAX_ITEM_PART_BYTES,
        "state.itemPartBytes must be 500-" + MAX_ITEM_PART_BYTES + ", was " + itemPartBytes);
  }

  public static StateSettings defaults() {
    return new StateSettings(2, 8, 200, 200, MAX_ITEM_PART_BYTES);
  }
}
