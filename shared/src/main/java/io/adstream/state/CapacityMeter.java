package io.adstream.state;

import java.util.concurrent.atomic.DoubleAdder;

/** Read and write capacity units consumed, as the store reports them: the measure of the write budget. */
public final class CapacityMeter {
  private final DoubleAdder readUnits = new DoubleAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();

  public void read(double units) {
    readUnits.add(units);
  }

  public void wrote(double units) {
    writeUnits.add(units);
  }

  public double readUnits() {
    return readUnits.sum();
  }

  public double writeUnits() {
    return writeUnits.sum();
  }
}
