package io.adstream.alerts;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.config.AlertSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * anomaly: a campaign minute with at least {@code minImpressions} impressions whose CTR (clicks per
 * impression) or spend lies more than {@code sigmas} deviations from the campaign's baseline. The
 * baseline of minute m runs over the campaign's minutes with at least {@code minImpressions}
 * impressions among the {@code 3 × warmupMinutes} minutes before m, oldest first: mean μ and
 * variance v start at the first value and 0, and each next value x moves them by d = x − μ: μ +=
 * α·d, v = (1 − α)·(v + α·d²). A minute is judged when at least {@code warmupMinutes} minutes built
 * its baseline. Anchored to m, not to when the check runs, so every run judges a minute alike.
 */
public final class AnomalyRule {
  public static final String RULE = "anomaly";

  private final AlertSettings.Anomaly settings;

  public AnomalyRule(AlertSettings.Anomaly settings) {
    this.settings = settings;
  }

  /** How far before a judged minute its baseline reaches. */
  public long baselineMinutes() {
    return 3L * settings.warmupMinutes();
  }

  /**
   * @param minutes every minute from {@link #baselineMinutes()} before {@code judgeFrom}
   * @param now minutes ending after it are not complete and not judged
   */
  public List<Alert> evaluate(
      SortedMap<CampaignMinute, Measures> minutes, Instant judgeFrom, Instant now) {
    Map<String, NavigableMap<Long, Measures>> byCampaign = new TreeMap<>();
    minutes.forEach(
        (at, measures) -> {
          if (measures.impressions() >= settings.minImpressions()) {
            byCampaign
                .computeIfAbsent(at.campaignId(), c -> new TreeMap<>())
                .put(at.epochMinute(), measures);
          }
        });
    long firstJudged = Math.floorDiv(judgeFrom.toEpochMilli() + 59_999L, 60_000L);
    long lastJudged = Math.floorDiv(now.toEpochMilli(), 60_000L) - 1;
    List<Alert> alerts = new ArrayList<>();
    byCampaign.forEach(
        (campaign, qualifying) ->
            qualifying
                .subMap(firstJudged, true, lastJudged, true)
                .forEach(
                    (minute, measures) ->
                        judge(
                                campaign,
                                minute,
                                measures,
                                qualifying.subMap(minute - baselineMinutes(), true, minute, false),
                                now)
                            .ifPresent(alerts::add)));
    return alerts;
  }

  private Optional<Alert> judge(
      String campaign,
      long minute,
      Measures measures,
      SortedMap<Long, Measures> baseline,
      Instant now) {
    if (baseline.size() < settings.warmupMinutes()) {
      return Optional.empty();
    }
    Ewma ctr = new Ewma(settings.alpha());
    Ewma spend = new Ewma(settings.alpha());
    baseline
        .values()
        .forEach(
            m -> {
              ctr.add(ctr(m));
              spend.add(m.costMicros());
            });
    double ctrNow = ctr(measures);
    boolean anomalous =
        ctr.deviates(ctrNow, settings.sigmas())
            || spend.deviates(measures.costMicros(), settings.sigmas());
    if (!anomalous) {
      return Optional.empty();
    }
    Instant start = Instant.ofEpochSecond(minute * 60);
    return Optional.of(
        Alert.of(
            RULE,
            settings.severity(),
            ScheduledWindows.campaignSubject(campaign),
            Optional.of(campaign),
            start,
            start.plusSeconds(60),
            now,
            Map.of(
                "impressions",
                measures.impressions(),
                "ctr",
                ctrNow,
                "ctr_baseline",
                ctr.mean,
                "ctr_sigma",
                Math.sqrt(ctr.variance),
                "spend_micros",
                measures.costMicros(),
                "spend_baseline_micros",
                spend.mean,
                "spend_sigma_micros",
                Math.sqrt(spend.variance),
                "sigmas",
                settings.sigmas())));
  }

  private static double ctr(Measures m) {
    return (double) m.clicks() / m.impressions();
  }

  /** Exponentially weighted mean and variance. */
  private static final class Ewma {
    private final double alpha;
    private boolean started;
    private double mean;
    private double variance;

    Ewma(double alpha) {
      this.alpha = alpha;
    }

    void add(double x) {
      if (!started) {
        started = true;
        mean = x;
        return;
      }
      double d = x - mean;
      mean += alpha * d;
      variance = (1 - alpha) * (variance + alpha * d * d);
    }

    boolean deviates(double x, double sigmas) {
      return Math.abs(x - mean) > sigmas * Math.sqrt(variance);
    }
  }
}
