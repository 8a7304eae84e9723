package io.adstream.local.harness;

import java.time.Duration;
import java.util.Arrays;

/**
 * Percentiles of the time from put to processing (or to visibility), over the records measured.
 *
 * @param count records measured
 */
public record Latencies(long count, Duration p50, Duration p90, Duration p99, Duration max) {

  static final Latencies NONE =
      new Latencies(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * Nearest-rank percentiles of the given latencies in nanoseconds (the array is sorted in place).
   */
  static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    Arrays.sort(nanos);
    return new Latencies(
        nanos.length,
        rank(nanos, 0.50),
        rank(nanos, 0.90),
        rank(nanos, 0.99),
        Duration.ofNanos(nanos[nanos.length - 1]));
  }

  private static Duration rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return Duration.ofNanos(sorted[Math.max(0, index)]);
  }
}
