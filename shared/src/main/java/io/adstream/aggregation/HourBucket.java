package io.adstream.aggregation;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The measures of the campaigns of one bucket in one hour, as written by one shard: the sum of its
 * minute buckets, folded in by the same batches, so that an hour or day series reads one item per
 * hour instead of sixty.
 */
public record HourBucket(SortedMap<String, Measures> byCampaign) {
  public static final HourBucket EMPTY = new HourBucket(new TreeMap<>());

  public HourBucket {
    byCampaign = Collections.unmodifiableSortedMap(new TreeMap<>(byCampaign));
  }

  /** This hour with a batch's deltas added, whichever of its minutes they fall in. */
  public HourBucket plus(List<AggregateDelta> deltas) {
    return new HourBucket(CampaignSums.plus(byCampaign, deltas));
  }

  /** This hour with one of its minute buckets added: how hour items are seeded from minute ones. */
  public HourBucket plus(MinuteBucket minute) {
    TreeMap<String, Measures> next = new TreeMap<>(byCampaign);
    minute
        .byCampaign()
        .forEach((campaign, measures) -> next.merge(campaign, measures, Measures::plus));
    return new HourBucket(next);
  }
}
