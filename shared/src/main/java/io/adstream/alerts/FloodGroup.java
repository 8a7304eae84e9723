package io.adstream.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The clicks of one {@link FloodKey}: how many, whether and by which record the group crossed the
 * flood threshold, and the clicks counted valid when they arrived, each with the record that
 * retracted it. The retracting record is stored so that a redelivery of it finds the same
 * retractions again. What a retraction takes off (campaign, minute, cost) is in the click's claim,
 * not here: a group stays a few bytes a click.
 *
 * @param crossedBy the record whose click took the count over the threshold, as {@code
 *     shard#sequence}
 * @param counted clicks billed as valid when they arrived, by click_id
 */
public record FloodGroup(
    long clicks, Optional<String> crossedBy, SortedMap<String, CountedClick> counted) {
  public static final FloodGroup EMPTY = new FloodGroup(0, Optional.empty(), new TreeMap<>());

  public FloodGroup {
    Objects.requireNonNull(crossedBy, "crossedBy");
    counted = Collections.unmodifiableSortedMap(new TreeMap<>(counted));
  }

  /**
   * A click billed as valid; {@code retractedBy} names the record that moved it to invalid, if one
   * did.
   */
  public record CountedClick(Optional<String> retractedBy) {}

  /**
   * One accepted click of the group, seen by the record at {@code position}.
   *
   * @param countedValid whether the click was billed as valid when it arrived
   */
  public record Observation(
      String clickId, Instant clickTime, boolean countedValid, String position) {}

  /**
   * The group after one more click: once the count passes {@code threshold}, every click counted
   * valid and not yet retracted is retracted by this observation's record.
   */
  public FloodGroup with(Observation click, int threshold) {
    TreeMap<String, CountedClick> next = new TreeMap<>(counted);
    if (click.countedValid()) {
      next.put(click.clickId(), new CountedClick(Optional.empty()));
    }
    long count = clicks + 1;
    Optional<String> crossed = crossedBy;
    if (count > threshold) {
      crossed = crossedBy.or(() -> Optional.of(click.position()));
      next.replaceAll(
          (id, counted) ->
              counted.retractedBy().isPresent()
                  ? counted
                  : new CountedClick(Optional.of(click.position())));
    }
    return new FloodGroup(count, crossed, next);
  }

  public boolean flooded(int threshold) {
    return clicks > threshold;
  }
}
