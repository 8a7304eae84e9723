package io.adstream.processing;

import static io.adstream.testing.TestEvents.at;
import static io.adstream.testing.TestEvents.campaignUpdate;
import static io.adstream.testing.TestEvents.click;
import static io.adstream.testing.TestEvents.conversion;
import static io.adstream.testing.TestEvents.impression;
import static io.adstream.testing.TestEvents.semStats;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.Measures;
import io.adstream.alerts.Alert;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionEvent.ClickAttribution;
import io.adstream.attribution.AttributionEvent.ClickOutcome;
import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.Decision;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimStore.CommitResult;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.event.Impression;
import io.adstream.testing.StageHarness;
import io.adstream.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatefulStageTest {
  private final StageHarness harness = new StageHarness();
  private static final Duration WINDOW = Duration.ofHours(1);

  private static Decision decisionOf(StatefulStage.Result result, int index) {
    return ((Outcome.Accepted) List.copyOf(result.outcomes().values()).get(index)).decision();
  }

  @Nested
  class ClickToImpression {
    @Test
    void clickAfterItsImpressionIsAttributed() {
      harness.run(impression("i1", "c1", "u1", at(0), 1_000));
      StatefulStage.Result result =
          harness.run(click("k1", Optional.of("i1"), "c1", "u1", at(30), 250_000));

      assertThat(((Decision.ClickDecision) decisionOf(result, 0)).join())
          .isEqualTo(new ClickJoin.Attributed("i1"));
      assertThat(harness.total("c1", at(0))).isEqualTo(new Measures(1, 1, 0, 251_000, 0, 0, 0, 0));
    }

    @Test
    void aClickCountsAsOrphanUntilAnImpressionJoinsIt() {
      harness.run(
          click("k1", Optional.of("i1"), "c1", "u1", at(30), 250_000),
          click("k2", Optional.of("i2"), "c1", "u2", at(31), 0));
      assertThat(harness.total("c1", at(30)).orphanClicks()).as("both pending").isEqualTo(2);

      harness.run(impression("i1", "c1", "u1", at(0), 1_000));
      assertThat(harness.total("c1", at(30)).orphanClicks())
          .as("the pending click joined")
          .isEqualTo(1);
    }

    @Test
    void aClickNamingNoImpressionIsUntrackedTrafficNotAnOrphan() {
      harness.run(click("k1", Optional.empty(), "c1", "u1", at(30), 250_000));

      assertThat(harness.total("c1", at(30))).isEqualTo(Measures.validClick(250_000));
    }

    @Test
    void clickBeforeItsImpressionWaitsAndTheImpressionCompletesTheJoin() {
      StatefulStage.Result clicked =
          harness.run(click("k1", Optional.of("i1"), "c1", "u1", at(30), 250_000));
      StatefulStage.Result impressed = harness.run(impression("i1", "c1", "u1", at(0), 1_000));

      assertThat(((Decision.ClickDecision) decisionOf(clicked, 0)).join())
          .isEqualTo(new ClickJoin.Pending("i1"));
      assertThat(impressed.attributions())
          .singleElement()
          .isInstanceOfSatisfying(
              ClickAttribution.class,
              a -> {
                assertThat(a.clickId()).isEqualTo("k1");
                assertThat(a.outcome()).isEqualTo(ClickOutcome.ATTRIBUTED);
              });
    }

    @Test
    void bothOrdersInOneBatchJoin() {
      StatefulStage.Result result =
          harness.run(
              click("k1", Optional.of("i1"), "c1", "u1", at(30), 0),
              impression("i1", "c1", "u1", at(0), 0),
              impression("i2", "c1", "u1", at(40), 0),
              click("k2", Optional.of("i2"), "c1", "u1", at(50), 0));

      assertThat(result.firstFailed()).isEmpty();
      assertThat(result.attributions())
          .filteredOn(
              a -> a instanceof ClickAttribution c && c.outcome() == ClickOutcome.ATTRIBUTED)
          .extracting(a -> ((ClickAttribution) a).clickId())
          .containsExactlyInAnyOrder("k1", "k2");
    }

    @Test
    void theWindowIncludesItsEdgeAndNotOneMillisecondMore() {
      Instant impressionTime = at(0);
      harness.run(impression("i1", "c1", "u1", impressionTime, 0));
      StatefulStage.Result result =
          harness.run(
              click("edge", Optional.of("i1"), "c1", "u1", impressionTime.plus(WINDOW), 0),
              click(
                  "past",
                  Optional.of("i1"),
                  "c1",
                  "u1",
                  impressionTime.plus(WINDOW).plusMillis(1),
                  0));

      assertThat(((Decision.ClickDecision) decisionOf(result, 0)).join())
          .isEqualTo(new ClickJoin.Attributed("i1"));
      assertThat(((Decision.ClickDecision) decisionOf(result, 1)).join())
          .isEqualTo(new ClickJoin.Orphan(ClickJoin.OrphanReason.OUTSIDE_WINDOW));
    }

    @Test
    void theWindowEdgeHoldsWhenTheClickArrivesFirst() {
      // the impression arrives a whole window behind the watermark: allow that much lateness
      StageHarness harness =
          new StageHarness(
              AdstreamConfig.withOverrides("{\"windows\":{\"allowedLateness\":\"PT2H\"}}"));
      Instant impressionTime = at(0);
      harness.run(
          click("edge", Optional.of("i1"), "c1", "u1", impressionTime.plus(WINDOW), 0),
          click(
              "past", Optional.of("i2"), "c1", "u1", impressionTime.plus(WINDOW).plusMillis(1), 0));
      StatefulStage.Result result =
          harness.run(
              impression("i1", "c1", "u1", impressionTime, 0),
              impression("i2", "c1", "u1", impressionTime, 0));

      assertThat(result.attributions())
          .extracting(
              a -> ((ClickAttribution) a).clickId() + ":" + ((ClickAttribution) a).outcome())
          .containsExactlyInAnyOrder("edge:ATTRIBUTED", "past:ORPHAN");
    }
  }

  @Nested
  class Dedup {
    @Test
    void aResendIsADuplicateCountedAgainstItsCampaign() {
      Impression impression = impression("i1", "c1", "u1", at(0), 1_000);
      harness.run(impression);
      StatefulStage.Result result = harness.run(impression);

      assertThat(result.outcomes().values()).containsExactly(new Outcome.Duplicate("e-i1"));
      assertThat(harness.total("c1", at(0))).isEqualTo(new Measures(1, 0, 0, 1_000, 0, 0, 1, 0));
    }

    @Test
    void theSameKeyWithOtherContentIsAConflictAndChangesNothing() {
      harness.run(impression("i1", "c1", "u1", at(0), 1_000));
      StatefulStage.Result result = harness.run(impression("i1", "c1", "u1", at(0), 9_999));

      assertThat(result.outcomes().values()).containsExactly(new Outcome.Conflict("e-i1"));
      assertThat(harness.total("c1", at(0))).isEqualTo(Measures.impression(1_000));
    }

    @Test
    void aRedeliveredBatchReplaysItsDecisionsAndChangesNothing() {
      StatefulStage stage = harness.stage();
      List<StageHarness.Staged> batch =
          harness.batch(
              "shard-1",
              impression("i1", "c1", "u1", at(0), 1_000),
              click("k1", Optional.of("i1"), "c1", "u1", at(5), 300),
              conversion("v1", Optional.of("k1"), "u1", at(60), 5_000_000));
      stage.process(batch);
      var before = harness.totals();

      StatefulStage.Result again = stage.process(batch);

      assertThat(again.outcomes().values())
          .allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Accepted.class));
      assertThat(again.outcomes().values()).allMatch(o -> ((Outcome.Accepted) o).replay());
      assertThat(harness.totals()).isEqualTo(before);
      assertThat(harness.total("c1", at(60))).isEqualTo(Measures.conversion(5_000_000));
    }

    @Test
    void anExpiredClaimIsIgnoredWhateverTheTableStillHolds() {
      Impression impression = impression("i1", "c1", "u1", at(0), 1_000);
      harness.run(impression);
      harness.advanceClock(harness.config.windows().dedupWindow().plusSeconds(1));

      StatefulStage.Result result = harness.run(impression);

      assertThat(List.copyOf(result.outcomes().values()).get(0))
          .isInstanceOf(Outcome.Accepted.class);
    }
  }

  @Nested
  class Lateness {
    @Test
    void anEventBehindTheWatermarkByMoreThanTheLatenessIsCountedButNotJoined() {
      harness.run(
          impression("i1", "c1", "u1", at(0), 100), impression("i9", "c1", "u2", at(10_000), 100));
      StatefulStage.Result result =
          harness.run(click("k1", Optional.of("i1"), "c1", "u1", at(10), 500));

      Decision.ClickDecision decision = (Decision.ClickDecision) decisionOf(result, 0);
      assertThat(decision.late()).isTrue();
      assertThat(decision.join()).isEqualTo(new ClickJoin.Late());
      assertThat(harness.total("c1", at(10))).isEqualTo(new Measures(1, 1, 0, 600, 0, 0, 0, 0));
    }

    @Test
    void anEventExactlyAtTheLatenessIsNotLate() {
      Duration lateness = harness.config.windows().allowedLateness();
      harness.run(impression("i9", "c1", "u2", at(0).plus(lateness), 0));
      StatefulStage.Result result = harness.run(impression("i1", "c1", "u1", at(0), 0));

      assertThat(decisionOf(result, 0).late()).isFalse();
    }
  }

  @Nested
  class ConversionToClick {
    @Test
    void aConversionWaitingForItsClickIsCreditedWhenTheClickArrives() {
      StatefulStage.Result converted =
          harness.run(conversion("v1", Optional.of("k1"), "u1", at(600), 7_000_000));
      harness.run(click("k1", Optional.empty(), "c2", "u1", at(60), 100));

      assertThat(((Decision.ConversionDecision) decisionOf(converted, 0)).join())
          .isEqualTo(new ConversionJoin.PendingClick("k1"));
      assertThat(harness.total("c2", at(600))).isEqualTo(Measures.conversion(7_000_000));
    }

    @Test
    void aLaterArrivingBetterLastClickTakesTheCreditOver() {
      harness.run(click("k1", Optional.empty(), "early", "u1", at(10), 0));
      harness.run(conversion("v1", Optional.empty(), "u1", at(300), 2_000_000));
      assertThat(harness.total("early", at(300))).isEqualTo(Measures.conversion(2_000_000));

      harness.run(click("k2", Optional.empty(), "later", "u1", at(200), 0));

      assertThat(harness.total("early", at(300))).isEqualTo(Measures.ZERO);
      assertThat(harness.total("later", at(300))).isEqualTo(Measures.conversion(2_000_000));
    }

    @Test
    void aClickAfterTheConversionTakesNothing() {
      harness.run(click("k1", Optional.empty(), "early", "u1", at(10), 0));
      harness.run(conversion("v1", Optional.empty(), "u1", at(300), 2_000_000));
      harness.run(click("k2", Optional.empty(), "later", "u1", at(301), 0));

      assertThat(harness.total("early", at(300))).isEqualTo(Measures.conversion(2_000_000));
    }

    @Test
    void botClicksAreInvalidAndEarnNoCredit() {
      harness.run(
          TestEvents.click("k1", Optional.empty(), "c1", "u1", at(10), 900, StageHarness.BOT_AGENT),
          conversion("v1", Optional.empty(), "u1", at(120), 1_000));

      assertThat(harness.total("c1", at(10))).isEqualTo(Measures.invalidClick());
      assertThat(harness.total("c1", at(120))).isEqualTo(Measures.ZERO);
    }
  }

  @Nested
  class CampaignsAndReports {
    @Test
    void aSearchAdsRestatementReplacesAndAnOlderOneArrivingLaterIsIgnored() {
      harness.run(semStats("s1", "c1", at(3600), 10));
      harness.run(semStats("s3", "c1", at(7200), 30));
      harness.run(semStats("s2", "c1", at(5400), 20));

      assertThat(harness.campaigns.semRows().values())
          .singleElement()
          .satisfies(row -> assertThat(row.clicks()).isEqualTo(30));
    }

    @Test
    void theLatestCampaignUpdateWins() {
      harness.run(
          campaignUpdate("u2", "c1", at(60), 2_000), campaignUpdate("u1", "c1", at(0), 1_000));

      assertThat(harness.campaigns.settings().get("c1").dailyBudgetMicros()).isEqualTo(2_000);
    }
  }

  @Nested
  class PartialFailure {
    @Test
    void aRecordThatCannotCommitStopsTheBatchThereAndTheRetryCompletesIt() {
      AtomicBoolean failOnce = new AtomicBoolean(true);
      StatefulStage flaky =
          harness.stage(
              store ->
                  new DelegatingClaimStore(store) {
                    @Override
                    public CommitResult commit(ClaimWrite write, Instant now) {
                      if (write.key().equals(DedupKey.impression("i2"))
                          && failOnce.getAndSet(false)) {
                        throw new IllegalStateException("throttled");
                      }
                      return super.commit(write, now);
                    }
                  });
      List<StageHarness.Staged> batch =
          harness.batch(
              "shard-1",
              impression("i1", "c1", "u1", at(0), 10),
              impression("i2", "c1", "u1", at(1), 20),
              impression("i3", "c1", "u1", at(2), 40));

      StatefulStage.Result first = flaky.process(batch);
      assertThat(first.firstFailed()).containsSame(batch.get(1));
      assertThat(harness.total("c1", at(0))).isEqualTo(Measures.impression(10));

      flaky.process(batch.subList(1, 3));
      assertThat(harness.total("c1", at(0))).isEqualTo(new Measures(3, 0, 0, 70, 0, 0, 0, 0));
    }
  }

  @Nested
  class FloodsAndAlerts {
    private final StageHarness floods =
        new StageHarness(
            AdstreamConfig.withOverrides(
                "{\"alerts\":{\"clickFlood\":{\"maxClicksPerMinute\":3}}}"));

    private io.adstream.event.Click clickFrom(String id, String device, String ip, long atSecond) {
      return new io.adstream.event.Click(
          TestEvents.envelope("e-" + id, io.adstream.event.EventType.CLICK, at(atSecond)),
          id,
          Optional.empty(),
          "c1",
          "ad-1",
          "u-" + id,
          device,
          ip,
          "Mozilla/5.0",
          100,
          "USD");
    }

    @Test
    void aFloodMovesEveryClickOfItsMinuteToInvalidIncludingThoseBilledBeforeIt() {
      floods.run(
          clickFrom("k1", "d1", "ip-a", 1),
          clickFrom("k2", "d1", "ip-b", 2),
          clickFrom("k3", "d1", "ip-c", 3));
      assertThat(floods.total("c1", at(0))).isEqualTo(new Measures(0, 3, 0, 300, 0, 0, 0, 0));

      StatefulStage.Result result = floods.run(clickFrom("k4", "d1", "ip-d", 4));

      assertThat(floods.total("c1", at(0))).isEqualTo(new Measures(0, 0, 4, 0, 0, 0, 0, 0));
      assertThat(result.alerts())
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.rule()).isEqualTo("click_flood");
                assertThat(alert.subject()).isEqualTo("device:d1");
                assertThat(alert.evidence()).containsEntry("clicks", 4L);
              });
      assertThat(result.attributions())
          .filteredOn(a -> a instanceof AttributionEvent.ClickInvalidation)
          .hasSize(3);
    }

    @Test
    void aClickInADeviceFloodAndAnIpFloodAtOnceIsMovedToInvalidOnce() {
      floods.run(
          clickFrom("k1", "d1", "ip-a", 1),
          clickFrom("k2", "d1", "ip-a", 2),
          clickFrom("k3", "d1", "ip-a", 3));

      floods.run(clickFrom("k4", "d1", "ip-a", 4));

      assertThat(floods.total("c1", at(0))).isEqualTo(new Measures(0, 0, 4, 0, 0, 0, 0, 0));
    }

    @Test
    void aRedeliveredFloodBatchRetractsNothingTwiceAndRaisesTheSameAlert() {
      floods.run(
          clickFrom("k1", "d1", "ip-a", 1),
          clickFrom("k2", "d1", "ip-b", 2),
          clickFrom("k3", "d1", "ip-c", 3));
      StatefulStage stage = floods.stage();
      List<StageHarness.Staged> batch = floods.batch("shard-9", clickFrom("k4", "d1", "ip-d", 4));
      StatefulStage.Result first = stage.process(batch);

      StatefulStage.Result again = stage.process(batch);

      assertThat(floods.total("c1", at(0))).isEqualTo(new Measures(0, 0, 4, 0, 0, 0, 0, 0));
      assertThat(again.alerts())
          .extracting(io.adstream.alerts.Alert::id)
          .isEqualTo(first.alerts().stream().map(io.adstream.alerts.Alert::id).toList());
    }

    @Test
    void aDevicesFloodGroupsLiveInItsFeatureItemAndAnIpsInTheirOwn() {
      floods.run(clickFrom("k1", "d1", "ip-a", 1), clickFrom("k2", "d1", "ip-a", 62));

      long minute = Math.floorDiv(at(1).toEpochMilli(), 60_000L);
      assertThat(floods.devices.snapshot().get("d1").value().floods())
          .containsOnlyKeys(minute, minute + 1)
          .allSatisfy((m, group) -> assertThat(group.clicks()).isEqualTo(1));
      assertThat(floods.floods.snapshot().keySet())
          .allSatisfy(key -> assertThat(key.kind()).isEqualTo(io.adstream.alerts.FloodKey.Kind.IP))
          .hasSize(2);
    }

    @Test
    void aLateClickCountsTowardsNoFloodAndNoFloodMakesItInvalid() {
      Duration lateness = floods.config.windows().allowedLateness();
      floods.run(
          clickFrom("k1", "d1", "ip-a", 1),
          clickFrom("k2", "d1", "ip-a", 2),
          clickFrom("k3", "d1", "ip-a", 3));
      // the shard moves on past the lateness; more clicks of the first minute arrive late
      floods.run(clickFrom("k9", "d9", "ip-z", 1 + lateness.toSeconds() + 60));

      StatefulStage.Result result =
          floods.run(clickFrom("k4", "d1", "ip-a", 4), clickFrom("k5", "d1", "ip-a", 5));

      assertThat(decisionOf(result, 0).late()).isTrue();
      assertThat(((Decision.ClickDecision) decisionOf(result, 0)).flooded()).isFalse();
      assertThat(result.alerts()).noneMatch(alert -> alert.rule().equals("click_flood"));
      assertThat(floods.total("c1", at(0))).isEqualTo(new Measures(0, 5, 0, 500, 0, 0, 0, 0));
    }

    @Test
    void aFloodedClickKeepsTheConversionItWasCreditedWith() {
      floods.run(
          clickFrom("k1", "d1", "ip-a", 1),
          TestEvents.conversion("v1", Optional.of("k1"), "u-k1", at(120), 5_000));

      floods.run(
          clickFrom("k2", "d1", "ip-b", 2),
          clickFrom("k3", "d1", "ip-c", 3),
          clickFrom("k4", "d1", "ip-d", 4));

      assertThat(floods.total("c1", at(120))).isEqualTo(Measures.conversion(5_000));
    }

    @Test
    void aCrawlerDeviceRaisesOneBotAlertPerHourNotPerMinute() {
      // each click its own batch, as on the stream; the alerts table publishes each id once
      List<Alert> raised =
          java.util.stream.Stream.of(at(60), at(1_260), at(3_540), at(3_600 + 120))
              .flatMap(time -> harness.run(botClick(time)).alerts().stream())
              .toList();

      assertThat(raised).extracting(Alert::rule).containsOnly("bot_click");
      assertThat(raised.stream().map(Alert::id).distinct())
          .as("three minutes of one hour, then the next hour")
          .containsExactly(
              "bot_click|device:dev-u1|" + at(0).toEpochMilli(),
              "bot_click|device:dev-u1|" + at(3_600).toEpochMilli());
      assertThat(raised.get(0).windowEnd()).isEqualTo(at(3_600));
    }

    @Test
    void theBotAlertWindowComesFromTheConfiguration() {
      StageHarness quarterHours =
          new StageHarness(
              AdstreamConfig.withOverrides("{\"alerts\":{\"botTraffic\":{\"window\":\"PT15M\"}}}"));

      List<Alert> raised =
          java.util.stream.Stream.of(at(60), at(1_260))
              .flatMap(time -> quarterHours.run(botClick(time)).alerts().stream())
              .toList();

      assertThat(raised).extracting(Alert::windowStart).containsExactly(at(0), at(900));
    }

    private static io.adstream.event.Click botClick(Instant time) {
      return TestEvents.click(
          "k" + time.getEpochSecond(),
          Optional.empty(),
          "c1",
          "u1",
          time,
          0,
          StageHarness.BOT_AGENT);
    }

    @Test
    void aConversionSecondsAfterItsClickIsAClickInjection() {
      harness.run(click("k1", Optional.empty(), "c1", "u1", at(0), 0));

      StatefulStage.Result quick =
          harness.run(conversion("v1", Optional.of("k1"), "u1", at(0).plusSeconds(3), 1_000));
      StatefulStage.Result human =
          harness.run(conversion("v2", Optional.of("k1"), "u1", at(0).plusSeconds(90), 1_000));

      assertThat(quick.alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("click_injection");
                assertThat(a.subject()).isEqualTo("click:k1");
              });
      assertThat(human.alerts()).isEmpty();
    }
  }

  /** Forwards every call; tests override one. */
  static class DelegatingClaimStore implements ClaimStore {
    private final ClaimStore delegate;

    DelegatingClaimStore(ClaimStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public java.util.Map<DedupKey, io.adstream.dedup.ClaimItem> readClaims(
        java.util.Collection<DedupKey> keys) {
      return delegate.readClaims(keys);
    }

    @Override
    public CommitResult commit(ClaimWrite write, Instant now) {
      return delegate.commit(write, now);
    }

    @Override
    public Optional<io.adstream.dedup.Claim> invalidate(
        DedupKey click, io.adstream.stream.SourcePosition by) {
      return delegate.invalidate(click, by);
    }
  }
}
