package io.adstream.features;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The recent activity of one user or device token, from which its online features are derived. It
 * depends only on the set of events applied, never on their order, so a stream and a batch
 * recompute agree.
 *
 * @param asOf the latest event time seen for the entity
 * @param clicksPerMinute accepted clicks per event-time epoch minute, for the 24 hours up to {@code
 *     asOf}
 * @param conversionTimes accepted conversions in the 7 days up to {@code asOf}, the latest {@link
 *     #MAX_CONVERSION_TIMES} of them, in time order
 */
public record Activity(
    Optional<Instant> asOf,
    Optional<Instant> lastClick,
    SortedMap<Long, Integer> clicksPerMinute,
    List<Instant> conversionTimes) {

  public static final Activity NONE =
      new Activity(Optional.empty(), Optional.empty(), new TreeMap<>(), List.of());

  static final int MINUTES_PER_DAY = 24 * 60;
  static final Duration CONVERSION_WINDOW = Duration.ofDays(7);

  /**
   * The most conversion times kept, the latest: a token that thousands of conversions name (a
   * placeholder a producer fills in) must not grow its item past DynamoDB's 400 KB, so its
   * conversions in 7 days count up to this many. Keeping the latest of a set is independent of the
   * order events arrive in.
   */
  public static final int MAX_CONVERSION_TIMES = 2_000;

  public Activity {
    clicksPerMinute = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(clicksPerMinute));
    conversionTimes = List.copyOf(conversionTimes);
  }

  public Activity withClick(Instant time) {
    // only the minutes that can still count are copied: pruning then has nothing to drop (a
    // copy of a tail view walks it twice, so the whole map is copied when it is all kept)
    Instant nextAsOf = later(time);
    long firstMinute = firstCountedMinute(nextAsOf);
    TreeMap<Long, Integer> clicks =
        new TreeMap<>(
            droppedFrom(firstMinute) ? clicksPerMinute.tailMap(firstMinute) : clicksPerMinute);
    clicks.merge(epochMinute(time), 1, Integer::sum);
    Optional<Instant> last = Optional.of(lastClick.filter(l -> l.isAfter(time)).orElse(time));
    return new Activity(Optional.of(nextAsOf), last, clicks, conversionTimes).pruned();
  }

  public Activity withConversion(Instant time) {
    List<Instant> conversions = new ArrayList<>(conversionTimes);
    conversions.add(time);
    conversions.sort(null);
    return new Activity(Optional.of(later(time)), lastClick, clicksPerMinute, conversions).pruned();
  }

  public Optional<FeatureVector> features() {
    return asOf.map(
        now -> {
          long minute = epochMinute(now);
          long clicks1h =
              clicksPerMinute.tailMap(minute - 59).values().stream()
                  .mapToLong(Integer::longValue)
                  .sum();
          long clicks24h = clicksPerMinute.values().stream().mapToLong(Integer::longValue).sum();
          Instant conversionCutoff = now.minus(CONVERSION_WINDOW);
          long conversions7d =
              conversionTimes.stream().filter(t -> t.isAfter(conversionCutoff)).count();
          return new FeatureVector(now, clicks1h, clicks24h, lastClick, conversions7d);
        });
  }

  private Instant later(Instant time) {
    return asOf.filter(a -> a.isAfter(time)).orElse(time);
  }

  /**
   * Drops what can never count again: {@code asOf} only moves forward. Itself when nothing is
   * dropped, as for most clicks: a copy of the minutes was made for each.
   */
  private Activity pruned() {
    Instant now = asOf.orElseThrow();
    long firstMinute = firstCountedMinute(now);
    Instant conversionCutoff = now.minus(CONVERSION_WINDOW);
    boolean conversionsKept =
        conversionTimes.size() <= MAX_CONVERSION_TIMES && inOrderAfter(conversionCutoff);
    if (!droppedFrom(firstMinute) && conversionsKept) {
      return this;
    }
    return new Activity(
        asOf,
        lastClick,
        clicksPerMinute.tailMap(firstMinute),
        conversionsKept
            ? conversionTimes
            : latest(
                conversionTimes.stream()
                    .filter(t -> t.isAfter(conversionCutoff))
                    .sorted()
                    .toList()));
  }

  /** Whether some minute before {@code firstMinute} has clicks. */
  private boolean droppedFrom(long firstMinute) {
    return !clicksPerMinute.isEmpty() && clicksPerMinute.firstKey() < firstMinute;
  }

  /** Whether the conversion times are in time order and all after {@code cutoff}. */
  private boolean inOrderAfter(Instant cutoff) {
    if (!conversionTimes.isEmpty() && !conversionTimes.get(0).isAfter(cutoff)) {
      return false;
    }
    for (int i = 1; i < conversionTimes.size(); i++) {
      if (conversionTimes.get(i).isBefore(conversionTimes.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  /** The first minute whose clicks count at {@code now}: those of the last 24 hours. */
  private static long firstCountedMinute(Instant now) {
    return epochMinute(now) - (MINUTES_PER_DAY - 1);
  }

  private static List<Instant> latest(List<Instant> inTimeOrder) {
    return inTimeOrder.subList(
        Math.max(0, inTimeOrder.size() - MAX_CONVERSION_TIMES), inTimeOrder.size());
  }

  static long epochMinute(Instant time) {
    return Math.floorDiv(time.toEpochMilli(), 60_000L);
  }
}
