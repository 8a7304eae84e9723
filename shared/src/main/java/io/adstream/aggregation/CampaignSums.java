package io.adstream.aggregation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What minute and hour items share: a bucket's campaigns' measures, with a batch's deltas added.
 */
final class CampaignSums {
  private CampaignSums() {}

  /**
   * One copy of the campaigns, however many deltas. A batch names each campaign many times: its
   * deltas are summed by hash first, so the sorted copy takes one merge per campaign, not per
   * delta. Each campaign's deltas are added in the order listed, so the sums are those of adding
   * them one by one while no sum reaches a long's bound (where {@link Measures} saturates).
   */
  static SortedMap<String, Measures> plus(
      SortedMap<String, Measures> byCampaign, List<AggregateDelta> deltas) {
    Map<String, Measures> batch =
        HashMap.newHashMap(Math.min(deltas.size(), byCampaign.size() + 16));
    for (AggregateDelta delta : deltas) {
      batch.merge(delta.at().campaignId(), delta.measures(), Measures::plus);
    }
    TreeMap<String, Measures> next = new TreeMap<>(byCampaign);
    batch.forEach((campaign, measures) -> next.merge(campaign, measures, Measures::plus));
    return next;
  }
}
