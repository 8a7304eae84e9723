package io.adstream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceActivityTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void aBatchKeepsPerSourceTheEarliestAndLatestEventTimeTheCountAndTheLatestArrival() {
    SourceActivity activity =
        SourceActivity.NONE.with(
            List.of(
                new SourceActivity.Seen("feed", T.plusSeconds(30), T.plusSeconds(40)),
                new SourceActivity.Seen("feed", T, T.plusSeconds(50)),
                new SourceActivity.Seen("reports", T.plusSeconds(5), T.plusSeconds(6))));

    assertThat(activity.bySource())
        .containsEntry(
            "feed", new SourceActivity.SourceStats(T, T.plusSeconds(30), 2, T.plusSeconds(50)))
        .containsEntry(
            "reports",
            new SourceActivity.SourceStats(T.plusSeconds(5), T.plusSeconds(5), 1, T.plusSeconds(6)))
        .hasSize(2);
    assertThat(activity.frontier()).contains(T.plusSeconds(30));
  }

  @Test
  void batchesAndShardsMergeInAnyOrderToTheSameActivity() {
    SourceActivity.Seen a = new SourceActivity.Seen("feed", T, T.plusSeconds(1));
    SourceActivity.Seen b = new SourceActivity.Seen("feed", T.plusSeconds(60), T.plusSeconds(61));
    SourceActivity.Seen c = new SourceActivity.Seen("reports", T.plusSeconds(9), T.plusSeconds(70));

    SourceActivity oneBatch = SourceActivity.NONE.with(List.of(a, b, c));
    SourceActivity twoBatches = SourceActivity.NONE.with(List.of(c)).with(List.of(b, a));
    SourceActivity twoShards =
        SourceActivity.NONE.with(List.of(b)).plus(SourceActivity.NONE.with(List.of(a, c)));

    assertThat(twoBatches).isEqualTo(oneBatch);
    assertThat(twoShards).isEqualTo(oneBatch);
    assertThat(SourceActivity.NONE.with(List.of())).isEqualTo(SourceActivity.NONE);
  }

  @Test
  void aProducerNamingANewSourceInEveryBatchKeepsTheItemBoundedAndTheFrontierWhereItWas() {
    // the frontier's source sent once, far ahead; then a new source name in every batch
    SourceActivity activity =
        SourceActivity.NONE.with(
            List.of(new SourceActivity.Seen("skewed-clock", T.plusSeconds(3_600), T)));
    for (int i = 0; i < 1_000; i++) {
      activity =
          activity.with(
              List.of(
                  new SourceActivity.Seen(
                      "pod-" + i, T.plusSeconds(i), T.plusSeconds(i).plusMillis(10))));
    }

    assertThat(activity.bySource())
        .hasSize(SourceActivity.MAX_SOURCES)
        .containsKeys("skewed-clock", "pod-999", "pod-801")
        .doesNotContainKey("pod-800");
    assertThat(activity.frontier()).contains(T.plusSeconds(3_600));
  }

  @Test
  void aSourceSilentForAWeekIsForgottenUnlessItHoldsTheFrontier() {
    SourceActivity activity =
        SourceActivity.NONE.with(
            List.of(
                new SourceActivity.Seen("retired", T, T),
                // its clock ran ahead: it holds the frontier though it has not sent since
                new SourceActivity.Seen("skewed-clock", T.plus(Duration.ofDays(30)), T),
                new SourceActivity.Seen("feed", T, T)));

    SourceActivity aWeekLater =
        activity.with(
            List.of(
                new SourceActivity.Seen(
                    "feed",
                    T.plus(SourceActivity.FORGET_AFTER),
                    T.plus(SourceActivity.FORGET_AFTER).plusMillis(1))));

    assertThat(aWeekLater.bySource()).containsOnlyKeys("feed", "skewed-clock");
    assertThat(aWeekLater.frontier()).contains(T.plus(Duration.ofDays(30)));
  }
}
