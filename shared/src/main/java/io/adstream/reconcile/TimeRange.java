package io.adstream.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A reconciled span of event time, [from, to), on whole UTC hours: the batch table's grain is a day
 * or an hour, so nothing finer can be compared.
 */
public record TimeRange(Instant from, Instant to) {
  public TimeRange {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a range must end after it starts: " + from + " .. " + to);
    }
    if (!from.truncatedTo(ChronoUnit.HOURS).equals(from)
        || !to.truncatedTo(ChronoUnit.HOURS).equals(to)) {
      throw new IllegalArgumentException(
          "a range starts and ends on whole UTC hours: " + from + " .. " + to);
    }
  }

  public static TimeRange day(LocalDate date) {
    Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    return new TimeRange(start, start.plus(Duration.ofDays(1)));
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }

  /** Whether [start, end) lies inside this range. */
  public boolean covers(Instant start, Instant end) {
    return !start.isBefore(from) && !end.isAfter(to);
  }

  public boolean overlaps(Instant start, Instant end) {
    return start.isBefore(to) && end.isAfter(from);
  }

  @Override
  public String toString() {
    return from + " .. " + to;
  }
}
