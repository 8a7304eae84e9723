package io.adstream.serving;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.Measures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Per-campaign totals of a range, read at most once per {@code maxAge} however many requests ask:
 * the campaign list sums a whole day of minute buckets, and a dashboard polling it from many tabs
 * must not read that day once per request. Requests arriving while a read runs wait for it and
 * share its result. Younger than the list's {@code max-age}, so a client sees nothing staler than
 * its own cache would show it.
 */
final class RecentTotals {
  private final AggregateReader aggregates;
  private final Clock clock;
  private final Duration maxAge;
  private Instant from;
  private Instant to;
  private Instant readAt;
  private Map<String, Measures> totals;

  RecentTotals(AggregateReader aggregates, Clock clock, Duration maxAge) {
    this.aggregates = aggregates;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  synchronized Map<String, Measures> totals(Instant from, Instant to) {
    Instant now = clock.instant();
    if (totals == null
        || !from.equals(this.from)
        || !to.equals(this.to)
        || now.isAfter(readAt.plus(maxAge))
        || now.isBefore(readAt)) {
      totals = Map.copyOf(aggregates.totals(from, to));
      this.from = from;
      this.to = to;
      readAt = now;
    }
    return totals;
  }
}
