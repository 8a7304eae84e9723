package io.adstream.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Folding deltas into hour items: each minute's hour; the closed minutes in the hour item, the open
 * one in its minute item, and together every minute of the hour.
 */
class HourBucketTest {
  private static final Instant NOON = Instant.parse("2025-03-10T12:00:00Z");

  @Test
  void aMinuteRollsUpIntoItsOwnHourOfTheSameBucketAndShard() {
    MinuteBucketKey first = MinuteBucketKey.of(CampaignMinute.of("cmp-a", NOON), "shard-1", 4);
    MinuteBucketKey last =
        MinuteBucketKey.of(
            CampaignMinute.of("cmp-a", NOON.plusSeconds(59 * 60 + 59)), "shard-1", 4);
    MinuteBucketKey next =
        MinuteBucketKey.of(CampaignMinute.of("cmp-a", NOON.plusSeconds(3_600)), "shard-1", 4);

    long noonHour = NOON.getEpochSecond() / 3_600;
    assertThat(HourBucketKey.of(first, "cmp-a", 16))
        .isEqualTo(new HourBucketKey(HourBucketKey.bucketOf("cmp-a", 4, 16), noonHour, "shard-1"));
    assertThat(HourBucketKey.of(last, "cmp-a", 16))
        .as("12:59 is still noon's hour")
        .isEqualTo(HourBucketKey.of(first, "cmp-a", 16));
    assertThat(HourBucketKey.of(next, "cmp-a", 16).epochHour()).isEqualTo(noonHour + 1);
    assertThat(HourBucketKey.of(new MinuteBucketKey(0, -1, "s"), "cmp-a", 16).epochHour())
        .as("floored before the epoch too")
        .isEqualTo(-1);
  }

