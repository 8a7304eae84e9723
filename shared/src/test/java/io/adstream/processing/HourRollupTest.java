package io.adstream.processing;

import static io.adstream.testing.TestEvents.at;
import static io.adstream.testing.TestEvents.click;
import static io.adstream.testing.TestEvents.impression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.testing.StageHarness;
import io.adstream.testing.TestEvents;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stage folds each batch's aggregate deltas into hour items beside the minute items, fenced
 * alike.
 */
class HourRollupTest {
  private final StageHarness harness = new StageHarness();

  @Test
  void aBatchRollsItsMinutesUpIntoOneItemPerBucketHourAndShard() {
    // T0 is 10:00: two minutes of the 10 o'clock hour, and the first of the next
    harness
        .stage()
        .process(
            harness.batch(
                "shard-a",
                impression("i1", "c1", "u1", at(0), 1_000),
                impression("i2", "c1", "u2", at(59 * 60 + 59), 2_000),
                impression("i3", "c1", "u3", at(3_600), 4_000),
                click("k1", Optional.of("i1"), "c1", "u1", at(30), 250_000)));
    harness
        .stage()
        .process(
            harness.batch(
                "shard-b",
                impression("i4", "c1", "u4", at(600), 8_000),
                impression("i5", "c2", "u5", at(601), 16)));

    long tenOClock = TestEvents.T0.getEpochSecond() / 3_600;
    assertThat(harness.hours.snapshot().keySet())
        .extracting(HourBucketKey::epochHour, HourBucketKey::shardId)
        .containsOnly(
            tuple(tenOClock, "shard-a"),
            tuple(tenOClock + 1, "shard-a"),
            tuple(tenOClock, "shard-b"));
    assertThat(harness.hourTotals())
        .containsEntry(
            new CampaignMinute("c1", tenOClock * 60), new Measures(3, 1, 0, 261_000, 0, 0, 0, 0))
        .containsEntry(new CampaignMinute("c1", (tenOClock + 1) * 60), Measures.impression(4_000))
        .containsEntry(new CampaignMinute("c2", tenOClock * 60), Measures.impression(16))
        .isEqualTo(StageHarness.byHour(harness.totals()));
  }

  @Test
  void aRedeliveredBatchCountsOnceInTheHourItems() {
    List<StageHarness.Staged> batch =
        harness.batch(
            "shard-a",
            impression("i1", "c1", "u1", at(0), 1_000),
            impression("i2", "c1", "u2", at(120), 2_000));
    harness.stage().process(batch);
    Map<CampaignMinute, Measures> once = harness.hourTotals();

    harness.stage().process(batch);
    harness.stage().process(batch.subList(1, 2));

    assertThat(harness.hourTotals())
        .isEqualTo(once)
        .isEqualTo(StageHarness.byHour(harness.totals()));
    assertThat(once.values()).containsExactly(new Measures(2, 0, 0, 3_000, 0, 0, 0, 0));
  }

  @Test
  void aBatchThatFailsAfterItsMinuteWritesIsMadeWholeInTheHourByItsRetry() {
    List<StageHarness.Staged> batch =
        harness.batch(
            "shard-a",
            impression("i1", "c1", "u1", at(0), 1_000),
            impression("i2", "c2", "u2", at(4_000), 2_000));
    harness.hours.failNextWrite();

    assertThatThrownBy(() -> harness.stage().process(batch)).hasMessageContaining("injected");
    assertThat(harness.totals()).as("the minute items were written").hasSize(2);
    assertThat(harness.hourTotals()).as("one hour item was not").hasSizeLessThan(2);

    harness.stage().process(batch);
    harness.stage().process(batch);

    assertThat(harness.hourTotals()).isEqualTo(StageHarness.byHour(harness.totals())).hasSize(2);
    assertThat(harness.totals().values())
        .containsExactly(Measures.impression(1_000), Measures.impression(2_000));
  }

  @Test
  void batchesWithinOneMinuteWriteTheHourItemOnceAndTheNextMinuteClosesIt() {
    for (int i = 0; i < 5; i++) {
      harness
          .stage()
          .process(
              harness.batch("shard-a", impression("i" + i, "c1", "u" + i, at(10 + i), 1_000 + i)));
    }
    HourBucketKey hour = harness.hours.snapshot().keySet().iterator().next();
    assertThat(harness.hours.snapshot().get(hour).version())
        .as("written by the first batch only: the minute stays open in its minute item")
        .isEqualTo(1);
    assertThat(harness.hourTotals()).isEqualTo(StageHarness.byHour(harness.totals()));

    harness.stage().process(harness.batch("shard-a", impression("i9", "c1", "u9", at(70), 9_000)));

    assertThat(harness.hours.snapshot().get(hour).version()).isEqualTo(2);
    assertThat(harness.hours.snapshot().get(hour).value().closed())
        .as("the closed minute folded in from its minute item")
        .containsExactly(Map.entry("c1", new Measures(5, 0, 0, 5_010, 0, 0, 0, 0)));
    assertThat(harness.hourTotals()).isEqualTo(StageHarness.byHour(harness.totals()));
  }
}
