package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;

/**
 * Thresholds, windows and severities of the alert rules (guarantee 6 (docs/guarantees.md)). Click
 * flood, bot and click injection are judged as events arrive; orphan clicks, budget, anomaly and
 * source silence by the scheduled check ({@link ScheduledCheck}), which also sees what does not
 * arrive. docs/semantics.md defines each rule.
 */
public record AlertSettings(
    ClickFlood clickFlood,
    BotTraffic botTraffic,
    ClickInjection clickInjection,
    OrphanClicks orphanClicks,
    Budget budget,
    Anomaly anomaly,
    SourceSilence sourceSilence,
    ScheduledCheck scheduledCheck) {

  public static AlertSettings defaults() {
    return new AlertSettings(
        new ClickFlood(30, Severity.HIGH),
        new BotTraffic(Duration.ofHours(1), Severity.MEDIUM),
        new ClickInjection(Duration.ofSeconds(10), Severity.HIGH),
        new OrphanClicks(0.2, 20, Severity.MEDIUM),
        new Budget(0.5, 0.25, 1.5, Severity.HIGH, Severity.MEDIUM),
        new Anomaly(0.2, 4.0, 200, 30, Severity.MEDIUM),
        new SourceSilence(
            Duration.ofMinutes(15),
            20,
            java.util.Map.of(
                "campaign-manager", Duration.ofDays(1),
                "sem-google-ads", Duration.ofHours(3),
                "sem-microsoft-ads", Duration.ofHours(3)),
            Severity.HIGH),
        new ScheduledCheck(Duration.ofMinutes(1), Duration.ofHours(3)));
  }

  public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
  }

  /**
   * More than {@code maxClicksPerMinute} clicks from one device or IP token in one event-time
   * minute makes every click of that minute invalid (retroactively: clicks counted valid before the
   * threshold was crossed are moved to invalid_clicks) and raises an alert.
   */
  public record ClickFlood(int maxClicksPerMinute, Severity severity) {
    public ClickFlood {
      require(
          maxClicksPerMinute >= 1,
          "alerts.clickFlood.maxClicksPerMinute must be at least 1, was " + maxClicksPerMinute);
    }
  }

  /**
   * A click whose user agent is on the crawler list; one alert per device token and event-time
   * {@code window}, aligned on the epoch (a crawler clicks all day: one alert a minute was noise).
   */
  public record BotTraffic(Duration window, Severity severity) {
    public BotTraffic {
      // a divisor of a day, so the windows fall on the same clock times every UTC day; checked
      // against a day first so that toNanos cannot overflow
      require(
          window.compareTo(Duration.ofMinutes(1)) >= 0
              && window.compareTo(Duration.ofDays(1)) <= 0
              && Duration.ofDays(1).toNanos() % window.toNanos() == 0,
          "alerts.botTraffic.window must be positive, at least 1 minute and divide a day evenly"
              + " (e.g. PT15M, PT1H, P1D), was "
              + window);
    }
  }

  /** A conversion credited to a click at most {@code maxDelay} before it: people take longer. */
  public record ClickInjection(Duration maxDelay, Severity severity) {
    public ClickInjection {
      requireBetween(
          maxDelay,
          Duration.ofSeconds(1),
          Duration.ofMinutes(10),
          "alerts.clickInjection.maxDelay");
    }
  }

  /**
   * More than {@code maxRate} of a campaign's clicks in an event-time hour had no impression, with
   * at least {@code minClicks} clicks; judged once the allowed lateness after the hour has passed,
   * when no impression can join them any more.
   */
  public record OrphanClicks(double maxRate, int minClicks, Severity severity) {
    public OrphanClicks {
      require(
          maxRate > 0 && maxRate < 1,
          "alerts.orphanClicks.maxRate must be between 0 and 1, was " + maxRate);
      require(minClicks >= 1, "alerts.orphanClicks.minClicks must be at least 1, was " + minClicks);
    }
  }

  /**
   * A campaign's spend today (UTC) passes its daily budget (from campaign_update): {@code
   * overrunSeverity}. Pacing: before {@code pacingUntilDayFraction} of the day has passed, spend
   * above {@code pacingFactor} times the budget's pro-rata share (and above {@code
   * minBudgetFraction} of the budget): {@code pacingSeverity}.
   */
  public record Budget(
      double pacingUntilDayFraction,
      double minBudgetFraction,
      double pacingFactor,
      Severity overrunSeverity,
      Severity pacingSeverity) {
    public Budget {
      require(
          pacingUntilDayFraction > 0 && pacingUntilDayFraction <= 1,
          "alerts.budget.pacingUntilDayFraction must be in (0, 1], was " + pacingUntilDayFraction);
      require(
          minBudgetFraction >= 0 && minBudgetFraction < 1,
          "alerts.budget.minBudgetFraction must be in [0, 1), was " + minBudgetFraction);
      require(pacingFactor > 1, "alerts.budget.pacingFactor must be above 1, was " + pacingFactor);
    }
  }

  /**
   * A campaign's per-minute CTR or spend more than {@code sigmas} standard deviations from its own
   * rolling baseline (EWMA with weight {@code alpha} and its exponentially weighted deviation), on
   * minutes with at least {@code minImpressions} impressions, once {@code warmupMinutes} such
   * minutes among the {@code 3 × warmupMinutes} before have built the baseline.
   */
  public record Anomaly(
      double alpha, double sigmas, int minImpressions, int warmupMinutes, Severity severity) {
    public Anomaly {
      require(alpha > 0 && alpha < 1, "alerts.anomaly.alpha must be between 0 and 1, was " + alpha);
      require(sigmas > 0, "alerts.anomaly.sigmas must be positive, was " + sigmas);
      require(
          minImpressions >= 1,
          "alerts.anomaly.minImpressions must be at least 1, was " + minImpressions);
      require(
          warmupMinutes >= 2,
          "alerts.anomaly.warmupMinutes must be at least 2, was " + warmupMinutes);
    }
  }

  /**
   * No event from a source for longer than {@code after} (or its entry in {@code afterBySource}):
   * behind the latest event time of any source (the others go on, this one stopped), or behind the
   * clock by arrival time (nothing arrives at all). Judged only for a source whose events span at
   * least that period and whose rate ((events − 1) over that span) predicts at least {@code
   * minExpectedEvents} events in it: a trickle or a burst is quiet for minutes by nature. Reports
   * that come hourly and campaign logs get longer periods.
   */
  public record SourceSilence(
      Duration after,
      int minExpectedEvents,
      java.util.Map<String, Duration> afterBySource,
      Severity severity) {
    public SourceSilence {
      requireBetween(
          after, Duration.ofMinutes(1), Duration.ofDays(1), "alerts.sourceSilence.after");
      require(
          minExpectedEvents >= 1,
          "alerts.sourceSilence.minExpectedEvents must be at least 1, was " + minExpectedEvents);
      afterBySource = java.util.Map.copyOf(afterBySource);
      afterBySource.forEach(
          (source, period) ->
              requireBetween(
                  period,
                  Duration.ofMinutes(1),
                  Duration.ofDays(1),
                  "alerts.sourceSilence.afterBySource." + source));
    }

    /** The silence period of one source. */
    public Duration after(String source) {
      return afterBySource.getOrDefault(source, after);
    }
  }

  /**
   * The scheduled check of orphan clicks, budgets, anomalies and source silence: an EventBridge
   * schedule at {@code rate} in AWS, after the stream is drained locally. Each run judges the event
   * time of the last {@code lookback} (budgets: the whole UTC days it touches); alert ids make
   * re-judging harmless.
   */
  public record ScheduledCheck(Duration rate, Duration lookback) {
    public ScheduledCheck {
      requireBetween(
          rate, Duration.ofMinutes(1), Duration.ofHours(1), "alerts.scheduledCheck.rate");
      require(
          rate.toSeconds() % 60 == 0,
          "alerts.scheduledCheck.rate must be whole minutes, was " + rate);
      requireBetween(
          lookback, Duration.ofHours(1), Duration.ofDays(2), "alerts.scheduledCheck.lookback");
    }
  }
}
