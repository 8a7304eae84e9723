package io.adstream.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Read and write capacity units consumed, as the store reports them, in total and per table: the measure of
 * the write budget and of where it goes.
 */
public final class CapacityMeter {
  private final DoubleAdder readUnits = new DoubleAdder();
  private final Map<String, DoubleAdder> writeUnitsByTable = new ConcurrentHashMap<>();

  public void read(double units) {
    readUnits.add(units);
  }

  public void wrote(String table, double units) {
    writeUnitsByTable.computeIfAbsent(table, t -> new DoubleAdder()).add(units);
  }

  public double readUnits() {
    return readUnits.sum();
  }

  public double writeUnits() {
    return writeUnitsByTable.values().stream().mapToDouble(DoubleAdder::sum).sum();
  }

  public Map<String, Double> writeUnitsByTable() {
    Map<String, Double> byTable = new TreeMap<>();
    writeUnitsByTable.forEach((table, units) -> byTable.put(table, units.sum()));
    return byTable;
  }
}
