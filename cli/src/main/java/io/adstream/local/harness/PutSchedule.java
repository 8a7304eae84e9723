package io.adstream.local.harness;

import java.time.Duration;
import java.util.Locale;

/**
 * How fast a streaming run puts its records, as producers would: a steady rate, or a day's curve
 * (quiet night, busy afternoon) compressed into the run. Either way {@code rate × span} records in
 * all.
 */
public sealed interface PutSchedule {

  /**
   * How many records should have been put {@code elapsed} after the start (at most {@link
   * #records()}).
   */
  long dueBy(Duration elapsed);

  long records();

  Duration span();

  /** Mean records per second. */
  double rate();

  String describe();

  static PutSchedule steady(double perSecond, Duration span) {
    return new Steady(perSecond, span);
  }

  static PutSchedule diurnal(double meanPerSecond, Duration span) {
    return new Diurnal(meanPerSecond, span);
  }

  private static long recordsOf(double perSecond, Duration span) {
    if (!(perSecond > 0) || !span.isPositive()) {
      throw new IllegalArgumentException(
          "the rate and the span must be positive, were " + perSecond + "/s and " + span);
    }
    return Math.max(1, Math.round(perSecond * span.toNanos() / 1e9));
  }

  /** The same number of records every second. */
  record Steady(double rate, Duration span) implements PutSchedule {
    public Steady {
      recordsOf(rate, span);
    }

    @Override
    public long dueBy(Duration elapsed) {
      return Math.min(records(), (long) Math.floor(rate * elapsed.toNanos() / 1e9));
    }

    @Override
    public long records() {
      return PutSchedule.recordsOf(rate, span);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "%,.0f records/s for %s", rate, Spans.of(span));
    }
  }

  /**
   * A day in the span: {@code rate × (1 − 0.6 cos(2π t / span))}, from 0.4× the mean at the start
   * and end (night) to 1.6× in the middle (the afternoon peak).
   */
  record Diurnal(double rate, Duration span) implements PutSchedule {
    static final double SWING = 0.6;

    public Diurnal {
      recordsOf(rate, span);
    }

    @Override
    public long dueBy(Duration elapsed) {
      double t = Math.min(elapsed.toNanos(), span.toNanos()) / 1e9;
      double period = span.toNanos() / 1e9;
      // the integral of the rate from 0 to t
      double due = rate * (t - SWING * period / (2 * Math.PI) * Math.sin(2 * Math.PI * t / period));
      return Math.min(records(), (long) Math.floor(due));
    }

    @Override
    public long records() {
      return PutSchedule.recordsOf(rate, span);
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "diurnal, %,.0f records/s on average (%,.0f-%,.0f) for %s",
          rate,
          rate * (1 - SWING),
          rate * (1 + SWING),
          Spans.of(span));
    }
  }

  /** A span as the command line takes it: 90s, 10m, 1h30m. */
  final class Spans {
    private Spans() {}

    static String of(Duration span) {
      long seconds = span.toSeconds();
      StringBuilder text = new StringBuilder();
      if (seconds >= 3600) {
        text.append(seconds / 3600).append('h');
      }
      if (seconds % 3600 >= 60) {
        text.append(seconds % 3600 / 60).append('m');
      }
      if (seconds % 60 != 0 || text.isEmpty()) {
        text.append(seconds % 60).append('s');
      }
      return text.toString();
    }
  }
}
