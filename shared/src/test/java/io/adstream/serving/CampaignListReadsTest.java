package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The campaign list sums a whole day: many requests within a second share one read of it. */
class CampaignListReadsTest {
  private final AtomicInteger dayReads = new AtomicInteger();
  private final ManualClock clock = new ManualClock();

  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final AggregateReader aggregates =
      new AggregateReader() {
        @Override
        public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
          return new TreeMap<>();
        }

        @Override
        public SortedMap<CampaignMinute, Measures> minutes(
            String campaignId, Instant from, Instant to) {
          return new TreeMap<>();
        }

        @Override
        public SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to) {
          return new TreeMap<>();
        }

        @Override
        public Map<String, Measures> totals(Instant from, Instant to) {
          dayReads.incrementAndGet();
          return Map.of("cmp-1", Measures.impression(dayReads.get()));
        }
      };

  private final ServingApi api =
      ServingApi.builder()
          .aggregates(aggregates)
          .alerts((since, rule, campaign, limit) -> List.of())
          .features((entity, token) -> Optional.empty())
          .campaigns(TreeMap::new)
          .clock(clock)
          .build();

  @Test
  void requestsWithinASecondShareOneReadOfTheDayAndALaterOneReadsAgain() {
    for (int i = 0; i < 100; i++) {
      assertThat(api.handle(ApiRequest.get("/v1/campaigns", Map.of())).status()).isEqualTo(200);
    }
    assertThat(dayReads).hasValue(1);

    clock.advance(Duration.ofMillis(1_001));
    String body = api.handle(ApiRequest.get("/v1/campaigns", Map.of())).body();

    assertThat(dayReads).hasValue(2);
    assertThat(body).contains("\"cost_micros\":2");
  }
}
