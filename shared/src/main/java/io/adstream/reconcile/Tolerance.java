package io.adstream.reconcile;

/**
 * How far the streaming value of a metric may be from the batch value: within when {@code
 * |streaming - batch| <= absolute} or {@code |streaming - batch| <= relative * |batch|}. Money in
 * micros. The default tolerates nothing: both sides count the same accepted events exactly once.
 */
public record Tolerance(long absolute, double relative) {
  public static final Tolerance EXACT = new Tolerance(0, 0);

  public Tolerance {
    if (absolute < 0 || !(relative >= 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException(
          "a tolerance is not negative: absolute " + absolute + ", relative " + relative);
    }
  }

  public boolean allows(long batch, long streaming) {
    long difference = Math.abs(Math.subtractExact(streaming, batch));
    return difference <= absolute || difference <= relative * Math.abs((double) batch);
  }

  /**
   * Parses {@code ABS}, {@code ABS/REL} or {@code REL%}: {@code 0}, {@code 2/0.001}, {@code 0.1%}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Tolerance parse(String text) {
    String value = text.trim();
    try {
      if (value.endsWith("%")) {
        return new Tolerance(0, Double.parseDouble(value.substring(0, value.length() - 1)) / 100);
      }
      int slash = value.indexOf('/');
      if (slash < 0) {
        return new Tolerance(Long.parseLong(value), 0);
      }
      return new Tolerance(
          Long.parseLong(value.substring(0, slash)),
          Double.parseDouble(value.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a tolerance is ABS, ABS/REL or REL% (e.g. 0, 2/0.001, 0.1%), was '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return absolute + "/" + relative;
  }
}
