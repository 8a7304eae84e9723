package io.adstream.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Read and write capacity units consumed, as the store reports them, in total, per table and per
 * item kind (the prefix of the partition key: {@code clk} claims, {@code fl} flood groups, {@code
 * usr} users, …): the measure of the write budget and of where it goes.
 */
public final class CapacityMeter {
  /** Separates table and item kind in {@link #writeUnitsByItem()} keys. */
  public static final String ITEM_SEPARATOR = "/";

  private final DoubleAdder readUnits = new DoubleAdder();
  private final Map<String, DoubleAdder> writeUnitsByItem = new ConcurrentHashMap<>();

  public void read(double units) {
    readUnits.add(units);
  }

  /** Units written to an item of {@code table} of the given kind (see {@link #itemKind}). */
  public void wrote(String table, String itemKind, double units) {
    writeUnitsByItem
        .computeIfAbsent(table + ITEM_SEPARATOR + itemKind, t -> new DoubleAdder())
        .add(units);
  }

  public double readUnits() {
    return readUnits.sum();
  }

  public double writeUnits() {
    return writeUnitsByItem.values().stream().mapToDouble(DoubleAdder::sum).sum();
  }

  /** Keyed {@code table/kind}. */
  public Map<String, Double> writeUnitsByItem() {
    Map<String, Double> byItem = new TreeMap<>();
    writeUnitsByItem.forEach((item, units) -> byItem.put(item, units.sum()));
    return byItem;
  }

  /**
   * What a partition key says an item is: the part before its first {@code #} ({@code clk#…},
   * {@code usr#…}) or {@code |} (alert ids begin with their rule), the whole key if none.
   */
  public static String itemKind(String partitionKey) {
    for (int i = 0; i < partitionKey.length(); i++) {
      char c = partitionKey.charAt(i);
      if (c == '#' || c == '|') {
        return partitionKey.substring(0, i);
      }
    }
    return partitionKey;
  }
}
