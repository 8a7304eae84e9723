package io.adstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BatchMetricsTest {

  @Test
  void writeCostPerMillionRecordsIsTheBatchsUnitsPerRecordAtThePricePerUnit() {
    TreeMap<String, Double> units = new TreeMap<>();
    units.put("adstream-claims/clk", 450.0);
    units.put("adstream-features/usr", 150.0);
    BatchMetrics batch = batch(500, units);

    // 600 units / 500 records × 1,000,000 × 0.000353 USD
    assertThat(batch.writeCostPerMillionRecords(0.000353)).isCloseTo(423.6, within(1e-9));
    assertThat(batch(0, new TreeMap<>()).writeCostPerMillionRecords(0.000353)).isZero();
  }

  private static BatchMetrics batch(int received, TreeMap<String, Double> units) {
    return new BatchMetrics(
        "shardId-000000000000",
        received,
        received,
        new TreeMap<>(),
        0,
        0,
        new TreeMap<>(),
        0,
        0,
        0,
        0,
        0,
        received,
        new TreeMap<>(),
        units,
        10,
        List.of());
  }
}
