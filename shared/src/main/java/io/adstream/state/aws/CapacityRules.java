package io.adstream.state.aws;

/**
 * How many capacity units a request consumes, from item sizes, by the rules of the DynamoDB
 * Developer Guide ("DynamoDB read and write operations", "Capacity management for transactions"):
 *
 * <ul>
 *   <li>A write consumes one unit per 1 KB (rounded up, at least one) of the larger of the item
 *       before and after it; a delete, of the item deleted. A write whose condition fails consumes
 *       the same.
 *   <li>A strongly consistent read consumes one unit per 4 KB (rounded up) of the item, at least
 *       one even for an item that does not exist; an eventually consistent read half that.
 *       BatchGetItem rounds each item; Query and Scan round the sum of the items they read.
 *   <li>A transactional read or write consumes twice as much.
 *   <li>A write also writes every global secondary index the item is in, before or after, by the
 *       size of its projection ("Provisioned throughput considerations for Global Secondary
 *       Indexes"): a put into the index when the item gains the index's key attributes, a delete
 *       when it loses them, a delete and a put when their values change, and one write when only
 *       projected attributes change.
 * </ul>
 */
public final class CapacityRules {
  static final int WRITE_UNIT_BYTES = 1024;
  static final int READ_UNIT_BYTES = 4096;

  private CapacityRules() {}

  /** Units of one item written; {@code beforeBytes} = 0 for an item that did not exist. */
  public static double write(int beforeBytes, int afterBytes, boolean transactional) {
    double units = Math.max(1, ceilDiv(Math.max(beforeBytes, afterBytes), WRITE_UNIT_BYTES));
    return transactional ? 2 * units : units;
  }

  /**
   * Units one index consumes for one write of the base table; 0 bytes = the item is not in the
   * index (then or now).
   */
  public static double indexWrite(
      int beforeProjected, int afterProjected, boolean indexKeyChanged, boolean transactional) {
    double units;
    if (beforeProjected == 0 && afterProjected == 0) {
      units = 0;
    } else if (beforeProjected == 0 || afterProjected == 0) {
      units = Math.max(1, ceilDiv(Math.max(beforeProjected, afterProjected), WRITE_UNIT_BYTES));
    } else if (indexKeyChanged) {
      units =
          Math.max(1, ceilDiv(beforeProjected, WRITE_UNIT_BYTES))
              + Math.max(1, ceilDiv(afterProjected, WRITE_UNIT_BYTES));
    } else {
      units = Math.max(1, ceilDiv(Math.max(beforeProjected, afterProjected), WRITE_UNIT_BYTES));
    }
    return transactional ? 2 * units : units;
  }

  /**
   * Units of reading items one by one (GetItem, BatchGetItem); 0 bytes = the item does not exist.
   */
  public static double readEach(int itemBytes, boolean consistent, boolean transactional) {
    return scaled(Math.max(1, ceilDiv(itemBytes, READ_UNIT_BYTES)), consistent, transactional);
  }

  /** Units of a Query or Scan page that read items of {@code totalBytes} in all. */
  public static double readTotal(long totalBytes, boolean consistent) {
    return scaled(Math.max(1, ceilDiv(totalBytes, READ_UNIT_BYTES)), consistent, false);
  }

  private static double scaled(long units, boolean consistent, boolean transactional) {
    if (transactional) {
      return 2.0 * units;
    }
    return consistent ? units : units / 2.0;
  }

  private static long ceilDiv(long bytes, int unit) {
    return (bytes + unit - 1) / unit;
  }
}
