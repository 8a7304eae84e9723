package io.adstream.migration.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.cli.Adstream;
import io.adstream.config.AdstreamConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
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
        .contains("==== display mix ====", "==== search mix ====")
        .contains("at 10,000,000 events/day")
        .contains("prices: us-east-1, 2026-12-02, USD")
        .contains("304,166,667 events × ")
        .contains("WRU/event (measured per type: campaign_update ")
        .contains("writes (provisioned, auto scaled)")
        .contains("objects of at least 128 KiB move (capacity.lake): enriched/impression ")
        .contains("rounded up to 5 KB")
        .contains("Kinesis on-demand")
        .contains("Kinesis provisioned")
        .contains("Streaming, Kinesis on-demand:")
        .contains("Batch (Glue):")
        .contains("Summary (USD/month)");
  }

  @Test
  void eachMixIsPricedFromItsTypesMeasuredWriteUnitsNotOneBlendedNumber() {
    MeasuredUsage measured = MeasuredUsage.defaults();
    Map<String, Double> clicks = Map.of("click", 1.0);
    Map<String, Double> impressions = Map.of("impression", 1.0);

    assertThat(measured.writeUnitsPerAcceptedEvent(clicks))
        .isEqualTo(measured.writeUnitsByType().get("click") + measured.writeUnitsPerBatchShare());
    assertThat(measured.writeUnitsPerAcceptedEvent(clicks))
        .isGreaterThan(measured.writeUnitsPerAcceptedEvent(impressions));
    assertThat(measured.mixes()).containsKeys("display", "search");
  }

  @Test
  void theArithmeticShowsTheNumbersOfTheMixItPrices() {
    StringWriter out = new StringWriter();
    CommandLine cli = Adstream.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.execute("cost", "--events-per-day", "10000000");
    MeasuredUsage.Mix display = MeasuredUsage.defaults().mixes().get("display");
    MeasuredUsage.Mix search = MeasuredUsage.defaults().mixes().get("search");

    String printed = out.toString();
    String displayPart = printed.substring(0, printed.indexOf("==== search mix ===="));
    String searchPart = printed.substring(printed.indexOf("==== search mix ===="));
    assertThat(displayPart)
        .contains(String.format(Locale.ROOT, "click %.3f", display.writeUnitsByType().get("click")))
        .contains(String.format(Locale.ROOT, "per batch %.4f", display.writeUnitsPerBatchShare()));
    assertThat(searchPart)
        .contains(String.format(Locale.ROOT, "click %.3f", search.writeUnitsByType().get("click")))
        .contains(String.format(Locale.ROOT, "per batch %.4f", search.writeUnitsPerBatchShare()));
  }

  @Test
  void provisionedAutoScaledCapacityCostsLessThanOnDemandAndOnDemandStaysSelectable()
      throws Exception {
    AdstreamConfig onDemand =
        AdstreamConfig.withOverrides("{\"capacity\":{\"dynamoDb\":{\"onDemand\":true}}}");
    CostModel.Estimate provisioned =
        new CostModel(AdstreamConfig.defaults(), PriceTable.defaults(), MeasuredUsage.defaults())
            .estimate(inputs(10_000_000));
    CostModel.Estimate paid =
        new CostModel(onDemand, PriceTable.defaults(), MeasuredUsage.defaults())
            .estimate(inputs(10_000_000));

    assertThat(paid.pipeline())
        .anySatisfy(l -> assertThat(l.item()).isEqualTo("writes (on-demand)"));
    assertThat(writes(provisioned)).isLessThan(writes(paid) / 2);
  }

  /**
   * A function bills its memory times its time, and its CPU share follows its memory: a smaller
   * processor bills fewer GB but takes longer over the CPU part of each record, never over the
   * waits.
   */
  @Test
  void aSmallerProcessorTakesLongerOverItsCpuTimeOnly() throws Exception {
    Map<String, Double> display = MeasuredUsage.defaults().mixes().get("display").shares();
    MeasuredUsage.Mix measured = MeasuredUsage.defaults().measuredOn(display);
    double atDefault = millisPerEvent(AdstreamConfig.defaults(), display);
    double atHalf =
        millisPerEvent(AdstreamConfig.withOverrides("{\"processor\":{\"memoryMb\":512}}"), display);
    double atTwoVcpus =
        millisPerEvent(
            AdstreamConfig.withOverrides("{\"processor\":{\"memoryMb\":3538}}"), display);

    assertThat(atTwoVcpus)
        .as("a full vCPU or more runs the handler as it was measured, on one core")
        .isCloseTo(measured.handlerMillisPerRecord(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(atHalf - measured.handlerMillisPerRecord())
        .as("512 MB is 0.29 of a vCPU: the CPU part takes 3.46 times as long")
        .isCloseTo(
            measured.handlerCpuMillisPerRecord() * (1769.0 / 512 - 1),
            org.assertj.core.data.Offset.offset(1e-9));
    assertThat(atDefault).isBetween(measured.handlerMillisPerRecord(), atHalf);
  }

  private static double millisPerEvent(AdstreamConfig config, Map<String, Double> mix) {
    CostModel.Line duration =
        new CostModel(config, PriceTable.defaults(), MeasuredUsage.defaults())
            .estimate(inputs(10_000_000, mix)).pipeline().stream()
                .filter(l -> l.item().startsWith("processor duration"))
                .findFirst()
                .orElseThrow();
    double gb = config.processor().memoryMb() / 1024.0;
    return duration.quantity() / gb / (10_000_000 * CostModel.DAYS_PER_MONTH) * 1000;
  }

  @Test
  void lakeTransitionsMakeTheYearOfStorageCheaper() throws Exception {
    AdstreamConfig standardOnly =
        AdstreamConfig.withOverrides(
            "{\"capacity\":{\"lake\":{\"infrequentAccessAfterDays\":0,\"glacierInstantRetrievalAfterDays\":0}}}");
    // at 100M events a day the lake's objects are large enough to move; at 1M a day every
    // partition's minute objects are under 128 KiB
    double transitioned =
        storage(
            new CostModel(
                AdstreamConfig.defaults(), PriceTable.defaults(), MeasuredUsage.defaults()),
            100_000_000);
    double standard =
        storage(
            new CostModel(standardOnly, PriceTable.defaults(), MeasuredUsage.defaults()),
            100_000_000);
    double small =
        storage(
            new CostModel(
                AdstreamConfig.defaults(), PriceTable.defaults(), MeasuredUsage.defaults()),
            1_000_000);
    double smallStandard =
        storage(
            new CostModel(standardOnly, PriceTable.defaults(), MeasuredUsage.defaults()),
            1_000_000);

    assertThat(transitioned).isLessThan(standard * 0.7);
    assertThat(small).as("small objects stay in Standard").isEqualTo(smallStandard);
  }

  private static double storage(CostModel model, long eventsPerDay) {
    return model.estimate(inputs(eventsPerDay)).pipeline().stream()
        .filter(l -> l.service().equals("S3"))
        .mapToDouble(CostModel.Line::monthlyUsd)
        .sum();
  }

  @Test
  void costGrowsWithVolumeAndEveryPriceComesFromTheTable() {
    CostModel model =
        new CostModel(AdstreamConfig.defaults(), PriceTable.defaults(), MeasuredUsage.defaults());
    // above the provisioned tables' minimum capacity, where writes are linear in events
    CostModel.Estimate small = model.estimate(inputs(10_000_000));
    CostModel.Estimate large = model.estimate(inputs(100_000_000));
    assertThat(large.streamingOnDemand()).isGreaterThan(small.streamingOnDemand());
    assertThat(large.provisionedShards()).isGreaterThanOrEqualTo(small.provisionedShards());
    // DynamoDB writes are linear in events: 10x the volume, 10x the line
    assertThat(writes(large) / writes(small))
        .isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(large.batch())
        .singleElement()
        .satisfies(
            glue ->
                assertThat(glue.monthlyUsd())
                    .isCloseTo(
                        5 * CostModel.DAYS_PER_MONTH * 0.44,
                        org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void provisionedShardsFollowTheMarginalTimePerRecordNotTheFixedPartOfEachInvocation() {
    MeasuredUsage measured = MeasuredUsage.defaults();
    Map<String, Double> search = measured.mixes().get("search").shares();
    Map<String, Double> display = measured.mixes().get("display").shares();
    CostModel model = new CostModel(AdstreamConfig.defaults(), PriceTable.defaults(), measured);
    int configured = AdstreamConfig.defaults().stream().shardCount();
    CostModel.Estimate hundredMillion = model.estimate(inputs(100_000_000, search));
    // 3,472 records/s at peak; one invocation at a time per shard
    double peak = 100_000_000 / 86_400.0 * 3;
    long byMarginal =
        (long)
            Math.ceil(
                peak
                    * marginalMillis(model, measured, search)
                    / 1000
                    / CostModel.HANDLER_BUSY_SHARE);
    assertThat(byMarginal).isGreaterThan(configured);
    assertThat(hundredMillion.provisionedShards()).isEqualTo(byMarginal);
    assertThat(hundredMillion.kinesisProvisioned())
        .anySatisfy(
            line ->
                assertThat(line.derivation())
                    .contains(
                        "more than stream.shardCount " + configured + ": set it to " + byMarginal));
    // the whole time per record at the default window is mostly each invocation's fixed part,
    // which larger batches absorb: sizing by it would ask for more shards than needed
    assertThat(hundredMillion.provisionedShards())
        .isLessThan((long) Math.ceil(peak * wholeMillis(model, measured, search) / 1000));
    // at 10M a day: the stack's shards when the peak needs no more (display), else what it needs
    double tenMillionPeak = 10_000_000 / 86_400.0 * 3;
    for (Map<String, Double> mix : List.of(search, display)) {
      long needed =
          (long)
              Math.ceil(
                  tenMillionPeak
                      * marginalMillis(model, measured, mix)
                      / 1000
                      / CostModel.HANDLER_BUSY_SHARE);
      assertThat(model.estimate(inputs(10_000_000, mix)).provisionedShards())
          .isEqualTo(Math.max(configured, needed));
    }
    assertThat(model.estimate(inputs(10_000_000, display)).provisionedShards())
        .as("display at 10M a day pays for the stack's shards, which carry its peak")
        .isEqualTo(configured);
  }

  private static double marginalMillis(
      CostModel model, MeasuredUsage measured, Map<String, Double> mix) {
    MeasuredUsage.Mix on = measured.measuredOn(mix);
    return model.billedMillis(
        on.marginalHandlerMillisPerRecord(), on.marginalHandlerCpuMillisPerRecord());
  }

  private static double wholeMillis(
      CostModel model, MeasuredUsage measured, Map<String, Double> mix) {
    MeasuredUsage.Mix on = measured.measuredOn(mix);
    return model.billedMillis(on.handlerMillisPerRecord(), on.handlerCpuMillisPerRecord());
  }

  private static double writes(CostModel.Estimate e) {
    return e.pipeline().stream()
        .filter(l -> l.item().startsWith("writes"))
        .findFirst()
        .orElseThrow()
        .monthlyUsd();
  }

  private static CostModel.Inputs inputs(long eventsPerDay) {
    return inputs(eventsPerDay, Map.of("impression", 0.9, "click", 0.1));
  }

  private static CostModel.Inputs inputs(long eventsPerDay, Map<String, Double> mix) {
    return new CostModel.Inputs(
        eventsPerDay, mix, 3, Optional.empty(), 1000, 10, 5, 50_000, Optional.of(5.0));
  }
}
