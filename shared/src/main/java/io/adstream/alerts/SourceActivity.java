package io.adstream.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
   * events. The sources kept are bounded ({@link #MAX_SOURCES}, {@link #FORGET_AFTER}) by what the
   * item holds, so a redelivery of the batch keeps the same ones.
   */
  public SourceActivity with(List<Seen> seen) {
    TreeMap<String, SourceStats> merged = new TreeMap<>(bySource);
    for (Seen event : seen) {
      merged.merge(
          event.source(),
          new SourceStats(event.eventTime(), event.eventTime(), 1, event.arrivalTime()),
          SourceStats::plus);
    }
    return new SourceActivity(merged).bounded();
  }

  /**
   * How many sources a shard remembers: the item is written by every batch, and a producer that
   * names a new source per host or per deployment would otherwise grow it (and each batch's write)
   * until DynamoDB refused it.
   */
  public static final int MAX_SOURCES = 200;

  /**
   * How long after its last arrival a source is forgotten: long past the longest silence period (a
   * day), so its silence has been alerted.
   */
  public static final Duration FORGET_AFTER = Duration.ofDays(7);

  /**
   * Without the sources that last arrived {@link #FORGET_AFTER} before the latest arrival, and at
   * most {@link #MAX_SOURCES}, those that arrived last; never the source holding the frontier, so
   * that the shard's watermark does not move back.
   */
  private SourceActivity bounded() {
    Optional<Instant> latestArrival =
        bySource.values().stream().map(SourceStats::lastArrival).max(Instant::compareTo);
    if (latestArrival.isEmpty()) {
      return this;
    }
    Instant forgetBefore = latestArrival.get().minus(FORGET_AFTER);
    Instant frontier = frontier().orElseThrow();
    if (bySource.size() <= MAX_SOURCES
        && bySource.values().stream().noneMatch(s -> s.lastArrival().isBefore(forgetBefore))) {
      return this;
    }
    TreeMap<String, SourceStats> kept = new TreeMap<>();
    bySource.entrySet().stream()
        .filter(
            e ->
                e.getValue().lastEventTime().equals(frontier)
                    || !e.getValue().lastArrival().isBefore(forgetBefore))
        .sorted(
            Comparator.comparing(
                    (Map.Entry<String, SourceStats> e) ->
                        !e.getValue().lastEventTime().equals(frontier))
                .thenComparing(e -> e.getValue().lastArrival(), Comparator.reverseOrder())
                .thenComparing(Map.Entry::getKey))
        .limit(MAX_SOURCES)
        .forEach(e -> kept.put(e.getKey(), e.getValue()));
    return new SourceActivity(kept);
  }

  /** Both shards' activity together. */
  public SourceActivity plus(SourceActivity other) {
    TreeMap<String, SourceStats> merged = new TreeMap<>(bySource);
    other.bySource.forEach((source, stats) -> merged.merge(source, stats, SourceStats::plus));
    return new SourceActivity(merged);
  }

  /** The event-time frontier: the latest event time of any source. */
  public Optional<Instant> frontier() {
    return bySource.values().stream().map(SourceStats::lastEventTime).max(Instant::compareTo);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
