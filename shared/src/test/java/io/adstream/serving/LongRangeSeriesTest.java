package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.event.AdEvent;
import io.adstream.testing.InMemoryAggregateReader;
import io.adstream.testing.StageHarness;
import io.adstream.testing.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long ranges from the hour items the stage rolls up: 40 days by hour and by day, served in one
 * request, each point the sum of the minutes it spans; and the ranges each granularity takes, a 400
 * naming the parameter beyond them, never a 500.
 */
class LongRangeSeriesTest {
  private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");
  private static final Instant START = END.minus(Duration.ofDays(40));

  private final StageHarness harness = new StageHarness();
  private final AtomicInteger minuteReads = new AtomicInteger();
  private final AtomicInteger hourReads = new AtomicInteger();
  private ServingApi api;

  @BeforeEach
  void process40DaysOfTrafficOnTwoShards() {
    List<AdEvent> events =
        TestEvents.spread(START.plusSeconds(13), END, Duration.ofMinutes(97), "cmp-a", "cmp-b");
    for (int from = 0; from < events.size(); from += 50) {
      String shard = "shardId-00000000000" + (from / 50 % 2);
      harness
          .stage()
          .process(
              harness.batch(
                  shard,
                  events
                      .subList(from, Math.min(from + 50, events.size()))
                      .toArray(AdEvent[]::new)));
    }
    AggregateReader items = new InMemoryAggregateReader(harness);
    AggregateReader counted =
        new AggregateReader() {
          @Override
          public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
            minuteReads.incrementAndGet();
            return items.minutes(from, to);
          }

          @Override
          public SortedMap<CampaignMinute, Measures> minutes(
              String campaignId, Instant from, Instant to) {
            minuteReads.incrementAndGet();
            return items.minutes(campaignId, from, to);
          }

          @Override
          public SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to) {
            hourReads.incrementAndGet();
            return items.hours(campaignId, from, to);
          }
        };
    api =
        ServingApi.builder()
            .aggregates(counted)
            .alerts((since, rule, campaign, limit) -> List.of())
            .features((entity, token) -> Optional.empty())
            .campaigns(TreeMap::new)
            .clock(Clock.fixed(END, ZoneOffset.UTC))
            .build();
  }

  @Test
  void fortyDaysByHourAreServedFromHourItemsAndEqualTheSumOfTheMinutes() throws Exception {
    JsonNode series =
        ok(Map.of("granularity", "hour", "from", START.toString(), "to", END.toString()));

    assertThat(series.get("points")).hasSize(40 * 24);
    assertThat(hourReads.get()).as("hour items read").isEqualTo(1);
    assertThat(minuteReads.get()).as("minute items read").isZero();
    Map<Instant, Measures> expected = minutesSummed("cmp-a", Duration.ofHours(1));
    assertThat(expected).hasSizeGreaterThan(250);
    Map<Instant, Measures> served = new TreeMap<>();
    for (JsonNode point : series.get("points")) {
      Measures measures = measuresOf(point);
      if (!measures.isZero()) {
        served.put(Instant.parse(point.get("start").asText()), measures);
      }
    }
    assertThat(served).isEqualTo(expected);
    assertThat(measuresOf(series.get("totals")))
        .isEqualTo(expected.values().stream().reduce(Measures.ZERO, Measures::plus));
  }

  @Test
  void fortyDaysByDayAreTheSameHoursSummedPerUtcDay() throws Exception {
    JsonNode series =
        ok(Map.of("granularity", "day", "from", START.toString(), "to", END.toString()));

    assertThat(series.get("points")).hasSize(40);
    Map<Instant, Measures> expected = minutesSummed("cmp-a", Duration.ofDays(1));
    for (JsonNode point : series.get("points")) {
      assertThat(measuresOf(point))
          .as(point.get("start").asText())
          .isEqualTo(
              expected.getOrDefault(Instant.parse(point.get("start").asText()), Measures.ZERO));
    }
    assertThat(minuteReads.get()).isZero();
  }

  @Test
  void eachGranularityServesItsLongestRangeAndAnswers400PastIt() throws Exception {
    Instant to = END;
    assertThat(
            ok(Map.of(
                    "granularity",
                    "minute",
                    "from",
                    to.minus(Duration.ofDays(7)).toString(),
                    "to",
                    to.toString()))
                .get("points"))
        .hasSize(7 * 1440);
    assertThat(
            ok(Map.of(
                    "granularity",
                    "hour",
                    "from",
                    to.minus(Duration.ofDays(92)).toString(),
                    "to",
                    to.toString()))
                .get("points"))
        .hasSize(92 * 24);
    assertThat(
            ok(Map.of(
                    "granularity",
                    "day",
                    "from",
                    to.minus(Duration.ofDays(732)).toString(),
                    "to",
                    to.toString()))
                .get("points"))
        .hasSize(732);
    assertThat(
            ok(Map.of(
                    "granularity",
                    "day",
                    "from",
                    "2023-03-10T12:00:00Z",
                    "to",
                    "2025-03-10T12:00:00Z"))
                .get("points"))
        .as("two years whose ends round outwards")
        .hasSize(732);

    assertBadParameter(
        Map.of(
            "granularity",
            "minute",
            "from",
            to.minus(Duration.ofDays(7)).minusSeconds(60).toString(),
            "to",
            to.toString()),
        "to",
        "7 days");
    assertBadParameter(
        Map.of(
            "granularity",
            "hour",
            "from",
            to.minus(Duration.ofDays(92)).minusSeconds(3_600).toString(),
            "to",
            to.toString()),
        "to",
        "92 days");
    assertBadParameter(
        Map.of(
            "granularity",
            "day",
            "from",
            to.minus(Duration.ofDays(733)).toString(),
            "to",
            to.toString()),
        "to",
        "732 days");
  }

  @Test
  void rangesAtTheEdgesOfTimeAnswerWithoutFailing() throws Exception {
    assertThat(
            ok(Map.of(
                    "granularity",
                    "day",
                    "from",
                    "0000-01-01T00:00:00Z",
                    "to",
                    "0001-12-31T00:00:00Z"))
                .get("points"))
        .hasSize(730);
    assertThat(
            ok(Map.of(
                    "granularity",
                    "hour",
                    "from",
                    "9999-12-01T00:00:00Z",
                    "to",
                    "9999-12-31T23:00:00Z"))
                .get("points"))
        .hasSize(30 * 24 + 23);
    assertThat(
            ok(Map.of(
                    "granularity",
                    "hour",
                    "from",
                    "1969-12-31T22:00:00Z",
                    "to",
                    "1970-01-01T02:00:00Z"))
                .get("points"))
        .hasSize(4);
    assertBadParameter(
        Map.of("granularity", "hour", "from", "2025-03-10T13:00:00Z", "to", "2025-03-10T12:00:00Z"),
        "from",
        "before");
  }

  /** The campaign's minutes as the minute items hold them, summed per UTC hour or day. */
  private Map<Instant, Measures> minutesSummed(String campaign, Duration step) {
    Map<Instant, Measures> summed = new TreeMap<>();
    harness
        .totals()
        .forEach(
            (at, measures) -> {
              if (at.campaignId().equals(campaign)) {
                long stepSeconds = step.toSeconds();
                summed.merge(
                    Instant.ofEpochSecond(
                        Math.floorDiv(at.start().getEpochSecond(), stepSeconds) * stepSeconds),
                    measures,
                    Measures::plus);
              }
            });
    summed.values().removeIf(Measures::isZero);
    return summed;
  }

  private static Measures measuresOf(JsonNode json) {
    return new Measures(
        json.get("impressions").asLong(),
        json.get("clicks").asLong(),
        json.get("invalid_clicks").asLong(),
        json.get("cost_micros").asLong(),
        json.get("conversions").asLong(),
        json.get("conversion_value_micros").asLong(),
        0,
        0);
  }

  private JsonNode ok(Map<String, String> query) throws Exception {
    ApiResponse response = api.handle(ApiRequest.get("/v1/campaigns/cmp-a/metrics", query));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return ServingApi.JSON.readTree(response.body());
  }

  private void assertBadParameter(Map<String, String> query, String parameter, String says)
      throws Exception {
    ApiResponse response = api.handle(ApiRequest.get("/v1/campaigns/cmp-a/metrics", query));
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    JsonNode body = ServingApi.JSON.readTree(response.body());
    assertThat(body.get("message").asText()).startsWith(parameter + ":").contains(says);
  }
}
