package io.adstream.aggregation;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The measures of the campaigns of one bucket in one minute, as written by one shard. */
public record MinuteBucket(SortedMap<String, Measures> byCampaign) {
  public static final MinuteBucket EMPTY = new MinuteBucket(new TreeMap<>());

  public MinuteBucket {
    byCampaign = Collections.unmodifiableSortedMap(new TreeMap<>(byCampaign));
  }

  /** This bucket's campaigns that {@code keep} accepts: an hour item's share of it. */
  public MinuteBucket only(Predicate<String> keep) {
    TreeMap<String, Measures> kept = new TreeMap<>();
    byCampaign.forEach(
        (campaign, measures) -> {
          if (keep.test(campaign)) {
            kept.put(campaign, measures);
          }
        });
    return new MinuteBucket(kept);
  }

  /** This bucket with a batch's deltas added. */
  public MinuteBucket plus(List<AggregateDelta> deltas) {
    return new MinuteBucket(CampaignSums.plus(byCampaign, deltas));
  }
}
