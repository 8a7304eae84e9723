package io.adstream.alerts;

import java.time.Duration;
import java.time.Instant;

/** Window arithmetic and subjects the scheduled rules share. */
final class ScheduledWindows {
  static final Duration DAY = Duration.ofDays(1);

  private ScheduledWindows() {}

  /**
   * The start of the {@code size}-long UTC window (minute, hour, day) that {@code time} falls in.
   */
  static Instant floor(Instant time, Duration size) {
    return Instant.ofEpochMilli(
        Math.floorDiv(time.toEpochMilli(), size.toMillis()) * size.toMillis());
  }

  static String campaignSubject(String campaignId) {
    return "campaign:" + campaignId;
  }
}
