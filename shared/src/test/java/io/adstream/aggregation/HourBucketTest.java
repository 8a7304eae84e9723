package io.adstream.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folding deltas into hour items: each minute's hour, every minute of it summed per campaign. */
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
    assertThat(HourBucketKey.of(first))
        .isEqualTo(new HourBucketKey(first.bucket(), noonHour, "shard-1"));
    assertThat(HourBucketKey.of(last))
        .as("12:59 is still noon's hour")
        .isEqualTo(HourBucketKey.of(first));
    assertThat(HourBucketKey.of(next).epochHour()).isEqualTo(noonHour + 1);
    assertThat(HourBucketKey.of(new MinuteBucketKey(0, -1, "s")).epochHour())
        .as("floored before the epoch too")
        .isEqualTo(-1);
  }

  @Test
  void anHourSumsEveryDeltaOfItsMinutesPerCampaign() {
    HourBucket hour =
        HourBucket.EMPTY
            .plus(
                List.of(
                    delta("cmp-a", NOON, Measures.impression(1_000)),
                    delta("cmp-b", NOON.plusSeconds(600), Measures.impression(2_000))))
            .plus(
                List.of(
                    delta("cmp-a", NOON.plusSeconds(3_540), Measures.validClick(250_000)),
                    delta("cmp-a", NOON.plusSeconds(60), Measures.duplicate())));

    assertThat(hour.byCampaign()).containsOnlyKeys("cmp-a", "cmp-b");
    assertThat(hour.byCampaign().get("cmp-a"))
        .isEqualTo(new Measures(1, 1, 0, 251_000, 0, 0, 1, 0));
    assertThat(hour.byCampaign().get("cmp-b")).isEqualTo(Measures.impression(2_000));
    assertThat(HourBucket.EMPTY.byCampaign()).as("plus leaves its argument alone").isEmpty();
  }

  @Test
  void anHourEqualsTheSumOfItsMinuteBuckets() {
    List<AggregateDelta> deltas =
        List.of(
            delta("cmp-a", NOON, Measures.impression(1_000)),
            delta("cmp-a", NOON.plusSeconds(120), Measures.impression(3_000)),
            delta("cmp-a", NOON.plusSeconds(120), new Measures(0, -1, 1, -250_000, 0, 0, 0, 0)),
            delta("cmp-c", NOON.plusSeconds(1_800), Measures.conversion(9_000_000)));
    Measures minutesOfA = Measures.ZERO;
    for (AggregateDelta delta : deltas) {
      MinuteBucket minute = MinuteBucket.EMPTY.plus(List.of(delta));
      minutesOfA = minutesOfA.plus(minute.byCampaign().getOrDefault("cmp-a", Measures.ZERO));
    }

    HourBucket hour = HourBucket.EMPTY.plus(deltas);

    assertThat(hour.byCampaign().get("cmp-a"))
        .isEqualTo(minutesOfA)
        .isEqualTo(new Measures(2, -1, 1, -246_000, 0, 0, 0, 0));
    assertThat(hour.byCampaign().get("cmp-c")).isEqualTo(Measures.conversion(9_000_000));
  }

  private static AggregateDelta delta(String campaign, Instant at, Measures measures) {
    return new AggregateDelta(CampaignMinute.of(campaign, at), measures);
  }
}
