package io.adstream.alerts;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.config.AlertSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * orphan_clicks: more than {@code maxRate} of a campaign's clicks in an event-time hour have no
 * impression, with at least {@code minClicks} clicks. An hour is judged once the allowed lateness
 * after it has passed: then no impression can join its clicks any more.
 */
public final class OrphanClickRule {
  public static final String RULE = "orphan_clicks";
  private static final Duration HOUR = Duration.ofHours(1);

  private final AlertSettings.OrphanClicks settings;
  private final Duration allowedLateness;

  public OrphanClickRule(AlertSettings.OrphanClicks settings, Duration allowedLateness) {
    this.settings = settings;
    this.allowedLateness = allowedLateness;
  }

  /**
   * @param judgeFrom hours from the one containing this instant are judged
   * @param asOf the later of the clock and the event-time frontier
   */
  public List<Alert> evaluate(
      SortedMap<CampaignMinute, Measures> minutes, Instant judgeFrom, Instant asOf, Instant now) {
    Instant firstHour = ScheduledWindows.floor(judgeFrom, HOUR);
    Instant finalBefore = asOf.minus(allowedLateness);
    record CampaignHour(String campaignId, Instant hour) {}
    Map<CampaignHour, Measures> hours =
        new TreeMap<>(
            java.util.Comparator.comparing(CampaignHour::campaignId)
                .thenComparing(CampaignHour::hour));
    minutes.forEach(
        (at, measures) -> {
          Instant hour = ScheduledWindows.floor(at.start(), HOUR);
          if (!hour.isBefore(firstHour) && !hour.plus(HOUR).isAfter(finalBefore)) {
            hours.merge(new CampaignHour(at.campaignId(), hour), measures, Measures::plus);
          }
        });
    List<Alert> alerts = new ArrayList<>();
    hours.forEach(
        (key, sum) -> {
          long clicks = sum.clicks() + sum.invalidClicks();
          if (clicks >= settings.minClicks() && sum.orphanClicks() > settings.maxRate() * clicks) {
            alerts.add(
                Alert.of(
                    RULE,
                    settings.severity(),
                    ScheduledWindows.campaignSubject(key.campaignId()),
                    Optional.of(key.campaignId()),
                    key.hour(),
                    key.hour().plus(HOUR),
                    now,
                    Map.of(
                        "clicks",
                        clicks,
                        "orphan_clicks",
                        sum.orphanClicks(),
                        "max_rate",
                        settings.maxRate())));
          }
        });
    return alerts;
  }
}
