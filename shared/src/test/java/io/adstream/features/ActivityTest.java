package io.adstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivityTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  /** One click or conversion; the order events arrive in must not matter. */
  private record Event(Instant time, boolean click) {}

  @Test
  void featuresCountTheLastHourDayAndWeekWhateverTheOrderOfArrival() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      // events over ten days, some in bursts within a minute, so that pruning drops minutes and
      // conversions as the latest time moves on
      List<Event> events = new ArrayList<>();
      boolean clicksOnly = trial % 2 == 0; // nothing else then makes the activity drop old minutes
      int count = 1 + random.nextInt(60);
      for (int i = 0; i < count; i++) {
        long minute = random.nextInt(3) == 0 ? 14_000 : random.nextInt(14_400);
        Instant time = START.plusSeconds(minute * 60 + random.nextInt(60));
        events.add(new Event(time, clicksOnly || random.nextInt(3) > 0));
      }
      Optional<FeatureVector> expected = recompute(events);
      for (int order = 0; order < 3; order++) {
        Collections.shuffle(events, random);
        Activity activity = Activity.NONE;
        for (Event event : events) {
          activity =
              event.click()
                  ? activity.withClick(event.time())
                  : activity.withConversion(event.time());
        }

        assertThat(activity.features()).as("trial %d, order %d", trial, order).isEqualTo(expected);
      }
    }
  }

  /** The features by their definitions, from all the events at once. */
  private static Optional<FeatureVector> recompute(List<Event> events) {
    Instant now = events.stream().map(Event::time).max(Instant::compareTo).orElseThrow();
    long nowMinute = Activity.epochMinute(now);
    long clicks1h = 0;
    long clicks24h = 0;
    long conversions7d = 0;
    Optional<Instant> lastClick = Optional.empty();
    for (Event event : events) {
      long minute = Activity.epochMinute(event.time());
      if (event.click()) {
        clicks1h += minute > nowMinute - 60 ? 1 : 0;
        clicks24h += minute > nowMinute - 1_440 ? 1 : 0;
        lastClick =
            Optional.of(lastClick.filter(t -> t.isAfter(event.time())).orElse(event.time()));
      } else {
        conversions7d += event.time().isAfter(now.minus(Duration.ofDays(7))) ? 1 : 0;
      }
    }
    return Optional.of(new FeatureVector(now, clicks1h, clicks24h, lastClick, conversions7d));
  }
}
