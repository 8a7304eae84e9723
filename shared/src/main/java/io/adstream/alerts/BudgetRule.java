package io.adstream.alerts;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.config.AlertSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * budget_overrun: a campaign's spend (cost_micros) in a UTC day of event time exceeds the daily
 * budget of its latest campaign_update. budget_pacing: at the end of a minute before {@code
 * pacingUntilDayFraction} of that day, its spend so far exceeds both {@code minBudgetFraction} of
 * the budget and {@code pacingFactor} times the budget's share of the day gone by. One alert of
 * each per campaign and day.
 */
public final class BudgetRule {
  public static final String OVERRUN = "budget_overrun";
  public static final String PACING = "budget_pacing";
  private static final long DAY_MILLIS = ScheduledWindows.DAY.toMillis();

  private final AlertSettings.Budget settings;

  public BudgetRule(AlertSettings.Budget settings) {
    this.settings = settings;
  }

  /**
   * @param minutes every minute of the days judged (from the first day's start)
   * @param days the starts of the UTC days to judge
   * @param budgets daily budget per campaign, in micros
   * @param now minutes ending after it are not complete and take no part in pacing
   */
  public List<Alert> evaluate(
      SortedMap<CampaignMinute, Measures> minutes,
      List<Instant> days,
      Map<String, Long> budgets,
      Instant now) {
    List<Alert> alerts = new ArrayList<>();
    for (Instant day : days) {
      long from = day.toEpochMilli();
      long pacingEnd = from + (long) (settings.pacingUntilDayFraction() * DAY_MILLIS);
      String campaign = null;
      long spend = 0;
      boolean paced = false;
      for (Map.Entry<CampaignMinute, Measures> entry : minutes.entrySet()) {
        long start = entry.getKey().start().toEpochMilli();
        if (start < from
            || start >= from + DAY_MILLIS
            || !budgets.containsKey(entry.getKey().campaignId())) {
          continue;
        }
        if (!entry.getKey().campaignId().equals(campaign)) {
          overrun(campaign, spend, budgets, day, now).ifPresent(alerts::add);
          campaign = entry.getKey().campaignId();
          spend = 0;
          paced = false;
        }
        spend = Measures.saturatedSum(spend, entry.getValue().costMicros());
        long end = start + 60_000L;
        long budget = budgets.get(campaign);
        if (!paced
            && end <= pacingEnd
            && end <= now.toEpochMilli()
            && budget > 0
            && spend > settings.minBudgetFraction() * budget
            && spend > settings.pacingFactor() * budget * (end - from) / DAY_MILLIS) {
          paced = true;
          alerts.add(
              Alert.of(
                  PACING,
                  settings.pacingSeverity(),
                  ScheduledWindows.campaignSubject(campaign),
                  Optional.of(campaign),
                  day,
                  day.plus(ScheduledWindows.DAY),
                  now,
                  Map.of(
                      "spend_micros",
                      spend,
                      "budget_micros",
                      budget,
                      "elapsed_minutes",
                      (end - from) / 60_000L,
                      "pacing_factor",
                      settings.pacingFactor())));
        }
      }
      overrun(campaign, spend, budgets, day, now).ifPresent(alerts::add);
    }
    return alerts;
  }

  private Optional<Alert> overrun(
      String campaign, long spend, Map<String, Long> budgets, Instant day, Instant now) {
    if (campaign == null || spend <= budgets.get(campaign)) {
      return Optional.empty();
    }
    return Optional.of(
        Alert.of(
            OVERRUN,
            settings.overrunSeverity(),
            ScheduledWindows.campaignSubject(campaign),
            Optional.of(campaign),
            day,
            day.plus(ScheduledWindows.DAY),
            now,
            Map.of("spend_micros", spend, "budget_micros", budgets.get(campaign))));
  }
}
