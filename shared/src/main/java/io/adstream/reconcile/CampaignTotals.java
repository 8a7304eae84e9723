package io.adstream.reconcile;

import io.adstream.aggregation.Measures;
import java.util.Map;

/** One campaign's values of every {@link Metric} over a period. Money in micros. */
public record CampaignTotals(
    long impressions, long clicks, long conversions, long spendMicros, long revenueMicros) {
  public static final CampaignTotals ZERO = new CampaignTotals(0, 0, 0, 0, 0);

  /** The compared part of the streaming aggregates' measures. */
  public static CampaignTotals of(Measures measures) {
    return new CampaignTotals(
        measures.impressions(),
        measures.clicks(),
        measures.conversions(),
        measures.costMicros(),
        measures.conversionValueMicros());
  }

  public static CampaignTotals of(Map<Metric, Long> values) {
    return new CampaignTotals(
        values.getOrDefault(Metric.IMPRESSIONS, 0L),
        values.getOrDefault(Metric.CLICKS, 0L),
        values.getOrDefault(Metric.CONVERSIONS, 0L),
        values.getOrDefault(Metric.SPEND, 0L),
        values.getOrDefault(Metric.REVENUE, 0L));
  }

  public long get(Metric metric) {
    return switch (metric) {
      case IMPRESSIONS -> impressions;
      case CLICKS -> clicks;
      case CONVERSIONS -> conversions;
      case SPEND -> spendMicros;
      case REVENUE -> revenueMicros;
    };
  }

  public CampaignTotals plus(CampaignTotals other) {
    return new CampaignTotals(
        Math.addExact(impressions, other.impressions),
        Math.addExact(clicks, other.clicks),
        Math.addExact(conversions, other.conversions),
        Math.addExact(spendMicros, other.spendMicros),
        Math.addExact(revenueMicros, other.revenueMicros));
  }

  public boolean isZero() {
    return equals(ZERO);
  }
}
