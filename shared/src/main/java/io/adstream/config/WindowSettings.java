package io.adstream.config;

import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;

/**
 * Event-time windows of the stateful processing.
 *
 * @param dedupWindow how long an accepted event_id blocks a second record with the same id
 * @param impressionWindow a click joins an impression at most this long after it (either arrival
 *     order)
 * @param conversionLookback a conversion without a click_id is credited to the user's last click
 *     within this
 * @param allowedLateness how far behind its shard's event-time watermark an event may arrive and
 *     still join
 * @param futureTolerance how far ahead of the processor's clock an event time may be
 * @param replayHorizon the oldest data the replay tool re-injects without an explicit recompute
 */
public record WindowSettings(
    Duration dedupWindow,
    Duration impressionWindow,
    Duration conversionLookback,
    Duration allowedLateness,
    Duration futureTolerance,
    Duration replayHorizon) {

  public WindowSettings {
    requireBetween(dedupWindow, Duration.ofHours(1), Duration.ofDays(400), "windows.dedupWindow");
    requireBetween(
        impressionWindow, Duration.ofMinutes(1), Duration.ofDays(7), "windows.impressionWindow");
    requireBetween(
        conversionLookback, Duration.ofDays(1), Duration.ofDays(30), "windows.conversionLookback");
    requireBetween(allowedLateness, Duration.ZERO, Duration.ofDays(7), "windows.allowedLateness");
    requireBetween(futureTolerance, Duration.ZERO, Duration.ofHours(1), "windows.futureTolerance");
    requireBetween(replayHorizon, Duration.ZERO, Duration.ofDays(400), "windows.replayHorizon");
  }

  public static WindowSettings defaults() {
    return new WindowSettings(
        Duration.ofDays(7),
        Duration.ofHours(1),
        Duration.ofDays(7),
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Duration.ofDays(7));
  }
}
