package io.adstream.aggregation;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the per-campaign minute aggregates and their hour roll-ups, summed over the shards that
 * wrote them.
 */
public interface AggregateReader {

  /** Every campaign minute in [from, to), with non-zero measures. */
  SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to);

  /** One campaign's minutes in [from, to). */
  SortedMap<CampaignMinute, Measures> minutes(String campaignId, Instant from, Instant to);

  /**
   * One campaign's hours that start in [from, to), by their start, with non-zero measures: each the
   * sum of the campaign's minutes of that hour, read from the hour items the processor rolls up,
   * one per hour and shard instead of sixty.
   */
  SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to);

  /** Per campaign, the sum over [from, to): its minutes summed. */
  default Map<String, Measures> totals(Instant from, Instant to) {
    Map<String, Measures> totals = new TreeMap<>();
    minutes(from, to)
        .forEach((at, measures) -> totals.merge(at.campaignId(), measures, Measures::plus));
    return totals;
  }
}
