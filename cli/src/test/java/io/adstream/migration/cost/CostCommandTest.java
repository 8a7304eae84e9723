package io.adstream.migration.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.cli.Adstream;
import io.adstream.config.AdstreamConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CostCommandTest {

  @Test
  void printsTheEstimateWithTheArithmeticOfEveryLine() {
    StringWriter out = new StringWriter();
    CommandLine cli = Adstream.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int exit = cli.execute("cost", "--events-per-day", "10000000", "--glue-dpu-hours", "5");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("at 10,000,000 events/day")
        .contains("prices: us-east-1, 2025-06-01, USD")
        .contains("304,166,667 events × 6.655 ms/event (measured)")
        .contains("rounded up to 5 KB")
        .contains("Kinesis on-demand").contains("Kinesis provisioned")
        .contains("Streaming, Kinesis on-demand:").contains("Batch (Glue):");
  }

  @Test
  void costGrowsWithVolumeAndEveryPriceComesFromTheTable() {
    CostModel model = new CostModel(AdstreamConfig.defaults(), PriceTable.defaults(), MeasuredUsage.defaults());
    CostModel.Estimate small = model.estimate(inputs(1_000_000));
    CostModel.Estimate large = model.estimate(inputs(10_000_000));
    assertThat(large.streamingOnDemand()).isGreaterThan(small.streamingOnDemand());
    assertThat(large.provisionedShards()).isGreaterThanOrEqualTo(small.provisionedShards());
    // DynamoDB writes are linear in events: 10x the volume, 10x the line
    assertThat(writes(large) / writes(small)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(large.batch()).singleElement().satisfies(glue -> assertThat(glue.monthlyUsd()).isCloseTo(
        5 * CostModel.DAYS_PER_MONTH * 0.44, org.assertj.core.data.Offset.offset(1e-9)));
  }

  private static double writes(CostModel.Estimate e) {
    return e.pipeline().stream().filter(l -> l.item().startsWith("writes")).findFirst().orElseThrow().monthlyUsd();
  }

  private static CostModel.Inputs inputs(long eventsPerDay) {
    return new CostModel.Inputs(eventsPerDay, Map.of("impression", 0.9, "click", 0.1), 3, Optional.empty(), 1000, 60, 10, 5, 50_000,
        Optional.of(5.0));
  }
}
