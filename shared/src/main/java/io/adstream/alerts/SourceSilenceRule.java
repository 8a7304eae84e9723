package io.adstream.alerts;

import io.adstream.config.AlertSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * source_silence: a source's last event lies more than its silence period ({@code after}, or its
 * entry in {@code afterBySource}) behind the event-time frontier (the latest event of any source),
 * or its last arrival that much behind the clock. Judged only when its events span at least the
 * period and their rate — (events − 1) over that span — predicts at least {@code minExpectedEvents}
 * events in it. One alert per silence: its window starts at the last event, so a source that
 * resumes and stops again raises a new one.
 */
public final class SourceSilenceRule {
  public static final String RULE = "source_silence";

  private final AlertSettings.SourceSilence settings;

  public SourceSilenceRule(AlertSettings.SourceSilence settings) {
    this.settings = settings;
  }

  public List<Alert> evaluate(SourceActivity activity, Instant now) {
    List<Alert> alerts = new ArrayList<>();
    Optional<Instant> frontier = activity.frontier();
    activity
        .bySource()
        .forEach(
            (source, stats) -> {
              Duration period = settings.after(source);
              long after = period.toMillis();
              long span =
                  stats.lastEventTime().toEpochMilli() - stats.firstEventTime().toEpochMilli();
              double expected = span < after ? 0 : (double) (stats.events() - 1) * after / span;
              long behindFrontier =
                  frontier.orElseThrow().toEpochMilli() - stats.lastEventTime().toEpochMilli();
              long behindClock = now.toEpochMilli() - stats.lastArrival().toEpochMilli();
              long silent = Math.max(behindFrontier, behindClock);
              if (expected >= settings.minExpectedEvents() && silent > after) {
                alerts.add(
                    Alert.of(
                        RULE,
                        settings.severity(),
                        "source:" + source,
                        Optional.empty(),
                        stats.lastEventTime(),
                        stats.lastEventTime().plus(period),
                        now,
                        Map.of(
                            "silent_ms",
                            silent,
                            "after_ms",
                            after,
                            "expected_events",
                            Math.floor(expected),
                            "events",
                            stats.events())));
              }
            });
    return alerts;
  }
}