  @Test
  void aMinuteBucketsCampaignsSplitOverItsHourItemsEachInExactlyOne() {
    int minuteBuckets = 4;
    int split = 16;
    MinuteBucketKey minute = new MinuteBucketKey(1, NOON.getEpochSecond() / 60, "shard-1");
    Map<HourBucketKey, Integer> campaignsPerHourItem = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String campaign = "cmp-" + i;
      if (MinuteBucketKey.bucketOf(campaign, minuteBuckets) != minute.bucket()) {
        continue;
      }
      HourBucketKey hour = HourBucketKey.of(minute, campaign, split);
      assertThat(hour.minuteBucket(split))
          .as("%s rolls up from the minute bucket it is in", campaign)
          .isEqualTo(minute.bucket());
      assertThat(hour.holds(campaign, split)).isTrue();
      assertThat(hour.bucket()).isEqualTo(HourBucketKey.bucketOf(campaign, minuteBuckets, split));
      campaignsPerHourItem.merge(hour, 1, Integer::sum);
    }
    // 5,000 campaigns numbered in sequence, of one minute bucket: 16 hour items of about 310 each
    assertThat(campaignsPerHourItem).hasSize(16);
    assertThat(campaignsPerHourItem.values()).allSatisfy(n -> assertThat(n).isBetween(250, 380));
  }

  @Test
  void batchesWithinTheOpenMinuteLeaveTheHourAsItIs() {
    HourBucket first =
        HourBucket.EMPTY.plus(
            List.of(
                delta("cmp-a", NOON, Measures.impression(1_000)),
                delta("cmp-b", NOON.plusSeconds(600), Measures.impression(2_000))),
            NO_MINUTE_READ);
    // the latest minute is open: its measures are in its minute item only
    assertThat(first.open()).hasValue(openAt(NOON.plusSeconds(600)));
    assertThat(first.closed()).containsExactly(Map.entry("cmp-a", Measures.impression(1_000)));

    HourBucket second =
        first.plus(
            List.of(delta("cmp-b", NOON.plusSeconds(610), Measures.impression(4_000))),
            NO_MINUTE_READ);
    assertThat(second).as("unchanged: no write").isEqualTo(first);
  }

  @Test
  void whenALaterMinuteOpensTheOneThatClosesIsFoldedInFromItsMinuteItem() {
    HourBucket open = opened(NOON.plusSeconds(60));
    MinuteBucket closing =
        MinuteBucket.EMPTY.plus(
            List.of(
                delta("cmp-a", NOON.plusSeconds(60), Measures.impression(1_000)),
                delta("cmp-a", NOON.plusSeconds(61), Measures.impression(3_000))));

    HourBucket next =
        open.plus(
            List.of(
                delta("cmp-a", NOON.plusSeconds(90), Measures.impression(3_000)),
                delta("cmp-a", NOON.plusSeconds(125), Measures.impression(8_000))),
            minutes -> {
              assertThat(minutes).containsExactly(minuteOf(NOON.plusSeconds(60)));
              return List.of(Optional.of(closing));
            });

    assertThat(next.open()).hasValue(openAt(NOON.plusSeconds(125)));
    assertThat(next.closed())
        .as("the closing minute as its item holds it (this batch's delta to it included), once")
        .containsExactly(Map.entry("cmp-a", new Measures(2, 0, 0, 4_000, 0, 0, 0, 0)));
    assertThat(open.open())
        .as("plus leaves its argument alone")
        .hasValue(openAt(NOON.plusSeconds(60)));
  }

  @Test
  void aLateDeltaToAClosedMinuteGoesIntoTheHourDirectly() {
    HourBucket open = opened(NOON.plusSeconds(600));
    HourBucket late =
        open.plus(List.of(delta("cmp-a", NOON, Measures.validClick(250_000))), NO_MINUTE_READ);

    assertThat(late.open()).isEqualTo(open.open());
    assertThat(late.closed()).containsExactly(Map.entry("cmp-a", Measures.validClick(250_000)));
  }

  @Test
  void aMinuteItemHoldingRecordsNotReachedYetStaysOpenWithEveryLaterMinute() {
    HourBucket open = opened(NOON.plusSeconds(60));
    HourBucket next =
        open.plus(
            List.of(delta("cmp-a", NOON.plusSeconds(180), Measures.impression(2_000))),
            minutes -> minutes.stream().map(m -> Optional.<MinuteBucket>empty()).toList());

    assertThat(next.closed()).isEmpty();
    assertThat(next.open())
        .hasValue(
            new HourBucket.OpenMinutes(
                minuteOf(NOON.plusSeconds(60)), minuteOf(NOON.plusSeconds(180))));

    HourBucket later =
        next.plus(
            List.of(delta("cmp-a", NOON.plusSeconds(200), Measures.impression(4_000))),
            minutes ->
                minutes.stream()
                    .map(
                        m ->
                            Optional.of(
                                m == minuteOf(NOON.plusSeconds(60))
                                    ? MinuteBucket.EMPTY.plus(
                                        List.of(
                                            delta(
                                                "cmp-a",
                                                NOON.plusSeconds(60),
                                                Measures.impression(1_000))))
                                    : MinuteBucket.EMPTY))
                    .toList());
    assertThat(later.open()).hasValue(openAt(NOON.plusSeconds(180)));
    assertThat(later.closed()).containsExactly(Map.entry("cmp-a", Measures.impression(1_000)));
  }

  @Test
  void anItemWrittenBeforeOpenMinutesGoesOnSummingEveryDelta() {
    HourBucket legacy =
        new HourBucket(
            new TreeMap<>(Map.of("cmp-a", Measures.impression(1_000))), Optional.empty());
    HourBucket next =
        legacy.plus(
            List.of(
                delta("cmp-a", NOON.plusSeconds(60), Measures.impression(2_000)),
                delta("cmp-a", NOON.plusSeconds(120), Measures.impression(4_000))),
            NO_MINUTE_READ);

    assertThat(next.open()).isEmpty();
    assertThat(next.closed())
        .containsExactly(Map.entry("cmp-a", new Measures(3, 0, 0, 7_000, 0, 0, 0, 0)));
    assertThat(HourBucket.EMPTY.holdsEveryMinute()).as("a new item opens minutes").isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void anHourWithItsOpenMinuteEqualsTheSumOfItsMinuteItems(long seed) {
    Random random = new Random(seed);
    Map<Long, MinuteBucket> minutes = new HashMap<>();
    HourBucket hour = HourBucket.EMPTY;
    int writes = 0;
    int batches = 300;
    long frontier = 0;
    for (int b = 0; b < batches; b++) {
      List<AggregateDelta> deltas = new ArrayList<>();
      for (int i = random.nextInt(1, 6); i > 0; i--) {
        // mostly the frontier minute, sometimes the next, now and then an earlier one (late)
        int roll = random.nextInt(10);
        long minute =
            roll < 7
                ? frontier
                : roll < 9 ? Math.min(59, frontier + 1) : random.nextLong(frontier + 1);
        frontier = Math.max(frontier, minute);
        deltas.add(
            delta(
                "cmp-" + random.nextInt(3),
                NOON.plusSeconds(minute * 60),
                new Measures(1, random.nextInt(2), 0, random.nextLong(1, 1_000_000), 0, 0, 0, 0)));
      }
      // the minute items as this batch leaves them
      Map<Long, List<AggregateDelta>> byMinute = new HashMap<>();
      deltas.forEach(
          d -> byMinute.computeIfAbsent(d.at().epochMinute(), m -> new ArrayList<>()).add(d));
      byMinute.forEach(
          (minute, ds) -> minutes.merge(minute, MinuteBucket.EMPTY.plus(ds), (a, x) -> a.plus(ds)));
      HourBucket next =
          hour.plus(
              deltas,
              asked ->
                  asked.stream()
                      .map(minute -> Optional.of(minutes.getOrDefault(minute, MinuteBucket.EMPTY)))
                      .toList());
      if (!next.equals(hour)) {
        writes++;
      }
      hour = next;
    }

    TreeMap<String, Measures> sum = new TreeMap<>();
    minutes
        .values()
        .forEach(m -> m.byCampaign().forEach((c, x) -> sum.merge(c, x, Measures::plus)));
    List<MinuteBucket> open =
        hour.open()
            .orElseThrow()
            .minutes()
            .mapToObj(m -> minutes.getOrDefault(m, MinuteBucket.EMPTY))
            .toList();
    assertThat(hour.withOpen(open)).isEqualTo(sum);
    assertThat(writes)
        .as("written when a minute closes or a late delta arrives, not for every batch")
        .isLessThan(batches / 2);
  }

  private static final HourBucket.MinuteItems NO_MINUTE_READ =
      minutes -> {
        throw new AssertionError("no minute closes here, so none is read, was " + minutes);
      };

  /** A new hour item whose first batch put 1,000 micros of cmp-a impression at {@code at}. */
  private static HourBucket opened(Instant at) {
    return HourBucket.EMPTY.plus(
        List.of(delta("cmp-a", at, Measures.impression(1_000))), NO_MINUTE_READ);
  }

  private static HourBucket.OpenMinutes openAt(Instant at) {
    return new HourBucket.OpenMinutes(minuteOf(at), minuteOf(at));
  }

  private static long minuteOf(Instant at) {
    return at.getEpochSecond() / 60;
  }

  private static AggregateDelta delta(String campaign, Instant at, Measures measures) {
    return new AggregateDelta(CampaignMinute.of(campaign, at), measures);
  }
}
