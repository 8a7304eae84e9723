package io.adstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.generator.InjectedPattern.ClickFlood;
import io.adstream.generator.InjectedPattern.ClickInjection;
import io.adstream.generator.InjectedPattern.RestatementOutOfOrder;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  @Test
  void aFixedSeedAndStartGiveTheSameBytesWhateverTheTimeZoneAndLocale() throws IOException {
    TrafficProfile profile = Generated.sampleProfile().events(20_000).build();
    Generated first = Generated.run(profile);
    byte[] firstTruth = truthDocument(first);

    TimeZone zone = TimeZone.getDefault();
    Locale locale = Locale.getDefault();
    Generated second;
    byte[] secondTruth;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
      Locale.setDefault(
          Locale.forLanguageTag("ar-EG")); // Arabic-Indic digits, if anything formatted with it
      second = Generated.run(profile);
      secondTruth = truthDocument(second);
    } finally {
      TimeZone.setDefault(zone);
      Locale.setDefault(locale);
    }

    assertThat(second.lines()).hasSameSizeAs(first.lines());
    for (int i = 0; i < first.lines().size(); i++) {
      assertThat(second.lines().get(i)).as("line %d", i + 1).isEqualTo(first.lines().get(i));
    }
    assertThat(secondTruth).isEqualTo(firstTruth);
    assertThat(Generated.run(profile.toBuilder().seed(43).build()).lines().get(100))
        .as("another seed is other traffic")
        .isNotEqualTo(first.lines().get(100));
  }

  /**
   * Each rate flag against what was emitted. Counts are binomial: the tolerance is 4 standard
   * deviations (plus one for rounding), which a correct generator misses about once in 16,000
   * seeds.
   */
  @Test
  void everyRateIsWhatWasEmitted() {
    TrafficProfile profile =
        Generated.sampleProfile()
            .events(120_000)
            .duplicateRate(0.03)
            .idConflictRate(0.01)
            .outOfOrderRate(0.05)
            .lateRate(0.02)
            .malformedRate(0.02)
            .botRate(0.1)
            .clickFloods(0)
            .clickInjections(0)
            .build();
    Generated run = Generated.run(profile);
    GroundTruth.RecordCounts counts = run.truth().records();
    long conflicts = counts.quarantinedByReason().getOrDefault("id_conflict", 0L);
    // the records of planted restatement swaps are kept free of defects
    long pinned =
        2
            * run.traffic().report().patterns().stream()
                .filter(p -> p instanceof RestatementOutOfOrder)
                .count();
    long produced = counts.received() - counts.duplicates() - conflicts;
    long wellFormed = counts.accepted() - pinned;

    SoftAssertions.assertSoftly(
        softly -> {
          assertRate(
              softly,
              "--malformed-rate",
              counts.quarantined() - conflicts,
              produced - pinned,
              profile.malformedRate());
          assertRate(
              softly, "--duplicate-rate", counts.duplicates(), wellFormed, profile.duplicateRate());
          assertRate(softly, "--id-conflict-rate", conflicts, wellFormed, profile.idConflictRate());
          long servingEvents =
              counts.acceptedByType().get("impression")
                  + counts.acceptedByType().get("click")
                  + counts.acceptedByType().get("conversion");
          assertRate(
              softly,
              "--late-rate",
              run.truth().lateEvents().size(),
              servingEvents,
              profile.lateRate());
          long swaps = pinned / 2;
          assertRate(
              softly,
              "--out-of-order-rate",
              behindTheWatermark(run) - swaps,
              wellFormed,
              profile.outOfOrderRate());
          long crawlerClicks =
              run.truth().clicks().stream()
                  .filter(c -> c.invalidBecause().contains("crawler"))
                  .count();
          assertRate(
              softly,
              "--bot-rate",
              crawlerClicks,
              counts.acceptedByType().get("click"),
              profile.botRate());
        });
  }

  @Test
  void everyPlantedPatternRaisesItsAlertsInTheTruth() {
    TrafficProfile profile =
        Generated.sampleProfile().events(30_000).clickFloods(6).clickInjections(5).build();
    Generated run = Generated.run(profile);
    List<InjectedPattern> patterns = run.traffic().report().patterns();
    Set<ExpectedAlert> alerts = new HashSet<>(run.truth().alerts());

    assertThat(patterns).filteredOn(p -> p instanceof ClickFlood).hasSize(6);
    assertThat(patterns).filteredOn(p -> p instanceof ClickInjection).hasSize(5);
    assertThat(patterns).allSatisfy(p -> assertThat(alerts).containsAll(p.alerts()));
    assertThat(run.truth().alerts())
        .filteredOn(a -> a.rule().equals(ExpectedAlert.CLICK_FLOOD))
        .hasSize(6);
    assertThat(run.truth().alerts())
        .filteredOn(a -> a.rule().equals(ExpectedAlert.CLICK_INJECTION))
        .hasSize(5);
    assertThat(run.truth().alerts())
        .filteredOn(a -> a.rule().equals(ExpectedAlert.BOT_CLICK))
        .containsExactlyInAnyOrderElementsOf(
            patterns.stream()
                .filter(p -> p instanceof InjectedPattern.BotClicks)
                .flatMap(p -> p.alerts().stream())
                .toList());
  }

  @Test
  void aRestatementDeliveredBeforeTheRowItRestatesStillWins() {
    Generated run = Generated.run(Generated.sampleProfile().events(60_000).build());
    List<RestatementOutOfOrder> swaps =
        run.traffic().report().patterns().stream()
            .filter(p -> p instanceof RestatementOutOfOrder)
            .map(p -> (RestatementOutOfOrder) p)
            .toList();
    Set<String> standing =
        run.truth().semStats().stream()
            .map(GroundTruth.SemStatsRow::eventId)
            .collect(Collectors.toSet());

    assertThat(swaps)
        .isNotEmpty()
        .allSatisfy(
            swap -> {
              assertThat(lineOf(run, swap.restatementEventId()))
                  .isLessThan(lineOf(run, swap.originalEventId()));
              assertThat(standing).doesNotContain(swap.originalEventId());
            });
    assertThat(run.truth().semStats().size())
        .as("some keys are restated: fewer standing rows than rows accepted")
        .isLessThan(run.truth().records().acceptedByType().get("sem_stats").intValue());
  }

  @Test
  void everyMalformedLineIsQuarantinedForExactlyThePlantedReasonAndStaysOneLine() {
    Generated run =
        Generated.run(Generated.sampleProfile().events(20_000).malformedRate(0.05).build());
    List<GenerationReport.MalformedLine> planted = run.traffic().report().malformed();

    assertThat(run.truth().quarantined())
        .filteredOn(q -> !q.reasons().equals(List.of("id_conflict")))
        .extracting(q -> q.line() + " " + q.reasons())
        .containsExactlyElementsOf(
            planted.stream().map(m -> m.line() + " [" + m.reason() + "]").toList());
    assertThat(
            planted.stream().map(m -> m.reason().replaceAll(":.*", "")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "not_json",
            "not_utf8",
            "missing_field",
            "bad_type",
            "negative_money",
            "bad_currency",
            "unknown_event_type",
            "unsupported_schema_version",
            "future_event_time",
            "unknown_field");
    assertThat(run.lines())
        .allSatisfy(line -> assertThat(line).doesNotContain((byte) '\n', (byte) '\r'));
  }

  @Test
  void conservationHoldsAndNoRegularEventTimeIsAfterTheEnd() {
    Generated run = Generated.run(Generated.sampleProfile().events(20_000).build());
    GroundTruth.RecordCounts counts = run.truth().records();
    long end = run.profile().end().toEpochMilli();

    assertThat(counts.received())
        .isEqualTo(run.lines().size())
        .isEqualTo(counts.accepted() + counts.duplicates() + counts.quarantined());
    assertThat(run.acceptedLines())
        .allSatisfy(
            line ->
                assertThat(Generated.eventTime(run.json(line).orElseThrow()))
                    .isLessThanOrEqualTo(end));
  }

  private static void assertRate(
      SoftAssertions softly, String option, long observed, long trials, double rate) {
    double expected = trials * rate;
    double tolerance = 4 * Math.sqrt(trials * rate * (1 - rate)) + 1;
    softly
        .assertThat((double) observed)
        .as(
            "%s %.4f: %d of %d (expected %.0f +- %.0f)",
            option, rate, observed, trials, expected, tolerance)
        .isBetween(expected - tolerance, expected + tolerance);
  }

  /**
   * Accepted, non-late records delivered with an event time behind the newest accepted one before
   * them.
   */
  private static long behindTheWatermark(Generated run) {
    Set<Integer> late =
        run.truth().lateEvents().stream()
            .map(GroundTruth.LateEvent::line)
            .collect(Collectors.toSet());
    long newest = Long.MIN_VALUE;
    long behind = 0;
    for (int line : run.acceptedLines()) {
      long time = Generated.eventTime(run.json(line).orElseThrow());
      if (time < newest && !late.contains(line)) {
        behind++;
      }
      newest = Math.max(newest, time);
    }
    return behind;
  }

  private static int lineOf(Generated run, String eventId) {
    byte[] needle = ("\"event_id\":\"" + eventId + "\"").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < run.lines().size(); i++) {
      if (new String(run.lines().get(i), StandardCharsets.UTF_8)
          .contains(new String(needle, StandardCharsets.UTF_8))) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with event_id " + eventId);
  }

  private static byte[] truthDocument(Generated run) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TruthDocument.write(out, run.profile(), run.traffic().report(), run.truth());
    return out.toByteArray();
  }
}
