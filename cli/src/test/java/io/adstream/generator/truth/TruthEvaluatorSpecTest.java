package io.adstream.generator.truth;

import static io.adstream.generator.truth.Rec.T0;
import static io.adstream.generator.truth.Rec.click;
import static io.adstream.generator.truth.Rec.clickWithoutImpression;
import static io.adstream.generator.truth.Rec.conversion;
import static io.adstream.generator.truth.Rec.impression;
import static io.adstream.generator.truth.Rec.min;
import static io.adstream.generator.truth.Rec.ms;
import static io.adstream.generator.truth.Rec.semStats;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.truth.GroundTruth.AttributedBy;
import io.adstream.generator.truth.GroundTruth.CampaignMinute;
import io.adstream.generator.truth.GroundTruth.ClickAttribution;
import io.adstream.generator.truth.GroundTruth.ClickOutcome;
import io.adstream.generator.truth.GroundTruth.ConversionAttribution;
import io.adstream.generator.truth.GroundTruth.ConversionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The spec tests of the ground truth: tiny hand-built sequences whose outcomes docs/semantics.md
 * states. Defaults: allowedLateness 1 h, impressionWindow 1 h, conversionLookback 7 d.
 */
class TruthEvaluatorSpecTest {
  private static final CrawlerList CRAWLERS = CrawlerList.load();
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void clickAfterItsImpressionIsAttributed() {
    GroundTruth truth = evaluate(impression("imp-1", min(0)), click("clk-1", "imp-1", min(2)));

    assertThat(clickOutcome(truth, "clk-1").outcome()).isEqualTo(ClickAttribution.ATTRIBUTED);
    assertThat(clickOutcome(truth, "clk-1").impressionId()).contains("imp-1");
  }

  @Test
  void clickArrivingBeforeItsImpressionIsAttributedWhenTheImpressionComes() {
    GroundTruth truth = evaluate(click("clk-1", "imp-1", min(2)), impression("imp-1", min(0)));

    assertThat(clickOutcome(truth, "clk-1").outcome()).isEqualTo(ClickAttribution.ATTRIBUTED);
  }

  @Test
  void impressionWindowIncludesItsEdgeAndNotOneMillisecondMore() {
    GroundTruth truth =
        evaluate(
            impression("imp-1", min(0)),
            impression("imp-2", min(0)),
            impression("imp-3", min(10)),
            click("clk-edge", "imp-1", HOUR),
            click("clk-past", "imp-2", HOUR.plusMillis(1)),
            click("clk-before", "imp-3", min(10).minusMillis(1)));

    assertThat(clickOutcome(truth, "clk-edge").outcome()).isEqualTo(ClickAttribution.ATTRIBUTED);
    assertThat(clickOutcome(truth, "clk-past").outcome()).isEqualTo(ClickAttribution.ORPHAN);
    assertThat(clickOutcome(truth, "clk-past").impressionId()).isEmpty();
    assertThat(clickOutcome(truth, "clk-before").outcome()).isEqualTo(ClickAttribution.ORPHAN);
  }

  @Test
  void clickWithoutImpressionIdIsAnOrphan() {
    GroundTruth truth =
        evaluate(impression("imp-1", min(0)), clickWithoutImpression("clk-1", min(1)));

    assertThat(clickOutcome(truth, "clk-1").outcome()).isEqualTo(ClickAttribution.ORPHAN);
  }

