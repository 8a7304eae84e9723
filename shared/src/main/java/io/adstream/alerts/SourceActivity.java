package io.adstream.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What each producing system ({@code source} in the envelope) sent: the span of its accepted
 * events' times, how many, and when the last of them reached the stream. One item per shard holds
 * its sources; the scheduled check merges the shards. Every statistic is a min, max or sum, so the
 * merge is order-free.
 */
public record SourceActivity(SortedMap<String, SourceStats> bySource) {
  public static final SourceActivity NONE = new SourceActivity(new TreeMap<>());

  public SourceActivity {
    bySource = Collections.unmodifiableSortedMap(new TreeMap<>(bySource));
  }

  /** One source's accepted events. */
  public record SourceStats(
      Instant firstEventTime, Instant lastEventTime, long events, Instant lastArrival) {
    public SourceStats {
      Objects.requireNonNull(firstEventTime, "firstEventTime");
      Objects.requireNonNull(lastEventTime, "lastEventTime");
      Objects.requireNonNull(lastArrival, "lastArrival");
    }

    SourceStats plus(SourceStats other) {
      return new SourceStats(
          min(firstEventTime, other.firstEventTime),
          max(lastEventTime, other.lastEventTime),
          Math.addExact(events, other.events),
          max(lastArrival, other.lastArrival));
    }
  }

  /** One accepted event of {@code source}, with its stream arrival time. */
  public record Seen(String source, Instant eventTime, Instant arrivalTime) {
    public Seen {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(arrivalTime, "arrivalTime");
    }
  }

  /**
   * This activity with a batch's accepted events added: one copy of the sources, however many
   * events.
   */
  public SourceActivity with(List<Seen> seen) {
    TreeMap<String, SourceStats> merged = new TreeMap<>(bySource);
    for (Seen event : seen) {
      merged.merge(
          event.source(),
          new SourceStats(event.eventTime(), event.eventTime(), 1, event.arrivalTime()),
          SourceStats::plus);
    }
    return new SourceActivity(merged);
  }

  /** Both shards' activity together. */
  public SourceActivity plus(SourceActivity other) {
    TreeMap<String, SourceStats> merged = new TreeMap<>(bySource);
    other.bySource.forEach((source, stats) -> merged.merge(source, stats, SourceStats::plus));
    return new SourceActivity(merged);
  }

  /** The event-time frontier: the latest event time of any source. */
  public java.util.Optional<Instant> frontier() {
    return bySource.values().stream().map(SourceStats::lastEventTime).max(Instant::compareTo);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
