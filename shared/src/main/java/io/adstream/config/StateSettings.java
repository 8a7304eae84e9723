package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * Shape of the DynamoDB state.
 *
 * @param campaignBuckets per-campaign minute measures are packed into one item per (bucket, minute,
 *     shard), each bucket holding the campaigns that hash to it. Packing is what keeps aggregates
 *     far below one write unit per event. A batch rewrites every item it touches and pays for each
 *     item's whole size, so while streaming few large items cost less than many small ones: with
 *     1,000 campaigns, 40 buckets cost more than 2 at every batch size measured (docs/cost.md).
 *     Raise it only when a bucket's campaigns active in one minute on one shard approach DynamoDB's
 *     400 KB item limit (several thousand).
 * @param maxClicksPerUser the most recent valid clicks kept per user for last-click attribution
 */
public record StateSettings(int campaignBuckets, int maxClicksPerUser) {
  public StateSettings {
    require(
        campaignBuckets >= 1 && campaignBuckets <= 1024,
        "state.campaignBuckets must be 1-1024, was " + campaignBuckets);
    require(
        maxClicksPerUser >= 1 && maxClicksPerUser <= 2000,
        "state.maxClicksPerUser must be 1-2000, was " + maxClicksPerUser);
  }

  public static StateSettings defaults() {
    return new StateSettings(2, 200);
  }
}
