package io.adstream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.config.AlertSettings;
import io.adstream.config.AlertSettings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each scheduled rule at its edges: exactly at a threshold raises nothing, just past it raises one
 * alert.
 */
class ScheduledRulesTest {
  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant LATER = DAY.plus(Duration.ofDays(1));

  private static Instant minute(long n) {
    return DAY.plusSeconds(60 * n);
  }

  private static SortedMap<CampaignMinute, Measures> minutes(Object... campaignMinuteMeasures) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    for (int i = 0; i < campaignMinuteMeasures.length; i += 3) {
      minutes.merge(
          CampaignMinute.of(
              (String) campaignMinuteMeasures[i], minute((Integer) campaignMinuteMeasures[i + 1])),
          (Measures) campaignMinuteMeasures[i + 2],
          Measures::plus);
    }
    return minutes;
  }

  private static Measures clicks(long valid, long orphans) {
    return new Measures(0, valid, 0, 0, 0, 0, 0, orphans);
  }

  @Nested
  class OrphanClicks {
    private final OrphanClickRule rule =
        new OrphanClickRule(
            new AlertSettings.OrphanClicks(0.2, 20, Severity.MEDIUM), Duration.ofHours(1));

    @Test
    void aRateExactlyAtTheThresholdRaisesNothingAndOneOrphanMoreRaisesOneAlertForTheHour() {
      assertThat(
              rule.evaluate(
                  minutes("c1", 5, clicks(10, 2), "c1", 50, clicks(10, 2)), DAY, LATER, LATER))
          .isEmpty();

      List<Alert> alerts =
          rule.evaluate(
              minutes("c1", 5, clicks(10, 2), "c1", 50, clicks(10, 3)), DAY, LATER, LATER);
      assertThat(alerts)
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.id()).isEqualTo("orphan_clicks|campaign:c1|" + DAY.toEpochMilli());
                assertThat(alert.windowEnd()).isEqualTo(DAY.plus(Duration.ofHours(1)));
                assertThat(alert.evidence())
                    .containsEntry("orphan_clicks", 5L)
                    .containsEntry("clicks", 20L);
              });
    }

    @Test
    void belowTheMinimumVolumeEvenAllOrphansRaiseNothing() {
      assertThat(rule.evaluate(minutes("c1", 5, clicks(19, 19)), DAY, LATER, LATER)).isEmpty();
      assertThat(rule.evaluate(minutes("c1", 5, clicks(20, 20)), DAY, LATER, LATER)).hasSize(1);
    }

    @Test
    void anHourIsJudgedOnlyOnceTheAllowedLatenessAfterItHasPassed() {
      SortedMap<CampaignMinute, Measures> burst = minutes("c1", 5, clicks(20, 20));
      Instant hourEnd = DAY.plus(Duration.ofHours(1));
      assertThat(rule.evaluate(burst, DAY, hourEnd.plus(Duration.ofHours(1)).minusMillis(1), LATER))
          .isEmpty();
      assertThat(rule.evaluate(burst, DAY, hourEnd.plus(Duration.ofHours(1)), LATER)).hasSize(1);
    }

    @Test
    void invalidClicksCountInTheRate() {
      Measures floodOfOrphans = new Measures(0, 0, 20, 0, 0, 0, 0, 20);
      assertThat(rule.evaluate(minutes("c1", 5, floodOfOrphans), DAY, LATER, LATER)).hasSize(1);
    }
  }

  @Nested
  class Budget {
    private final BudgetRule rule =
        new BudgetRule(new AlertSettings.Budget(0.5, 0.25, 1.5, Severity.HIGH, Severity.MEDIUM));
    private static final long BUDGET = 1_000_000;

    private Measures spend(long micros) {
      return new Measures(1, 0, 0, micros, 0, 0, 0, 0);
    }

    @Test
    void spendExactlyAtTheBudgetIsNoOverrunAndOneMicroMoreIs() {
      Map<String, Long> budgets = Map.of("c1", BUDGET);
      assertThat(rule.evaluate(minutes("c1", 900, spend(BUDGET)), List.of(DAY), budgets, LATER))
          .isEmpty();

      assertThat(
              rule.evaluate(
                  minutes("c1", 900, spend(BUDGET), "c1", 1000, spend(1)),
                  List.of(DAY),
                  budgets,
                  LATER))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.id())
                    .isEqualTo("budget_overrun|campaign:c1|" + DAY.toEpochMilli());
                assertThat(alert.severity()).isEqualTo(Severity.HIGH);
                assertThat(alert.evidence())
                    .containsEntry("spend_micros", BUDGET + 1)
                    .containsEntry("budget_micros", BUDGET);
              });
    }

    @Test
    void pacingNeedsMoreThanTheMinimumShareOfTheBudgetEarlyInTheDay() {
      Map<String, Long> budgets = Map.of("c1", BUDGET);
      // by 02:00 the pro-rata threshold is 1.5 × 2/24 = 12.5% of the budget; the minimum share is
      // 25%
      assertThat(rule.evaluate(minutes("c1", 119, spend(BUDGET / 4)), List.of(DAY), budgets, LATER))
          .isEmpty();
      assertThat(
              rule.evaluate(
                  minutes("c1", 119, spend(BUDGET / 4 + 1)), List.of(DAY), budgets, LATER))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.rule()).isEqualTo(BudgetRule.PACING);
                assertThat(alert.evidence()).containsEntry("elapsed_minutes", 120L);
              });
    }

    @Test
    void pacingFollowsThePlanLaterInTheMorningAndStopsAtTheConfiguredShareOfTheDay() {
      Map<String, Long> budgets = Map.of("c1", BUDGET);
      // by 08:00: 1.5 × 8/24 = 50% of the budget
      assertThat(rule.evaluate(minutes("c1", 479, spend(BUDGET / 2)), List.of(DAY), budgets, LATER))
          .isEmpty();
      assertThat(
              rule.evaluate(
                  minutes("c1", 479, spend(BUDGET / 2 + 1)), List.of(DAY), budgets, LATER))
          .hasSize(1);
      assertThat(rule.evaluate(minutes("c1", 720, spend(BUDGET)), List.of(DAY), budgets, LATER))
          .as("after noon")
          .isEmpty();
    }

    @Test
    void spendPastTheRangeOfALongStillOverrunsTheBudget() {
      Map<String, Long> budgets = Map.of("c1", BUDGET);
      // stored before money had a maximum: a plain sum would wrap negative and hide the overrun
      var minutes =
          minutes("c1", 900, spend(Long.MAX_VALUE - 10), "c1", 1000, spend(Long.MAX_VALUE - 10));
      assertThat(rule.evaluate(minutes, List.of(DAY), budgets, LATER))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.rule()).isEqualTo(BudgetRule.OVERRUN);
                assertThat(alert.evidence()).containsEntry("spend_micros", Long.MAX_VALUE);
              });
    }

    @Test
    void aCampaignWithoutSettingsIsNotJudged() {
      assertThat(
              rule.evaluate(minutes("c1", 900, spend(5 * BUDGET)), List.of(DAY), Map.of(), LATER))
          .isEmpty();
    }
  }

  @Nested
  class Anomaly {
    private final AnomalyRule rule =
        new AnomalyRule(new AlertSettings.Anomaly(0.2, 4.0, 100, 5, Severity.MEDIUM));

    /**
     * Minutes 0.. of steady traffic with a little noise, then {@code last} at minute {@code
     * steady}.
     */
    private SortedMap<CampaignMinute, Measures> series(int steady, Measures last) {
      SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
      for (int m = 0; m < steady; m++) {
        minutes.put(
            CampaignMinute.of("c1", minute(m)),
            new Measures(200, 4 + m % 2, 0, 10_000 + 100 * (m % 3), 0, 0, 0, 0));
      }
      minutes.put(CampaignMinute.of("c1", minute(steady)), last);
      return minutes;
    }

    private final Measures spike = new Measures(200, 40, 0, 10_100, 0, 0, 0, 0);

    @Test
    void aClickThroughSpikeAfterTheWarmupRaisesOneAlertForItsMinute() {
      assertThat(rule.evaluate(series(5, spike), DAY, LATER))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.id()).isEqualTo("anomaly|campaign:c1|" + minute(5).toEpochMilli());
                assertThat(alert.evidence().get("ctr").doubleValue()).isEqualTo(0.2);
              });
    }

    @Test
    void beforeTheWarmupNothingIsJudged() {
      assertThat(rule.evaluate(series(4, spike), DAY, LATER)).isEmpty();
    }

    @Test
    void aMinuteBelowTheMinimumVolumeIsNotJudged() {
      assertThat(rule.evaluate(series(10, new Measures(99, 40, 0, 10_100, 0, 0, 0, 0)), DAY, LATER))
          .isEmpty();
    }

    @Test
    void steadyTrafficAndAnIncompleteMinuteRaiseNothing() {
      assertThat(rule.evaluate(series(30, new Measures(200, 5, 0, 10_100, 0, 0, 0, 0)), DAY, LATER))
          .isEmpty();
      assertThat(rule.evaluate(series(10, spike), DAY, minute(10).plusSeconds(59)))
          .as("minute 10 not over")
          .isEmpty();
    }

    @Test
    void aSpendJumpAloneIsAnAnomalyToo() {
      assertThat(rule.evaluate(series(10, new Measures(200, 5, 0, 30_000, 0, 0, 0, 0)), DAY, LATER))
          .hasSize(1);
    }
  }

  @Nested
  class SourceSilence {
    private final SourceSilenceRule rule =
        new SourceSilenceRule(
            new AlertSettings.SourceSilence(
                Duration.ofMinutes(15),
                20,
                Map.of("hourly-reports", Duration.ofHours(3)),
                Severity.HIGH));

    private SourceActivity activity(
        long events, Instant first, Instant last, String other, Instant otherLast) {
      TreeMap<String, SourceActivity.SourceStats> sources = new TreeMap<>();
      sources.put("feed", new SourceActivity.SourceStats(first, last, events, last));
      sources.put(other, new SourceActivity.SourceStats(DAY, otherLast, 1, otherLast));
      return new SourceActivity(sources);
    }

    @Test
    void aSourceBehindTheOthersByMoreThanTheSilencePeriodRaisesOneAlertNamedByItsLastEvent() {
      // 41 events over 30 minutes: 20 expected in 15
      Instant last = minute(30);
      assertThat(
              rule.evaluate(
                  activity(41, DAY, last, "other", last.plus(Duration.ofMinutes(15))), last))
          .isEmpty();
      assertThat(
              rule.evaluate(
                  activity(41, DAY, last, "other", last.plus(Duration.ofMinutes(15)).plusMillis(1)),
                  last))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.id())
                    .isEqualTo("source_silence|source:feed|" + last.toEpochMilli());
                assertThat(alert.campaignId()).isEmpty();
              });
    }

    @Test
    void aSourceTooSparseToBeExpectedWithinTheSilencePeriodIsNotJudged() {
      Instant last = minute(30);
      assertThat(
              rule.evaluate(activity(40, DAY, last, "other", last.plus(Duration.ofHours(2))), last))
          .isEmpty();
    }

    @Test
    void aBurstShorterThanTheSilencePeriodOrASourceWithALongerPeriodIsNotJudged() {
      Instant last = minute(14);
      assertThat(
              rule.evaluate(
                  activity(1_000, DAY, last, "other", last.plus(Duration.ofHours(2))), last))
          .as("burst")
          .isEmpty();
      TreeMap<String, SourceActivity.SourceStats> sources = new TreeMap<>();
      sources.put(
          "hourly-reports", new SourceActivity.SourceStats(DAY, minute(200), 1_000, minute(200)));
      sources.put("other", new SourceActivity.SourceStats(DAY, minute(379), 1, minute(379)));
      assertThat(rule.evaluate(new SourceActivity(sources), minute(379)))
          .as("within 3 h")
          .isEmpty();
    }

    @Test
    void nothingArrivingAtAllIsSilenceByTheClock() {
      Instant last = minute(30);
      assertThat(
              rule.evaluate(
                  activity(41, DAY, last, "other", last), last.plus(Duration.ofMinutes(16))))
          .extracting(Alert::subject)
          .containsExactly("source:feed");
    }
  }
}
