package io.adstream.generator.truth;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.truth.GroundTruth.AttributedBy;
import io.adstream.generator.truth.GroundTruth.CampaignMinute;
import io.adstream.generator.truth.GroundTruth.ClickAttribution;
import io.adstream.generator.truth.GroundTruth.ClickOutcome;
import io.adstream.generator.truth.GroundTruth.ConversionAttribution;
import io.adstream.generator.truth.GroundTruth.ConversionOutcome;
import io.adstream.generator.truth.GroundTruth.DuplicateRecord;
import io.adstream.generator.truth.GroundTruth.LateEvent;
import io.adstream.generator.truth.GroundTruth.QuarantinedRecord;
import io.adstream.generator.truth.GroundTruth.RecordCounts;
import io.adstream.generator.truth.GroundTruth.SemStatsRow;
import io.adstream.generator.truth.RecordCheck.Rejected;
import io.adstream.generator.truth.RecordCheck.Valid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the ground truth of a delivered record sequence by plain in-memory code, following
 * docs/semantics.md and sharing nothing with the pipeline. Lateness uses one global watermark over
 * the delivery order. Dedup claims expire when a record's event time is more than
 * windows.dedupWindow after the claiming record's. Last-click attribution follows each user's
 * records in delivery order, within the bounds on what a user keeps (state.maxClicksPerUser,
 * state.maxConversionsPerUser).
 *
 * <pre>{@code
 * GroundTruth truth = TruthEvaluator.builder()
 *     .config(AdstreamConfig.defaults())
 *     .processingTime(end)
 *     .build()
 *     .evaluate(lines);
 * }</pre>
 */
public final class TruthEvaluator {
  private final AdstreamConfig config;
  private final CrawlerList crawlers;
  private final Instant processingTime;
  private final Instant alertCheckTime;

