package io.adstream.event;

import java.time.Instant;

/**
 * A search-ads report row. A later row (by {@code reportTime}) for the same {@link #rowKey()}
 * restates the earlier one: it replaces it, it never adds to it.
 */
public record SemStats(
    Envelope envelope,
    String engine,
    String accountId,
    String campaignId,
    String adGroupId,
    String keyword,
    MatchType matchType,
    Instant periodStart,
    Instant periodEnd,
    long impressions,
    long clicks,
    long costMicros,
    long conversions,
    long conversionValueMicros,
    Instant reportTime)
    implements AdEvent {

  public enum MatchType {
    EXACT("exact"),
    PHRASE("phrase"),
    BROAD("broad");

    private final String wireName;

    MatchType(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** The identity a restatement replaces: everything but the measures and the report time. */
  public String rowKey() {
    return String.join(
        "|",
        engine,
        accountId,
        campaignId,
        adGroupId,
        keyword,
        matchType.wireName(),
        periodStart.toString(),
        periodEnd.toString());
  }
}
