package io.adstream.features;

import io.adstream.alerts.FloodGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What is kept of one device token: its activity (the device's online features) and its click-flood
 * groups of the minutes a non-late click can still reach. One item for both, because every click of
 * the device changes both: a second item per click was most of a click's write units on click-heavy
 * traffic.
 *
 * @param floods the device's flood groups by event-time epoch minute, for the allowed lateness up
 *     to {@code activity.asOf}
 */
public record DeviceState(Activity activity, SortedMap<Long, FloodGroup> floods) {
  public static final DeviceState EMPTY = new DeviceState(Activity.NONE, new TreeMap<>());

  public DeviceState {
    Objects.requireNonNull(activity, "activity");
    floods = Collections.unmodifiableSortedMap(new TreeMap<>(floods));
  }

  /**
   * A click or conversion of the device: what changes its activity, and for a click that counts
   * towards floods (one that is not late), its flood observation.
   */
  public record Change(ActivityEvent activity, Optional<FloodGroup.Observation> flood) {}

  /** The flood group of one minute, empty when the device has none kept for it. */
  public FloodGroup flood(long epochMinute) {
    return floods.getOrDefault(epochMinute, FloodGroup.EMPTY);
  }

  /**
   * The state after a batch's changes, in stream order; flood groups older than {@code keepFloods}
   * before the device's latest event are dropped (a click that old is late, and late clicks count
   * towards no flood).
   */
  public DeviceState after(List<Change> changes, int floodThreshold, Duration keepFloods) {
    Activity next = activity;
    TreeMap<Long, FloodGroup> groups = new TreeMap<>(floods);
    for (Change change : changes) {
      next = ActivityEvent.apply(next, change.activity());
      change
          .flood()
          .ifPresent(
              click ->
                  groups.compute(
                      epochMinute(click.clickTime()),
                      (m, group) ->
                          (group == null ? FloodGroup.EMPTY : group).with(click, floodThreshold)));
    }
    Instant horizon = next.asOf().orElseThrow().minus(keepFloods);
    return new DeviceState(next, groups.tailMap(epochMinute(horizon)));
  }

  public static long epochMinute(Instant time) {
    return Math.floorDiv(time.toEpochMilli(), 60_000L);
  }
}
