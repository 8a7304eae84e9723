package io.adstream.aggregation;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** The measures of the campaigns of one bucket in one minute, as written by one shard. */
public record MinuteBucket(SortedMap<String, Measures> byCampaign) {
  public static final MinuteBucket EMPTY = new MinuteBucket(new TreeMap<>());

  public MinuteBucket {
    byCampaign = Collections.unmodifiableSortedMap(new TreeMap<>(byCampaign));
  }

  public MinuteBucket plus(AggregateDelta delta) {
    TreeMap<String, Measures> next = new TreeMap<>(byCampaign);
    next.merge(delta.at().campaignId(), delta.measures(), Measures::plus);
    return new MinuteBucket(next);
  }
}
