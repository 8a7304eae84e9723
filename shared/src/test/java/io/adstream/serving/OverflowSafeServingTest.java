package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Whatever the aggregates hold, the API answers 200 with numbers, never an overflow. */
class OverflowSafeServingTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Measures HUGE =
      new Measures(Long.MAX_VALUE, 3, 0, Long.MAX_VALUE - 1, 3, Long.MAX_VALUE, 0, 0);

  /**
   * Two minutes of one campaign whose sums pass 2^63, and their hour as the processor rolls it up.
   */
  private static final class HugeAggregates implements AggregateReader {
    @Override
    public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
      SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
      minutes.put(CampaignMinute.of("cmp-huge", NOW.minusSeconds(600)), HUGE);
      minutes.put(CampaignMinute.of("cmp-huge", NOW.minusSeconds(300)), HUGE);
      return minutes;
    }

    @Override
    public SortedMap<CampaignMinute, Measures> minutes(
        String campaignId, Instant from, Instant to) {
      return minutes(from, to);
    }

    @Override
    public SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to) {
      SortedMap<Instant, Measures> hours = new TreeMap<>();
      minutes(from, to)
          .forEach(
              (at, m) -> hours.merge(at.start().truncatedTo(ChronoUnit.HOURS), m, Measures::plus));
      return hours;
    }
  }

  private final ServingApi api =
      ServingApi.builder()
          .aggregates(new HugeAggregates())
          .alerts((since, rule, campaign, limit) -> java.util.List.of())
          .features((entity, token) -> Optional.empty())
          .campaigns(TreeMap::new)
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .build();

  @Test
  void sumsSaturateInsteadOfFailing() {
    Measures sum = HUGE.plus(HUGE);

    assertThat(sum.costMicros()).isEqualTo(Long.MAX_VALUE);
    assertThat(sum.clicks()).isEqualTo(6);
    assertThat(HUGE.negate().plus(HUGE.negate()).costMicros()).isEqualTo(Long.MIN_VALUE);
    assertThat(new Measures(0, 0, 0, Long.MIN_VALUE, 0, 0, 0, 0).negate().costMicros())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void metricsAndTheCampaignListAnswer200ForACampaignWhoseSumsPassTheRangeOfALong()
      throws Exception {
    ApiResponse metrics =
        api.handle(ApiRequest.get("/v1/campaigns/cmp-huge/metrics", Map.of("granularity", "hour")));
    ApiResponse list = api.handle(ApiRequest.get("/v1/campaigns", Map.of()));

    assertThat(metrics.status()).isEqualTo(200);
    JsonNode totals = ServingApi.JSON.readTree(metrics.body()).path("totals");
    assertThat(totals.path("cost_micros").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(totals.path("cpa_micros").asLong()).isEqualTo(Long.MAX_VALUE / 6);
    assertThat(list.status()).isEqualTo(200);
    assertThat(
            ServingApi.JSON
                .readTree(list.body())
                .path("campaigns")
                .get(0)
                .path("today")
                .path("impressions")
                .asLong())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void costPerAcquisitionRoundsHalfUpWithoutOverflow() {
    assertThat(MeasuresJson.roundedHalfUp(7, 2)).isEqualTo(4);
    assertThat(MeasuresJson.roundedHalfUp(5, 3)).isEqualTo(2);
    assertThat(MeasuresJson.roundedHalfUp(4, 3)).isEqualTo(1);
    assertThat(MeasuresJson.roundedHalfUp(Long.MAX_VALUE, 2)).isEqualTo(Long.MAX_VALUE / 2 + 1);
    assertThat(MeasuresJson.roundedHalfUp(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(1);
  }
}
