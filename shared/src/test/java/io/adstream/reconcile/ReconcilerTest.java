package io.adstream.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.reconcile.Reconciliation.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  private static final Instant NEXT_MORNING = Instant.parse("2026-11-25T06:00:00Z");

  private static Reconciliation reconcile(
      ToleranceRules rules,
      Map<String, CampaignTotals> batch,
      Map<String, CampaignTotals> streaming) {
    return Reconciler.builder()
        .range(TimeRange.day(DAY))
        .tolerances(rules)
        .grace(Duration.ofHours(2))
        .now(NEXT_MORNING)
        .build()
        .reconcile(batch, streaming);
  }

  @Test
  void eachCampaignIsMatchedWithinToleranceDriftingOrMissingOnASide() {
    Reconciliation result =
        reconcile(
            ToleranceRules.parse(Map.of("spend", "1000000/0")),
            Map.of(
                "same",
                new CampaignTotals(10, 2, 1, 5_000_000, 9_000_000),
                "close",
                new CampaignTotals(10, 2, 1, 5_000_000, 0),
                "far",
                new CampaignTotals(100, 2, 1, 5_000_000, 0),
                "batch-only",
                new CampaignTotals(1, 0, 0, 10, 0),
                "all-zero",
                CampaignTotals.ZERO),
            Map.of(
                "same",
                new CampaignTotals(10, 2, 1, 5_000_000, 9_000_000),
                "close",
                new CampaignTotals(10, 2, 1, 5_400_000, 0),
                "far",
                new CampaignTotals(99, 2, 1, 5_000_000, 0),
                "stream-only",
                new CampaignTotals(0, 1, 0, 20, 0)));

    assertThat(result.campaigns())
        .extracting(Reconciliation.CampaignDrift::campaignId, Reconciliation.CampaignDrift::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("batch-only", Status.MISSING_IN_STREAMING),
            org.assertj.core.groups.Tuple.tuple("close", Status.WITHIN_TOLERANCE),
            org.assertj.core.groups.Tuple.tuple("far", Status.DRIFT),
            org.assertj.core.groups.Tuple.tuple("same", Status.MATCH),
            org.assertj.core.groups.Tuple.tuple("stream-only", Status.MISSING_IN_BATCH));
    Reconciliation.MetricDrift far = result.campaigns().get(2).metrics().get(Metric.IMPRESSIONS);
    assertThat(far.difference()).isEqualTo(-1);
    assertThat(far.relative().getAsDouble()).isEqualTo(-0.01);
    assertThat(result.campaignsOutsideTolerance()).isEqualTo(3);
    assertThat(result.settled()).isTrue();
    assertThat(result.failed()).isTrue();
    assertThat(result.totalDifference()).containsEntry(Metric.SPEND, 400_000L - 10 + 20);
  }

  @Test
  void aDayYoungerThanTheGracePeriodReportsDriftWithoutFailing() {
    Reconciliation result =
        Reconciler.builder()
            .range(TimeRange.day(DAY))
            .grace(Duration.ofHours(2))
            .now(Instant.parse("2026-11-25T01:00:00Z"))
            .build()
            .reconcile(Map.of("c", new CampaignTotals(1, 0, 0, 0, 0)), Map.of());
    assertThat(result.campaignsOutsideTolerance()).isEqualTo(1);
    assertThat(result.settled()).isFalse();
    assertThat(result.failed()).isFalse();
    assertThat(new ReconciliationReport(result).markdown()).contains("Provisional");
  }

  @Test
  void toleranceIsAbsoluteOrRelative() {
    assertThat(Tolerance.parse("2/0.001").allows(10_000, 10_010)).isTrue();
    assertThat(Tolerance.parse("2/0.001").allows(10_000, 10_011)).isFalse();
    assertThat(Tolerance.parse("0.1%").allows(1_000, 1_001)).isTrue();
    assertThat(Tolerance.parse("0").allows(0, 1)).isFalse();
    assertThatThrownBy(() -> Tolerance.parse("lots")).hasMessageContaining("ABS, ABS/REL or REL%");
    assertThatThrownBy(() -> ToleranceRules.parse(Map.of("cost", "0")))
        .hasMessageContaining("unknown metric 'cost'");
  }

  @Test
  void hourlyRowsSumIntoAnHourRangeAndADailyRowCannotBeCut() {
    List<TableRow> rows =
        List.of(
            new TableRow(DAY, java.util.OptionalInt.of(10), "c", new CampaignTotals(1, 0, 0, 0, 0)),
            new TableRow(DAY, java.util.OptionalInt.of(11), "c", new CampaignTotals(2, 0, 0, 0, 0)),
            new TableRow(
                DAY, java.util.OptionalInt.of(12), "c", new CampaignTotals(4, 0, 0, 0, 0)));
    TimeRange tenToTwelve =
        new TimeRange(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T12:00:00Z"));
    assertThat(Reconciler.totals(rows, tenToTwelve))
        .containsEntry("c", new CampaignTotals(3, 0, 0, 0, 0));
    assertThatThrownBy(
            () ->
                Reconciler.totals(
                    List.of(TableRow.daily(DAY, "c", CampaignTotals.ZERO)), tenToTwelve))
        .hasMessageContaining("reconcile whole days against a daily table");
  }

  @Test
  void reportsNameEveryDifferingMetricAndChartTheDrift() {
    Reconciliation result =
        reconcile(
            ToleranceRules.EXACT,
            Map.of("c<1>", new CampaignTotals(10, 0, 0, 1_500_000, 0)),
            Map.of("c<1>", new CampaignTotals(10, 0, 0, 1_000_000, 0)));
    ReconciliationReport report = new ReconciliationReport(result);
    assertThat(report.markdown())
        .contains(
            "| c<1> | drift | spend | 1.500000 | 1.000000 | -0.500000 | -33.3333% | **no** |");
    assertThat(report.html()).contains("<svg").contains("c&lt;1&gt;").doesNotContain("<td>c<1>");
    assertThat(report.json())
        .contains("\"outside_tolerance\" : 1")
        .contains("\"difference\" : -500000");
  }
}