  @Test
  void eventsMoreThanAllowedLatenessBehindTheWatermarkAreLateCountedButNotJoined() {
    GroundTruth truth =
        evaluate(
            impression("imp-new", HOUR.multipliedBy(2)),
            impression("imp-late", HOUR.minusMillis(1)),
            impression("imp-at-limit", HOUR),
            click("clk-on-late", "imp-late", HOUR.multipliedBy(2)),
            click("clk-late", "imp-new", HOUR.minusMinutes(1)));

    assertThat(truth.lateEvents())
        .extracting(GroundTruth.LateEvent::eventId)
        .containsExactly("e-imp-late", "e-clk-late");
    assertThat(truth.lateEvents().get(0).watermark()).isEqualTo(T0.plus(HOUR.multipliedBy(2)));
    assertThat(clickOutcome(truth, "clk-on-late").outcome()).isEqualTo(ClickAttribution.ORPHAN);
    assertThat(clickOutcome(truth, "clk-late").outcome()).isEqualTo(ClickAttribution.LATE);
    // late events still count in the aggregates of their own minute
    assertThat(minute(truth, "cmp-a", HOUR.minusMillis(1)).impressions()).isEqualTo(1);
    assertThat(minute(truth, "cmp-a", HOUR.minusMinutes(1)).clicks()).isEqualTo(1);
  }

