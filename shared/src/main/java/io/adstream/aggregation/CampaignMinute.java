package io.adstream.aggregation;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/** A campaign's event-time minute: the grain of the aggregates. */
public record CampaignMinute(String campaignId, long epochMinute)
    implements Comparable<CampaignMinute> {
  private static final Comparator<CampaignMinute> ORDER =
      Comparator.comparing(CampaignMinute::campaignId)
          .thenComparingLong(CampaignMinute::epochMinute);

  public CampaignMinute {
    Objects.requireNonNull(campaignId, "campaignId");
  }

  public static CampaignMinute of(String campaignId, Instant eventTime) {
    return new CampaignMinute(campaignId, Math.floorDiv(eventTime.toEpochMilli(), 60_000L));
  }

  public Instant start() {
    return Instant.ofEpochSecond(epochMinute * 60);
  }

  @Override
  public int compareTo(CampaignMinute other) {
    return ORDER.compare(this, other);
  }
}
