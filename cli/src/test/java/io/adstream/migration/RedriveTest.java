package io.adstream.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthEvaluator;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.RunReport;
import io.adstream.local.mapping.EventSourceMapping;
import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.TableRow;
import io.adstream.reconcile.TextTableCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout's recovery path on the emulator: an outage makes every batch of one shard fail, the event
 * source mapping parks them in the on-failure destination, reconcile reports the gap against the
 * batch result (here the generator's independent recompute of the same records); {@code adstream
 * redrive} puts the parked records back and the aggregates reconcile to zero drift. A second
 * redrive finds nothing left.
 */
@EmulatorTest
class RedriveTest {
  private static final String OUTAGE_SHARD = "shardId-000000000001";

  @TempDir Path dir;

  @Test
  void redriveAfterForcedParkingBringsTheAggregatesBackToTheBatchResult(LocalAws aws)
      throws Exception {
    MigrationFixture pipeline =
        new MigrationFixture(
            aws,
            "\"batchSize\":100,\"maxRetryAttempts\":0,\"bisectBatchOnError\":false,\"maxRecordAge\":null");
    List<byte[]> lines = pipeline.traffic(9, 2_000);
    Path table = dir.resolve("batch.csv");
    Files.write(
        table,
        new TextTableCodec(TableFormat.CSV, ColumnMapping.defaults())
            .write(batchResult(pipeline, lines)));

    RunReport outage = pipeline.run(lines, RedriveTest::failOnOutageShard);
    assertThat(outage.mapping().total().recordsParked())
        .as("records parked by the outage")
        .isGreaterThan(100);
    String date = pipeline.day.toString();
    MigrationFixture.Cli gap =
        pipeline.adstream(
            "reconcile", "--batch", table.toString(), "--date", date, "--grace", "0s");
    assertThat(gap.exitCode()).as(gap.out()).isEqualTo(1);

    try (EventSourceMapping mapping = pipeline.tipMapping()) {
      MigrationFixture.Cli redrive = pipeline.adstream("redrive", "--bucket", pipeline.bucket());
      assertThat(redrive.exitCode()).as(redrive.err()).isZero();
      assertThat(redrive.out())
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "%,d records put",
                  outage.mapping().total().recordsParked()));
      mapping.awaitDrained(Duration.ofMinutes(5));
    }

    MigrationFixture.Cli healed =
        pipeline.adstream(
            "reconcile", "--batch", table.toString(), "--date", date, "--grace", "0s");
    assertThat(healed.exitCode()).as(healed.out()).isZero();
    assertThat(healed.out())
        .contains("Within tolerance")
        .contains("None: every campaign matches on every metric.");
    assertThat(pipeline.adstream("redrive", "--bucket", pipeline.bucket()).out())
        .contains("redrove 0 parked batches");
  }

  private static RequestHandler<KinesisEvent, StreamsEventResponse> failOnOutageShard(
      RequestHandler<KinesisEvent, StreamsEventResponse> handler) {
    return (event, context) -> {
      if (event.getRecords().get(0).getEventID().startsWith(OUTAGE_SHARD + ":")) {
        throw new IllegalStateException("downstream outage");
      }
      return handler.handleRequest(event, context);
    };
  }

  /**
   * The daily per-campaign table of the generator's ground truth: an independent recompute of the
   * same records.
   */
  private static List<TableRow> batchResult(MigrationFixture pipeline, List<byte[]> lines) {
    GroundTruth truth =
        TruthEvaluator.builder()
            .config(pipeline.config)
            .processingTime(Instant.now())
            .crawlers(CrawlerList.load())
            .build()
            .evaluate(lines);
    Map<String, CampaignTotals> byCampaign = new TreeMap<>();
    for (GroundTruth.CampaignMinute m : truth.campaignMinutes()) {
      assertThat(m.minute().atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(pipeline.day);
      byCampaign.merge(
          m.campaignId(),
          new CampaignTotals(
              m.impressions(),
              m.clicks(),
              m.conversions(),
              m.costMicros(),
              m.conversionValueMicros()),
          CampaignTotals::plus);
    }
    return byCampaign.entrySet().stream()
        .map(e -> TableRow.daily(pipeline.day, e.getKey(), e.getValue()))
        .toList();
  }
}
