package io.adstream.serving;

import java.time.Duration;
import java.time.Instant;

/**
 * The step of a metrics series: UTC minutes, hours or days. Each has the longest range it serves,
 * so that a response stays about ten thousand points and a few dozen DynamoDB queries at most: a
 * minute series reads minute items (one query per day, 1,440 items per day and shard), hour and day
 * series read the hour items the processor rolls up (one query per month, 24 items per day and
 * shard), which is what lets them reach back months and years.
 */
public enum Granularity {
  MINUTE(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)),
  HOUR(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(92)),
  /**
   * Two years whichever way the ends round to whole days; what is older than the aggregates'
   * retention reads as zero.
   */
  DAY(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(732));

  private final Duration step;
  private final Duration defaultRange;
  private final Duration maxRange;

  Granularity(Duration step, Duration defaultRange, Duration maxRange) {
    this.step = step;
    this.defaultRange = defaultRange;
    this.maxRange = maxRange;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public Duration step() {
    return step;
  }

  public Duration defaultRange() {
    return defaultRange;
  }

  public Duration maxRange() {
    return maxRange;
  }

  public Instant floor(Instant time) {
    long stepMs = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), stepMs) * stepMs);
  }

  public Instant ceil(Instant time) {
    Instant floor = floor(time);
    return floor.equals(time) ? time : floor.plus(step);
  }
}