  private TruthEvaluator(Builder builder) {
    if (builder.processingTime == null) {
      throw new IllegalStateException(
          "a TruthEvaluator needs the processing time (for future_event_time)");
    }
    this.config = builder.config;
    this.crawlers = builder.crawlers == null ? CrawlerList.load() : builder.crawlers;
    this.processingTime = builder.processingTime;
    this.alertCheckTime =
        builder.alertCheckTime == null ? builder.processingTime : builder.alertCheckTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  private record Claim(long fingerprint, long eventTime) {}

  private record Impression(String impressionId, long time, boolean late) {}

  private record Click(
      int line,
      String clickId,
      Optional<String> impressionId,
      String campaignId,
      String userId,
      String deviceId,
      String ip,
      String userAgent,
      long time,
      long costMicros,
      boolean late) {}

  private record Conversion(
      int line,
      String conversionId,
      Optional<String> clickId,
      String userId,
      long time,
      long valueMicros,
      boolean late) {}

  private record MinuteKey(String campaignId, long minute) implements Comparable<MinuteKey> {
    @Override
    public int compareTo(MinuteKey other) {
      int byCampaign = campaignId.compareTo(other.campaignId);
      return byCampaign != 0 ? byCampaign : Long.compare(minute, other.minute);
    }
  }

  /** Mutable sums of one campaign minute. */
  private static final class Sums {
    long impressions;
    long clicks;
    long invalidClicks;
    long costMicros;
    long conversions;
    long conversionValueMicros;
    long duplicates;
    long orphanClicks;
  }

  /** The better last click: later, ties to the greater click_id. */
  private static final Comparator<Click> LAST_CLICK_ORDER =
      Comparator.comparingLong(Click::time).thenComparing(Click::clickId);

  private static final Comparator<Conversion> CONVERSION_ORDER =
      Comparator.comparingLong(Conversion::time).thenComparing(Conversion::conversionId);

  /**
   * What last-click attribution still sees of one user as its records arrive (docs/semantics.md):
   * the latest state.maxClicksPerUser clicks that can earn credit and the latest
   * state.maxConversionsPerUser non-late conversions without a click_id, latest by event time, ties
   * to the greater id. The pipeline also forgets entries older than the lookback plus the allowed
   * lateness behind the user's newest event; no non-late event could join those, so that changes no
   * outcome and is not modelled.
   */
  private static final class UserJoins {
    final TreeSet<Click> latestClicks = new TreeSet<>(LAST_CLICK_ORDER);
    final TreeSet<Conversion> latestConversions = new TreeSet<>(CONVERSION_ORDER);
  }

  /** Everything one evaluation accumulates. */
  private final class Run {
    final RecordCheck check =
        new RecordCheck(processingTime.plus(config.windows().futureTolerance()).toEpochMilli());
    final long allowedLateness = config.windows().allowedLateness().toMillis();
    final long dedupWindow = config.windows().dedupWindow().toMillis();
    final long lookback = config.windows().conversionLookback().toMillis();
    final Map<String, Claim> claims;
    Optional<Long> watermark = Optional.empty();

    long received;
    long accepted;
    final Map<String, Long> quarantinedByReason = new TreeMap<>();
    final Map<String, Long> acceptedByType = new TreeMap<>();
    final List<QuarantinedRecord> quarantined = new ArrayList<>();
    final List<DuplicateRecord> duplicates = new ArrayList<>();
    final List<LateEvent> lateEvents = new ArrayList<>();
    final Map<MinuteKey, Sums> minutes = new TreeMap<>();
    final Map<String, Impression> impressions;
    final List<Click> clicks = new ArrayList<>();
    final List<Conversion> conversions = new ArrayList<>();
    final Map<String, Valid> semRows = new TreeMap<>();
    final Map<String, UserJoins> users = new HashMap<>();

    /**
     * Per line of a non-late conversion without click_id: the clicks that held its credit, in the
     * order they took it; the last holds it in the end.
     */
    final Map<Integer, List<Click>> lastClickHolders = new HashMap<>();

    /** Per source: first and last event time, and how many accepted events. */
    final Map<String, long[]> sources = new TreeMap<>();

    /** Per campaign: its latest campaign_update. */
    final Map<String, Valid> settings = new TreeMap<>();

    Run(int records) {
      claims = HashMap.newHashMap(records);
      impressions = HashMap.newHashMap(records);
    }

    void record(int line, byte[] bytes) {
      received++;
      switch (check.check(bytes)) {
        case Rejected rejected -> quarantine(line, rejected.eventId(), rejected.reasons());
        case Valid event -> dedup(line, event);
      }
    }

    void quarantine(int line, Optional<String> eventId, List<String> reasons) {
      quarantined.add(new QuarantinedRecord(line, eventId, reasons));
      reasons.forEach(reason -> quarantinedByReason.merge(reason, 1L, Long::sum));
    }

    void dedup(int line, Valid event) {
      String key =
          event.eventType()
              + ":"
              + switch (event.eventType()) {
                case "impression" -> event.text("impression_id");
                case "click" -> event.text("click_id");
                case "conversion" -> event.text("conversion_id");
                default -> event.eventId();
              };
      Claim claim = claims.get(key);
      if (claim != null && event.eventTime() - claim.eventTime() <= dedupWindow) {
        if (claim.fingerprint() == event.fingerprint()) {
          duplicates.add(new DuplicateRecord(line, event.eventId()));
          if (event.eventType().equals("impression") || event.eventType().equals("click")) {
            sums(event.text("campaign_id"), event.eventTime()).duplicates++;
          }
        } else {
          quarantine(line, Optional.of(event.eventId()), List.of("id_conflict"));
        }
        return;
      }
      claims.put(key, new Claim(event.fingerprint(), event.eventTime()));
      accept(line, event);
    }

    void accept(int line, Valid event) {
      accepted++;
      acceptedByType.merge(event.eventType(), 1L, Long::sum);
      long time = event.eventTime();
      boolean late = watermark.isPresent() && watermark.get() - time > allowedLateness;
      if (late) {
        lateEvents.add(
            new LateEvent(
                line,
                event.eventId(),
                event.eventType(),
                Instant.ofEpochMilli(time),
                Instant.ofEpochMilli(watermark.get())));
      }
      watermark = Optional.of(Math.max(watermark.orElse(time), time));
      sources.merge(
          event.text("source"),
          new long[] {time, time, 1},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
      switch (event.eventType()) {
        case "impression" -> {
          Sums sums = sums(event.text("campaign_id"), time);
          sums.impressions++;
          sums.costMicros += event.number("cost_micros");
          impressions.put(
              event.text("impression_id"), new Impression(event.text("impression_id"), time, late));
        }
        case "click" -> {
          Click click =
              new Click(
                  line,
                  event.text("click_id"),
                  event.optionalText("impression_id"),
                  event.text("campaign_id"),
                  event.text("user_id"),
                  event.text("device_id"),
                  event.text("ip"),
                  event.text("user_agent"),
                  time,
                  event.number("cost_micros"),
                  late);
          clicks.add(click);
          // attribution ignores floods (known only after the fact): only crawler clicks earn no
          // credit
          if (!late && !crawlers.matches(click.userAgent())) {
            creditableClick(click);
          }
        }
        case "conversion" -> {
          Conversion conversion =
              new Conversion(
                  line,
                  event.text("conversion_id"),
                  event.optionalText("click_id"),
                  event.text("user_id"),
                  time,
                  event.number("value_micros"),
                  late);
          conversions.add(conversion);
          if (!late && conversion.clickId().isEmpty()) {
            lastClickConversion(conversion);
          }
        }
        case "sem_stats" -> semRows.merge(semKey(event), event, TruthEvaluator::laterReport);
        default -> settings.merge(event.text("campaign_id"), event, TruthEvaluator::laterSettings);
      }
    }

    /**
     * A click that can earn credit takes over each of the user's latest conversions without a
     * click_id it is a better last click for, then joins the user's latest clicks.
     */
    void creditableClick(Click click) {
      UserJoins user = users.computeIfAbsent(click.userId(), u -> new UserJoins());
      for (Conversion conversion : user.latestConversions) {
        List<Click> holders = lastClickHolders.get(conversion.line());
        if (within(click, conversion, lookback)
            && (holders.isEmpty() || LAST_CLICK_ORDER.compare(click, holders.getLast()) > 0)) {
          holders.add(click);
        }
      }
      user.latestClicks.add(click);
      if (user.latestClicks.size() > config.state().maxClicksPerUser()) {
        user.latestClicks.pollFirst();
      }
    }

    /**
     * A conversion without a click_id goes to the best of the user's latest clicks within the
     * lookback, then joins the user's latest conversions a later-arriving click may take over.
     */
    void lastClickConversion(Conversion conversion) {
      UserJoins user = users.computeIfAbsent(conversion.userId(), u -> new UserJoins());
      List<Click> holders = new ArrayList<>();
      user.latestClicks.descendingSet().stream()
          .filter(c -> within(c, conversion, lookback))
          .findFirst()
          .ifPresent(holders::add);
      lastClickHolders.put(conversion.line(), holders);
      user.latestConversions.add(conversion);
      if (user.latestConversions.size() > config.state().maxConversionsPerUser()) {
        user.latestConversions.pollFirst();
      }
    }

    Sums sums(String campaignId, long time) {
      return minutes.computeIfAbsent(
          new MinuteKey(campaignId, Math.floorDiv(time, 60_000L) * 60_000L), k -> new Sums());
    }

    GroundTruth finish() {
      long maxClicks = config.alerts().clickFlood().maxClicksPerMinute();
      Duration botWindow = config.alerts().botTraffic().window();
      Map<String, Long> perDeviceMinute = new HashMap<>();
      Map<String, Long> perIpMinute = new HashMap<>();
      // a late click counts towards no flood, and no flood makes it invalid
      for (Click click : clicks) {
        if (!click.late()) {
          perDeviceMinute.merge(click.deviceId() + "@" + minuteOf(click.time()), 1L, Long::sum);
          perIpMinute.merge(click.ip() + "@" + minuteOf(click.time()), 1L, Long::sum);
        }
      }
      TreeSet<ExpectedAlert> alerts = new TreeSet<>();
      Map<String, Click> clicksById = new HashMap<>();
      Map<String, List<String>> invalidBecause = new HashMap<>();
      List<ClickOutcome> clickOutcomes = new ArrayList<>();
      for (Click click : clicks) {
        clicksById.put(click.clickId(), click);
        Instant minute = ExpectedAlert.minuteOf(click.time());
        List<String> reasons = new ArrayList<>();
        if (crawlers.matches(click.userAgent())) {
          reasons.add("crawler");
          alerts.add(
              new ExpectedAlert(
                  ExpectedAlert.BOT_CLICK,
                  ExpectedAlert.deviceSubject(click.deviceId()),
                  ExpectedAlert.windowOf(click.time(), botWindow)));
        }
        if (perDeviceMinute.getOrDefault(click.deviceId() + "@" + minuteOf(click.time()), 0L)
            > maxClicks) {
          reasons.add("device_flood");
          alerts.add(
              new ExpectedAlert(
                  ExpectedAlert.CLICK_FLOOD,
                  ExpectedAlert.deviceSubject(click.deviceId()),
                  minute));
        }
        if (perIpMinute.getOrDefault(click.ip() + "@" + minuteOf(click.time()), 0L) > maxClicks) {
          reasons.add("ip_flood");
          alerts.add(
              new ExpectedAlert(
                  ExpectedAlert.CLICK_FLOOD, ExpectedAlert.ipSubject(click.ip()), minute));
        }
        invalidBecause.put(click.clickId(), List.copyOf(reasons));
        Sums sums = sums(click.campaignId(), click.time());
        if (reasons.isEmpty()) {
          sums.clicks++;
          sums.costMicros += click.costMicros();
        } else {
          sums.invalidClicks++;
        }
        ClickAttribution attribution = clickAttribution(click);
        // a click naming no impression is untracked traffic, not an orphan (docs/semantics.md)
        if (attribution == ClickAttribution.ORPHAN && click.impressionId().isPresent()) {
          sums.orphanClicks++;
        }
        clickOutcomes.add(
            new ClickOutcome(
                click.line(),
                click.clickId(),
                click.campaignId(),
                Instant.ofEpochMilli(click.time()),
                attribution,
                click.impressionId().filter(id -> attribution == ClickAttribution.ATTRIBUTED),
                List.copyOf(reasons)));
      }

      List<ConversionOutcome> conversionOutcomes = new ArrayList<>();
      long injectionWindow = ExpectedAlert.CLICK_INJECTION_MAX_DELAY.toMillis();
      for (Conversion conversion : conversions) {
        // click_injection is judged as each event is processed and never taken back: a last-click
        // conversion's credit can pass to a later-arriving, later click, and each click that held
        // it is judged (docs/semantics.md); the last holds it in the end
        List<Click> heldCredit =
            conversion.late()
                ? List.of()
                : conversion.clickId().isPresent()
                    ? conversion
                        .clickId()
                        .map(clicksById::get)
                        .filter(
                            c ->
                                !c.late()
                                    && !invalidBecause.get(c.clickId()).contains("crawler")
                                    && within(c, conversion, lookback))
                        .stream()
                        .toList()
                    : lastClickHolders.get(conversion.line());
        Optional<Click> credited =
            heldCredit.isEmpty() ? Optional.empty() : Optional.of(heldCredit.getLast());
        Optional<AttributedBy> by =
            credited.map(
                c ->
                    conversion.clickId().isPresent()
                        ? AttributedBy.CLICK_ID
                        : AttributedBy.LAST_CLICK);
        credited.ifPresent(
            click -> {
              Sums sums = sums(click.campaignId(), conversion.time());
              sums.conversions++;
              sums.conversionValueMicros += conversion.valueMicros();
            });
        for (Click click : heldCredit) {
          if (conversion.time() - click.time() <= injectionWindow) {
            alerts.add(
                new ExpectedAlert(
                    ExpectedAlert.CLICK_INJECTION,
                    ExpectedAlert.clickSubject(click.clickId()),
                    ExpectedAlert.minuteOf(conversion.time())));
          }
        }
        ConversionAttribution outcome =
            conversion.late()
                ? ConversionAttribution.LATE
                : credited.isPresent()
                    ? ConversionAttribution.ATTRIBUTED
                    : ConversionAttribution.UNATTRIBUTED;
        conversionOutcomes.add(
            new ConversionOutcome(
                conversion.line(),
                conversion.conversionId(),
                Instant.ofEpochMilli(conversion.time()),
                outcome,
                credited.map(Click::clickId),
                credited.map(Click::campaignId),
                by));
      }

      scheduledAlerts(alerts);
      List<CampaignMinute> campaignMinutes = new ArrayList<>();
      minutes.forEach(
          (key, s) ->
              campaignMinutes.add(
                  new CampaignMinute(
                      key.campaignId(),
                      Instant.ofEpochMilli(key.minute()),
                      s.impressions,
                      s.clicks,
                      s.invalidClicks,
                      s.costMicros,
                      s.conversions,
                      s.conversionValueMicros,
                      s.duplicates,
                      s.orphanClicks)));
      long quarantinedCount = quarantined.size();
      return new GroundTruth(
          processingTime,
          new RecordCounts(
              received,
              accepted,
              duplicates.size(),
              quarantinedCount,
              quarantinedByReason,
              acceptedByType),
          quarantined,
          duplicates,
          lateEvents,
          campaignMinutes,
          clickOutcomes,
          conversionOutcomes,
          semRows.values().stream().map(TruthEvaluator::semStatsRow).toList(),
          List.copyOf(alerts));
    }

    /**
     * The rules of the scheduled alert check as docs/semantics.md states them, judged at
     * alertCheckTime over the final sums.
     */
    void scheduledAlerts(TreeSet<ExpectedAlert> alerts) {
      var rules = config.alerts();
      long check = alertCheckTime.toEpochMilli();
      long from = check - rules.scheduledCheck().lookback().toMillis();
      long asOf = Math.max(check, watermark.orElse(check));
      long lateness = config.windows().allowedLateness().toMillis();
      // orphan clicks per campaign hour, judged once the allowed lateness after the hour has passed
      Map<MinuteKey, long[]> hours = new TreeMap<>();
      minutes.forEach(
          (key, sums) -> {
            long hour = Math.floorDiv(key.minute(), HOUR) * HOUR;
            if (hour >= Math.floorDiv(from, HOUR) * HOUR && hour + HOUR + lateness <= asOf) {
              long[] h =
                  hours.computeIfAbsent(new MinuteKey(key.campaignId(), hour), k -> new long[2]);
              h[0] += sums.clicks + sums.invalidClicks;
              h[1] += sums.orphanClicks;
            }
          });
      var orphans = rules.orphanClicks();
      hours.forEach(
          (key, h) -> {
            if (h[0] >= orphans.minClicks() && h[1] > orphans.maxRate() * h[0]) {
              alerts.add(
                  new ExpectedAlert(
                      ExpectedAlert.ORPHAN_CLICKS,
                      ExpectedAlert.campaignSubject(key.campaignId()),
                      Instant.ofEpochMilli(key.minute())));
            }
          });
      // budgets per UTC day: overrun, and pacing before the configured share of the day
      var budget = rules.budget();
      for (long day = Math.floorDiv(from, DAY) * DAY; day <= asOf; day += DAY) {
        long pacingEnd = day + (long) (budget.pacingUntilDayFraction() * DAY);
        for (Map.Entry<String, Valid> campaign : settings.entrySet()) {
          long daily = campaign.getValue().number("daily_budget_micros");
          long spend = 0;
          boolean paced = false;
          for (long minute = day; minute < day + DAY; minute += 60_000L) {
            Sums sums = minutes.get(new MinuteKey(campaign.getKey(), minute));
            if (sums == null) {
              continue;
            }
            spend += sums.costMicros;
            long end = minute + 60_000L;
            if (!paced
                && daily > 0
                && end <= pacingEnd
                && end <= check
                && spend > budget.minBudgetFraction() * daily
                && spend > budget.pacingFactor() * daily * (end - day) / DAY) {
              paced = true;
              alerts.add(
                  new ExpectedAlert(
                      ExpectedAlert.BUDGET_PACING,
                      ExpectedAlert.campaignSubject(campaign.getKey()),
                      Instant.ofEpochMilli(day)));
            }
          }
          if (spend > daily) {
            alerts.add(
                new ExpectedAlert(
                    ExpectedAlert.BUDGET_OVERRUN,
                    ExpectedAlert.campaignSubject(campaign.getKey()),
                    Instant.ofEpochMilli(day)));
          }
        }
      }
      anomalies(alerts, from, check);
      // sources quiet for longer than their period behind the latest event of any source
      var silence = rules.sourceSilence();
      sources.forEach(
          (source, stats) -> {
            long period = silence.after(source).toMillis();
            long span = stats[1] - stats[0];
            boolean steady =
                span >= period
                    && (double) (stats[2] - 1) * period / span >= silence.minExpectedEvents();
            if (steady && watermark.orElseThrow() - stats[1] > period) {
              alerts.add(
                  new ExpectedAlert(
                      ExpectedAlert.SOURCE_SILENCE,
                      ExpectedAlert.sourceSubject(source),
                      Instant.ofEpochMilli(stats[1])));
            }
          });
    }

    /**
     * Per campaign minute with enough impressions: CTR or spend beyond the EWMA baseline of the
     * minutes before.
     */
    void anomalies(TreeSet<ExpectedAlert> alerts, long from, long check) {
      var anomaly = config.alerts().anomaly();
      long window = 3L * anomaly.warmupMinutes() * 60_000L;
      Map<String, TreeMap<Long, Sums>> busy = new TreeMap<>();
      minutes.forEach(
          (key, sums) -> {
            if (sums.impressions >= anomaly.minImpressions()) {
              busy.computeIfAbsent(key.campaignId(), c -> new TreeMap<>()).put(key.minute(), sums);
            }
          });
      busy.forEach(
          (campaign, series) ->
              series.forEach(
                  (minute, sums) -> {
                    if (minute < from || minute + 60_000L > check) {
                      return;
                    }
                    var before = series.subMap(minute - window, true, minute, false).values();
                    if (before.size() < anomaly.warmupMinutes()) {
                      return;
                    }
                    double[] ctr =
                        baseline(
                            before.stream()
                                .mapToDouble(b -> (double) b.clicks / b.impressions)
                                .toArray(),
                            anomaly.alpha());
                    double[] spend =
                        baseline(
                            before.stream().mapToDouble(b -> b.costMicros).toArray(),
                            anomaly.alpha());
                    double x = (double) sums.clicks / sums.impressions;
                    if (Math.abs(x - ctr[0]) > anomaly.sigmas() * Math.sqrt(ctr[1])
                        || Math.abs(sums.costMicros - spend[0])
                            > anomaly.sigmas() * Math.sqrt(spend[1])) {
                      alerts.add(
                          new ExpectedAlert(
                              ExpectedAlert.ANOMALY,
                              ExpectedAlert.campaignSubject(campaign),
                              Instant.ofEpochMilli(minute)));
                    }
                  }));
    }

    ClickAttribution clickAttribution(Click click) {
      if (click.late()) {
        return ClickAttribution.LATE;
      }
      long window = config.windows().impressionWindow().toMillis();
      return click
              .impressionId()
              .map(impressions::get)
              .filter(
                  i ->
                      !i.late()
                          && click.time() - i.time() >= 0
                          && click.time() - i.time() <= window)
              .isPresent()
          ? ClickAttribution.ATTRIBUTED
          : ClickAttribution.ORPHAN;
    }
  }

  /** Evaluates the records in delivery order. */
  public GroundTruth evaluate(List<byte[]> lines) {
    Run run = new Run(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      run.record(i + 1, lines.get(i));
    }
    return run.finish();
  }

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  /** Exponentially weighted {mean, variance} of the values in order. */
  private static double[] baseline(double[] values, double alpha) {
    double mean = values[0];
    double variance = 0;
    for (int i = 1; i < values.length; i++) {
      double d = values[i] - mean;
      mean += alpha * d;
      variance = (1 - alpha) * (variance + alpha * d * d);
    }
    return new double[] {mean, variance};
  }

  private static Valid laterSettings(Valid current, Valid candidate) {
    return later(current, candidate, candidate.eventTime(), current.eventTime());
  }

  private static long minuteOf(long time) {
    return Math.floorDiv(time, 60_000L);
  }

  private static boolean within(Click click, Conversion conversion, long lookback) {
    long delay = conversion.time() - click.time();
    return delay >= 0 && delay <= lookback;
  }

  private static String semKey(Valid row) {
    return String.join(
        "|",
        row.text("engine"),
        row.text("account_id"),
        row.text("campaign_id"),
        row.text("ad_group_id"),
        row.text("keyword"),
        row.text("match_type"),
        Long.toString(row.number("period_start")),
        Long.toString(row.number("period_end")));
  }

  private static Valid laterReport(Valid current, Valid candidate) {
    return later(
        current, candidate, candidate.number("report_time"), current.number("report_time"));
  }

  /**
   * The row with the later version time, ties to the greater event id: the campaigns table's
   * put-if-newer.
   */
  private static Valid later(Valid current, Valid candidate, long candidateTime, long currentTime) {
    int byTime = Long.compare(candidateTime, currentTime);
    return byTime > 0 || (byTime == 0 && candidate.eventId().compareTo(current.eventId()) > 0)
        ? candidate
        : current;
  }

  private static SemStatsRow semStatsRow(Valid row) {
    return new SemStatsRow(
        row.text("engine"),
        row.text("account_id"),
        row.text("campaign_id"),
        row.text("ad_group_id"),
        row.text("keyword"),
        row.text("match_type"),
        Instant.ofEpochMilli(row.number("period_start")),
        Instant.ofEpochMilli(row.number("period_end")),
        Instant.ofEpochMilli(row.number("report_time")),
        row.eventId(),
        row.number("impressions"),
        row.number("clicks"),
        row.number("cost_micros"),
        row.number("conversions"),
        row.number("conversion_value_micros"));
  }

  public static final class Builder {
    private AdstreamConfig config = AdstreamConfig.defaults();
    private CrawlerList crawlers;
    private Instant processingTime;
    private Instant alertCheckTime;

    private Builder() {}

    /** Windows and thresholds; the defaults unless set. */
    public Builder config(AdstreamConfig config) {
      this.config = config;
      return this;
    }

    /** The crawler list of the bot rule; the shared jar's by default. */
    public Builder crawlers(CrawlerList crawlers) {
      this.crawlers = crawlers;
      return this;
    }

    /**
     * The pipeline's clock when it processes the records: event times beyond it plus
     * windows.futureTolerance are {@code future_event_time}.
     */
    public Builder processingTime(Instant processingTime) {
      this.processingTime = processingTime;
      return this;
    }

    /**
     * When the scheduled alert check runs (orphan clicks, budgets, anomalies, source silence): what
     * it can judge by then. The processing time unless set.
     */
    public Builder alertCheckTime(Instant alertCheckTime) {
      this.alertCheckTime = alertCheckTime;
      return this;
    }

    public TruthEvaluator build() {
      return new TruthEvaluator(this);
    }
  }
}
