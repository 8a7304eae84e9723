package io.adstream.aggregation;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What minute and hour items share: a bucket's campaigns' measures, with a batch's deltas added.
 */
final class CampaignSums {
  private CampaignSums() {}

  /** One copy of the campaigns, however many deltas. */
  static SortedMap<String, Measures> plus(
      SortedMap<String, Measures> byCampaign, List<AggregateDelta> deltas) {
    TreeMap<String, Measures> next = new TreeMap<>(byCampaign);
    for (AggregateDelta delta : deltas) {
      next.merge(delta.at().campaignId(), delta.measures(), Measures::plus);
    }
    return next;
  }
}
