package io.adstream.testing;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The aggregates a stage harness wrote, read as the DynamoDB reader reads them: minutes from the
 * minute items, hours from the hour items (never from the minutes), summed over buckets and shards.
 */
public final class InMemoryAggregateReader implements AggregateReader {
  private final StageHarness harness;

  public InMemoryAggregateReader(StageHarness harness) {
    this.harness = harness;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    harness
        .totals()
        .forEach(
            (at, measures) -> {
              if (!at.start().isBefore(from) && at.start().isBefore(to)) {
                minutes.put(at, measures);
              }
            });
    return minutes;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(String campaignId, Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = minutes(from, to);
    minutes.keySet().removeIf(at -> !at.campaignId().equals(campaignId));
    return minutes;
  }

  @Override
  public SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to) {
    SortedMap<Instant, Measures> hours = new TreeMap<>();
    harness
        .hourTotals()
        .forEach(
            (hour, measures) -> {
              if (hour.campaignId().equals(campaignId)
                  && !hour.start().isBefore(from)
                  && hour.start().isBefore(to)) {
                hours.put(hour.start(), measures);
              }
            });
    return hours;
  }
}
