package io.adstream.aggregation;

/**
 * The measures of one campaign minute (docs/semantics.md). Money in micros. Deltas may be negative.
 *
 * <p>Sums saturate at the bounds of a long instead of throwing: the contract's money maxima keep
 * every real sum far below them, and a value stored before those maxima existed must not make a
 * batch or a read fail.
 */
public record Measures(
    long impressions,
    long clicks,
    long invalidClicks,
    long costMicros,
    long conversions,
    long conversionValueMicros,
    long duplicates,
    long orphanClicks) {

  public static final Measures ZERO = new Measures(0, 0, 0, 0, 0, 0, 0, 0);

  public static Measures impression(long costMicros) {
    return new Measures(1, 0, 0, costMicros, 0, 0, 0, 0);
  }

  public static Measures validClick(long costMicros) {
    return new Measures(0, 1, 0, costMicros, 0, 0, 0, 0);
  }

  public static Measures invalidClick() {
    return new Measures(0, 0, 1, 0, 0, 0, 0, 0);
  }

  public static Measures conversion(long valueMicros) {
    return new Measures(0, 0, 0, 0, 1, valueMicros, 0, 0);
  }

  public static Measures duplicate() {
    return new Measures(0, 0, 0, 0, 0, 0, 1, 0);
  }

  /**
   * A non-late click without its impression; an impression arriving later takes it back with {@code
   * -1}.
   */
  public static Measures orphanClicks(long count) {
    return new Measures(0, 0, 0, 0, 0, 0, 0, count);
  }

  public Measures plus(Measures other) {
    return new Measures(
        saturatedSum(impressions, other.impressions),
        saturatedSum(clicks, other.clicks),
        saturatedSum(invalidClicks, other.invalidClicks),
        saturatedSum(costMicros, other.costMicros),
        saturatedSum(conversions, other.conversions),
        saturatedSum(conversionValueMicros, other.conversionValueMicros),
        saturatedSum(duplicates, other.duplicates),
        saturatedSum(orphanClicks, other.orphanClicks));
  }

  /** {@code a + b}, or the bound of a long it would pass. */
  public static long saturatedSum(long a, long b) {
    long sum = a + b;
    // overflow only when both operands have the same sign and the sum's differs
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** The opposite delta; Long.MIN_VALUE, which has none, becomes Long.MAX_VALUE. */
  public Measures negate() {
    return new Measures(
        negated(impressions),
        negated(clicks),
        negated(invalidClicks),
        negated(costMicros),
        negated(conversions),
        negated(conversionValueMicros),
        negated(duplicates),
        negated(orphanClicks));
  }

  private static long negated(long value) {
    return value == Long.MIN_VALUE ? Long.MAX_VALUE : -value;
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  /** The measures as an array in declaration order, for compact storage. */
  public long[] toArray() {
    return new long[] {
      impressions,
      clicks,
      invalidClicks,
      costMicros,
      conversions,
      conversionValueMicros,
      duplicates,
      orphanClicks
    };
  }

  /** Seven values (items written before orphan clicks were counted) or eight. */
  public static Measures fromArray(long[] values) {
    if (values.length != 7 && values.length != 8) {
      throw new IllegalArgumentException("measures need 7 or 8 values, got " + values.length);
    }
    return new Measures(
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        values[6],
        values.length == 8 ? values[7] : 0);
  }
}