  @Test
  void aSecondIdenticalRecordIsADuplicateAndAChangedOneAnIdConflict() {
    Rec original = impression("imp-1", min(3));
    GroundTruth truth =
        evaluate(
            original,
            original,
            impression("imp-1", min(3)).with("event_id", "e-retry").with("cost_micros", 9_999));

    assertThat(truth.records().received()).isEqualTo(3);
    assertThat(truth.records().accepted()).isEqualTo(1);
    assertThat(truth.records().duplicates()).isEqualTo(1);
    assertThat(truth.quarantined())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.line()).isEqualTo(3);
              assertThat(q.reasons()).containsExactly("id_conflict");
            });
    CampaignMinute minute = minute(truth, "cmp-a", min(3));
    assertThat(minute.duplicates()).isEqualTo(1);
    assertThat(minute.costMicros()).as("the first record to claim the id wins").isEqualTo(1_000);
  }

  @Test
  void aProducerRetryWithANewEventIdButTheSameContentIsADuplicate() {
    GroundTruth truth =
        evaluate(
            impression("imp-1", min(3)), impression("imp-1", min(3)).with("event_id", "e-retry"));

    assertThat(truth.records().duplicates()).isEqualTo(1);
    assertThat(truth.quarantined()).isEmpty();
  }

  @Test
  void aClaimOlderThanTheDedupWindowNoLongerBlocksItsKey() {
    Duration week = Duration.ofDays(7);
    GroundTruth truth =
        evaluate(
            Rec.campaignUpdate("e-1", min(0)),
            Rec.campaignUpdate("e-1", week).with("status", "paused"),
            Rec.campaignUpdate("e-1", week.plusMillis(1)).with("status", "archived"));

    assertThat(truth.quarantined())
        .singleElement()
        .satisfies(q -> assertThat(q.line()).isEqualTo(2));
    assertThat(truth.records().accepted()).isEqualTo(2);
  }

  @Test
  void theLatestReportTimeWinsWhateverTheDeliveryOrderAndTiesGoToTheGreaterEventId() {
    GroundTruth restated = evaluate(semStats("e-2", min(130), 8), semStats("e-1", min(70), 10));

    assertThat(restated.semStats())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.eventId()).isEqualTo("e-2");
              assertThat(row.clicks()).as("a restatement replaces, never adds").isEqualTo(8);
            });
    assertThat(evaluate(semStats("e-2", min(70), 8), semStats("e-3", min(70), 9)).semStats())
        .singleElement()
        .satisfies(row -> assertThat(row.clicks()).isEqualTo(9));
    assertThat(evaluate(semStats("e-2", min(70), 8), semStats("e-1", min(70), 9)).semStats())
        .singleElement()
        .satisfies(row -> assertThat(row.clicks()).isEqualTo(8));
  }

  @Test
  void aConversionWithoutClickIdGoesToTheUsersLastValidClickEvenOneArrivingAfterIt() {
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-a", min(0)).with("campaign_id", "cmp-a"),
            conversion("cnv-1", min(10)),
            clickWithoutImpression("clk-b", min(5)).with("campaign_id", "cmp-b"),
            clickWithoutImpression("clk-bot", min(6)).with("user_agent", Rec.CRAWLER),
            clickWithoutImpression("clk-after", min(11)),
            clickWithoutImpression("clk-other-user", min(7)).with("user_id", "usr-2"));

    ConversionOutcome conversion = conversionOutcome(truth, "cnv-1");
    assertThat(conversion.outcome()).isEqualTo(ConversionAttribution.ATTRIBUTED);
    assertThat(conversion.clickId()).contains("clk-b");
    assertThat(conversion.campaignId()).contains("cmp-b");
    assertThat(conversion.attributedBy()).contains(AttributedBy.LAST_CLICK);
    assertThat(minute(truth, "cmp-b", min(10)).conversions()).isEqualTo(1);
    assertThat(minute(truth, "cmp-b", min(10)).conversionValueMicros()).isEqualTo(40_000_000);
  }

  @Test
  void lastClickTiesGoToTheGreaterClickId() {
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-2", min(5)),
            clickWithoutImpression("clk-9", min(5)),
            conversion("cnv-1", min(6)));

    assertThat(conversionOutcome(truth, "cnv-1").clickId()).contains("clk-9");
  }

  @Test
  void aConversionNamingAnInvalidClickIsUnattributedWithoutFallingBackToTheLastClick() {
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-good", min(1)),
            clickWithoutImpression("clk-bot", min(2)).with("user_agent", Rec.CRAWLER),
            conversion("cnv-1", min(3)).with("click_id", "clk-bot"));

    assertThat(conversionOutcome(truth, "cnv-1").outcome())
        .isEqualTo(ConversionAttribution.UNATTRIBUTED);
    assertThat(clickOutcome(truth, "clk-bot").invalidBecause()).containsExactly("crawler");
  }

  @Test
  void conversionLookbackIncludesItsEdgeAndNotOneMillisecondMore() {
    Duration week = Duration.ofDays(7);
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-1", min(0)),
            clickWithoutImpression("clk-2", ms(1)).with("user_id", "usr-2"),
            conversion("cnv-edge", week).with("click_id", "clk-1"),
            conversion("cnv-past", week.plusMillis(2)).with("user_id", "usr-2"));

    assertThat(conversionOutcome(truth, "cnv-edge").outcome())
        .isEqualTo(ConversionAttribution.ATTRIBUTED);
    assertThat(conversionOutcome(truth, "cnv-edge").attributedBy()).contains(AttributedBy.CLICK_ID);
    assertThat(conversionOutcome(truth, "cnv-past").outcome())
        .isEqualTo(ConversionAttribution.UNATTRIBUTED);
  }

  @Test
  void aLateConversionIsCountedInNoCampaign() {
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-1", min(0)),
            clickWithoutImpression("clk-2", HOUR.multipliedBy(3)),
            conversion("cnv-1", min(30)).with("click_id", "clk-1"));

    assertThat(conversionOutcome(truth, "cnv-1").outcome()).isEqualTo(ConversionAttribution.LATE);
    assertThat(truth.campaignMinutes()).allSatisfy(m -> assertThat(m.conversions()).isZero());
  }

  @Test
  void moreThanTheThresholdOfClicksInAMinuteMakesEveryClickOfThatDeviceMinuteInvalid() {
    AdstreamConfig threeAMinute =
        AdstreamConfig.withOverrides("{\"alerts\":{\"clickFlood\":{\"maxClicksPerMinute\":3}}}");
    GroundTruth truth =
        evaluate(
            threeAMinute,
            // minute 0: four clicks of dev-1, each through another IP
            flood("f", 4, min(0), i -> "dev-1", i -> "198.51.100." + (i + 1)),
            // minute 1: three clicks of one IP from three devices: at the threshold, still valid
            flood("ok", 3, min(1), i -> "dev-" + (i + 10), i -> "203.0.113.7"),
            // minute 2: four clicks of one IP
            flood("ip", 4, min(2), i -> "dev-" + (i + 20), i -> "203.0.113.8"));

    assertThat(truth.clicks())
        .filteredOn(c -> c.clickId().startsWith("f"))
        .hasSize(4)
        .allSatisfy(c -> assertThat(c.invalidBecause()).containsExactly("device_flood"));
    assertThat(truth.clicks())
        .filteredOn(c -> c.clickId().startsWith("ok"))
        .allSatisfy(c -> assertThat(c.invalidBecause()).isEmpty());
    assertThat(truth.clicks())
        .filteredOn(c -> c.clickId().startsWith("ip"))
        .allSatisfy(c -> assertThat(c.invalidBecause()).containsExactly("ip_flood"));
    assertThat(minute(truth, "cmp-a", min(0)).invalidClicks()).isEqualTo(4);
    assertThat(minute(truth, "cmp-a", min(0)).clicks()).isZero();
    assertThat(minute(truth, "cmp-a", min(1)).clicks()).isEqualTo(3);
    assertThat(truth.alerts())
        .containsExactly(
            new ExpectedAlert(ExpectedAlert.CLICK_FLOOD, "device:dev-1", T0),
            new ExpectedAlert(ExpectedAlert.CLICK_FLOOD, "ip:203.0.113.8", T0.plus(min(2))));
  }

  @Test
  void costSumsImpressionsAndValidClicksOnlyAndConversionsLandInTheirOwnMinute() {
    GroundTruth truth =
        evaluate(
            impression("imp-1", ms(100)).with("cost_micros", 2_000),
            click("clk-1", "imp-1", ms(5_000)).with("cost_micros", 300_000),
            click("clk-bot", "imp-1", ms(6_000))
                .with("cost_micros", 700_000)
                .with("user_agent", Rec.CRAWLER),
            conversion("cnv-1", min(7)).with("click_id", "clk-1").with("value_micros", 12_340_000));

    CampaignMinute first = minute(truth, "cmp-a", min(0));
    assertThat(first.impressions()).isEqualTo(1);
    assertThat(first.clicks()).isEqualTo(1);
    assertThat(first.invalidClicks()).isEqualTo(1);
    assertThat(first.costMicros()).isEqualTo(302_000);
    assertThat(first.conversions()).isZero();
    assertThat(minute(truth, "cmp-a", min(7)).conversionValueMicros()).isEqualTo(12_340_000);
    assertThat(truth.alerts())
        .containsExactly(new ExpectedAlert(ExpectedAlert.BOT_CLICK, "device:dev-1", T0));
  }

  @Test
  void aCrawlerDeviceRaisesOneBotAlertPerWindowOfTheConfiguration() {
    Rec[] clicks = {
      clickWithoutImpression("clk-1", min(1)).with("user_agent", Rec.CRAWLER),
      clickWithoutImpression("clk-2", min(21)).with("user_agent", Rec.CRAWLER),
      clickWithoutImpression("clk-3", min(59)).with("user_agent", Rec.CRAWLER),
      clickWithoutImpression("clk-4", min(62)).with("user_agent", Rec.CRAWLER)
    };

    assertThat(evaluate(clicks).alerts())
        .as("three minutes of one hour, then the next hour")
        .containsExactly(
            new ExpectedAlert(ExpectedAlert.BOT_CLICK, "device:dev-1", T0),
            new ExpectedAlert(ExpectedAlert.BOT_CLICK, "device:dev-1", T0.plus(HOUR)));
    assertThat(
            evaluate(
                    AdstreamConfig.withOverrides(
                        "{\"alerts\":{\"botTraffic\":{\"window\":\"PT30M\"}}}"),
                    (Object[]) clicks)
                .alerts())
        .extracting(ExpectedAlert::minute)
        .containsExactly(T0, T0.plus(min(30)), T0.plus(HOUR));
  }

  @Test
  void aConversionSecondsAfterItsClickRaisesAClickInjectionAlert() {
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-fast", min(0)),
                conversion("cnv-fast", ms(3_000)).with("click_id", "clk-fast"),
            clickWithoutImpression("clk-human", min(1)),
                conversion("cnv-human", min(1).plusSeconds(15)).with("click_id", "clk-human"));

    assertThat(truth.alerts())
        .containsExactly(new ExpectedAlert(ExpectedAlert.CLICK_INJECTION, "click:clk-fast", T0));
  }

  @Test
  void eachClickThatHeldALastClickConversionsCreditIsJudgedForClickInjection() {
    // clk-late arrives after the conversion and takes its credit over: the processor judged
    // clk-early
    // when the conversion came and clk-late when it took over, and an alert once raised stays
    GroundTruth truth =
        evaluate(
            clickWithoutImpression("clk-early", ms(1_000)),
            conversion("cnv-1", ms(6_000)),
            clickWithoutImpression("clk-late", ms(3_000)),
            clickWithoutImpression("clk-older", ms(500)));

    assertThat(conversionOutcome(truth, "cnv-1").clickId()).contains("clk-late");
    assertThat(truth.alerts())
        .containsExactlyInAnyOrder(
            new ExpectedAlert(ExpectedAlert.CLICK_INJECTION, "click:clk-early", T0),
            new ExpectedAlert(ExpectedAlert.CLICK_INJECTION, "click:clk-late", T0));
  }

  @Test
  void aLastClickOutsideTheUsersLatestValidClicksEarnsNoCredit() {
    AdstreamConfig twoClicks = AdstreamConfig.withOverrides("{\"state\":{\"maxClicksPerUser\":2}}");
    GroundTruth truth =
        evaluate(
            twoClicks,
            // usr-1's two later clicks arrive before the conversion (out of order, not late):
            // clk-old is no longer among its latest two when the conversion comes
            clickWithoutImpression("clk-old", min(1)).with("campaign_id", "cmp-b"),
            clickWithoutImpression("clk-x", min(10)),
            clickWithoutImpression("clk-y", min(11)),
            conversion("cnv-1", min(5)),
            // latest by event time, not by arrival: clk-2-early arrives last and is still older
            // than two
            clickWithoutImpression("clk-2-old", min(1)).with("user_id", "usr-2"),
            clickWithoutImpression("clk-2-x", min(10)).with("user_id", "usr-2"),
            clickWithoutImpression("clk-2-y", min(11)).with("user_id", "usr-2"),
            clickWithoutImpression("clk-2-early", min(2))
                .with("user_id", "usr-2")
                .with("campaign_id", "cmp-b"),
            conversion("cnv-2", min(5)).with("user_id", "usr-2"),
            // a crawler's click can earn no credit and takes no place among the latest
            clickWithoutImpression("clk-3-old", min(1))
                .with("user_id", "usr-3")
                .with("campaign_id", "cmp-c"),
            clickWithoutImpression("clk-3-x", min(10)).with("user_id", "usr-3"),
            clickWithoutImpression("clk-3-bot", min(11))
                .with("user_id", "usr-3")
                .with("user_agent", Rec.CRAWLER),
            conversion("cnv-3", min(5)).with("user_id", "usr-3"));

    assertThat(conversionOutcome(truth, "cnv-1").outcome())
        .isEqualTo(ConversionAttribution.UNATTRIBUTED);
    assertThat(conversionOutcome(truth, "cnv-2").outcome())
        .isEqualTo(ConversionAttribution.UNATTRIBUTED);
    assertThat(truth.campaignMinutes())
        .filteredOn(m -> m.campaignId().equals("cmp-b"))
        .allSatisfy(m -> assertThat(m.conversions()).isZero());
    assertThat(conversionOutcome(truth, "cnv-3").clickId()).contains("clk-3-old");
    assertThat(minute(truth, "cmp-c", min(5)).conversions()).isEqualTo(1);
  }

  @Test
  void aLaterArrivingClickTakesOverOnlyTheUsersLatestConversionsWithoutClickId() {
    AdstreamConfig oneConversion =
        AdstreamConfig.withOverrides("{\"state\":{\"maxConversionsPerUser\":1}}");
    GroundTruth truth =
        evaluate(
            oneConversion,
            clickWithoutImpression("clk-a", min(0)),
            conversion("cnv-1", min(10)),
            conversion("cnv-2", min(20)),
            // names its click: no place among the conversions a later click may take over
            conversion("cnv-named", min(25)).with("click_id", "clk-a"),
            // arrives after both: better than clk-a for each, but cnv-1 is no longer among the
            // user's latest one conversion without a click_id, so it keeps the credit it has
            clickWithoutImpression("clk-b", min(10).minusSeconds(3)).with("campaign_id", "cmp-b"));

    assertThat(conversionOutcome(truth, "cnv-1").clickId()).contains("clk-a");
    assertThat(conversionOutcome(truth, "cnv-2").clickId()).contains("clk-b");
    assertThat(minute(truth, "cmp-a", min(10)).conversions()).isEqualTo(1);
    assertThat(minute(truth, "cmp-b", min(20)).conversions()).isEqualTo(1);
    assertThat(truth.alerts())
        .as("clk-b never held cnv-1's credit, 3 s after it")
        .noneMatch(alert -> alert.rule().equals(ExpectedAlert.CLICK_INJECTION));
  }

  @Test
  void everyRecordIsAccountedForExactlyOnce() {
    Rec impression = impression("imp-1", min(0));
    GroundTruth truth =
        evaluate(
            impression,
            impression,
            Rec.campaignUpdate("e-c", min(0)),
            impression("imp-2", min(0)).with("cost_micros", -5),
            semStats("e-s", min(70), 3));

    GroundTruth.RecordCounts counts = truth.records();
    assertThat(counts.received())
        .isEqualTo(counts.accepted() + counts.duplicates() + counts.quarantined());
    assertThat(counts.acceptedByType())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("impression", 1L, "campaign_update", 1L, "sem_stats", 1L));
    assertThat(counts.quarantinedByReason())
        .containsExactlyEntriesOf(java.util.Map.of("negative_money:cost_micros", 1L));
  }

  private static Rec[] flood(
      String prefix,
      int clicks,
      Duration minute,
      java.util.function.IntFunction<String> device,
      java.util.function.IntFunction<String> ip) {
    Rec[] records = new Rec[clicks];
    for (int i = 0; i < clicks; i++) {
      records[i] =
          clickWithoutImpression(prefix + i, minute.plusSeconds(i))
              .with("device_id", device.apply(i))
              .with("ip", ip.apply(i));
    }
    return records;
  }

  static GroundTruth evaluate(Rec... records) {
    return evaluate(AdstreamConfig.defaults(), (Object[]) records);
  }

  /** Evaluates the records in order; an element may also be an array of records (a burst). */
  private static GroundTruth evaluate(AdstreamConfig config, Object... records) {
    List<byte[]> lines =
        Arrays.stream(records)
            .flatMap(
                r ->
                    r instanceof Rec[] many
                        ? Arrays.stream(many)
                        : java.util.stream.Stream.of((Rec) r))
            .map(Rec::bytes)
            .toList();
    return TruthEvaluator.builder()
        .config(config)
        .crawlers(CRAWLERS)
        .processingTime(T0.plus(Duration.ofDays(30)))
        .build()
        .evaluate(lines);
  }

  private static ClickOutcome clickOutcome(GroundTruth truth, String clickId) {
    return truth.clicks().stream()
        .filter(c -> c.clickId().equals(clickId))
        .findFirst()
        .orElseThrow();
  }

  private static ConversionOutcome conversionOutcome(GroundTruth truth, String conversionId) {
    return truth.conversions().stream()
        .filter(c -> c.conversionId().equals(conversionId))
        .findFirst()
        .orElseThrow();
  }

  private static CampaignMinute minute(GroundTruth truth, String campaignId, Duration at) {
    Instant minute = ExpectedAlert.minuteOf(T0.plus(at).toEpochMilli());
    Optional<CampaignMinute> found =
        truth.campaignMinutes().stream()
            .filter(m -> m.campaignId().equals(campaignId) && m.minute().equals(minute))
            .findFirst();
    return found.orElseThrow(
        () -> new AssertionError("no aggregate for " + campaignId + " at " + minute));
  }
}
