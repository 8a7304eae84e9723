package io.adstream.aggregation;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * The measures of the campaigns of one bucket in one hour, as written by one shard, so that an hour
 * or day series reads one item per hour instead of sixty.
 *
 * <p>The hour is {@code closed} (the minutes before the {@code open} ones) plus the shard's minute
 * items of the open minutes. Usually one minute is open: the latest the shard has written. While
 * batches keep adding to it, as they do many times a second, the hour item is not written at all;
 * when a later minute opens, the one that closes is folded in from its minute item. A delta to a
 * minute already closed (a late event) is added to {@code closed} directly.
 *
 * <p>A minute item can hold records the batch has not reached yet: a larger delivery of them failed
 * after writing it, and they come again after this batch. Folding such an item would count them now
 * and again when they come, so it stays open (and every later minute with it) until a batch that
 * has reached them closes it.
 */
public record HourBucket(SortedMap<String, Measures> closed, Optional<OpenMinutes> open) {
  public static final HourBucket EMPTY = new HourBucket(new TreeMap<>(), Optional.empty());

  /** Minutes {@code first} to {@code last}, both included, whose measures are in their items. */
  public record OpenMinutes(long first, long last) {
    public OpenMinutes {
      if (last < first) {
        throw new IllegalArgumentException(
            "open minutes end before they start: " + first + ".." + last);
      }
    }

    public boolean contains(long minute) {
      return minute >= first && minute <= last;
    }

    public LongStream minutes() {
      return LongStream.rangeClosed(first, last);
    }
  }

  /**
   * The shard's minute items of this hour as the batch leaves them, in the order asked; empty for
   * one holding records the batch has not reached.
   */
  @FunctionalInterface
  public interface MinuteItems {
    List<Optional<MinuteBucket>> afterBatch(List<Long> minutes);
  }

  public HourBucket {
    closed = Collections.unmodifiableSortedMap(new TreeMap<>(closed));
    Objects.requireNonNull(open, "open");
  }

  /**
   * This hour with a batch's deltas, none of them in it yet: a delta to an open minute, or to a
   * later one, stays in its minute item; the open minutes before the latest are folded in from
   * {@code minutes} while they can be.
   */
  public HourBucket plus(List<AggregateDelta> deltas, MinuteItems minutes) {
    if (holdsEveryMinute()) {
      return new HourBucket(CampaignSums.plus(closed, deltas), open);
    }
    long last = open.map(OpenMinutes::last).orElse(Long.MIN_VALUE);
    for (AggregateDelta delta : deltas) {
      last = Math.max(last, delta.at().epochMinute());
    }
    // a new item opens at the batch's latest minute: its earlier deltas are exact, so closed
    long first = open.map(OpenMinutes::first).orElse(last);
    if (open.isPresent() && first == last && noneBefore(deltas, first)) {
      // the batch only added to the open minute's item, as almost every batch does
      return this;
    }
    TreeMap<String, Measures> next = new TreeMap<>(closed);
    for (AggregateDelta delta : deltas) {
      if (delta.at().epochMinute() < first) {
        add(next, delta.at().campaignId(), delta.measures());
      }
    }
    if (first < last) {
      List<Long> closing = LongStream.range(first, last).boxed().toList();
      List<Optional<MinuteBucket>> items = minutes.afterBatch(closing);
      for (Optional<MinuteBucket> item : items) {
        if (item.isEmpty()) {
          break;
        }
        item.get().byCampaign().forEach((campaign, measures) -> add(next, campaign, measures));
        first++;
      }
    }
    return new HourBucket(next, Optional.of(new OpenMinutes(first, last)));
  }

  private static boolean noneBefore(List<AggregateDelta> deltas, long minute) {
    for (AggregateDelta delta : deltas) {
      if (delta.at().epochMinute() < minute) {
        return false;
      }
    }
    return true;
  }

  /**
   * An item with measures and no open minutes sums every minute: it was written before hour items
   * had open minutes (or seeded from minute items), and goes on summing every delta until its hour
   * ends, so that the minutes it already holds are not counted again from their items.
   */
  public boolean holdsEveryMinute() {
    return open.isEmpty() && !closed.isEmpty();
  }

  /** This hour with one of its minutes added as closed: how hour items are seeded from minutes. */
  public HourBucket plus(MinuteBucket minute) {
    return new HourBucket(withOpen(List.of(minute)), open);
  }

  /** The whole hour: the closed minutes and the open minutes' items together. */
  public SortedMap<String, Measures> withOpen(List<MinuteBucket> openItems) {
    TreeMap<String, Measures> whole = new TreeMap<>(closed);
    openItems.forEach(
        item -> item.byCampaign().forEach((campaign, measures) -> add(whole, campaign, measures)));
    return whole;
  }

  private static void add(TreeMap<String, Measures> into, String campaign, Measures measures) {
    into.merge(campaign, measures, Measures::plus);
  }
}
