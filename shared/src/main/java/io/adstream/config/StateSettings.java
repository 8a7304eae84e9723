package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * Shape of the DynamoDB state.
 *
 * @param campaignBuckets per-campaign minute measures are packed into one item per (bucket, minute,
 *     shard), each bucket holding the campaigns that hash to it. Packing is what keeps aggregates
 *     far below one write unit per event; aim for about 25 active campaigns per bucket, so that an
 *     item stays near the 1 KB a write unit pays for.
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
