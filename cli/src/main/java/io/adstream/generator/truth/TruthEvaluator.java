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
 * docs/semantics.md and sharing nothing with the pipeline. Lateness uses one global watermark over the
 * delivery order. Dedup claims expire when a record's event time is more than windows.dedupWindow
 * after the claiming record's.
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

  private TruthEvaluator(Builder builder) {
    if (builder.processingTime == null) {
      throw new IllegalStateException("a TruthEvaluator needs the processing time (for future_event_time)");
    }
    this.config = builder.config;
    this.crawlers = builder.crawlers == null ? CrawlerList.load() : builder.crawlers;
    this.processingTime = builder.processingTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  private record Claim(long fingerprint, long eventTime) {}

  private record Impression(String impressionId, long time, boolean late) {}

  private record Click(
      int line, String clickId, Optional<String> impressionId, String campaignId, String userId, String deviceId,
      String ip, String userAgent, long time, long costMicros, boolean late) {}

  private record Conversion(
      int line, String conversionId, Optional<String> clickId, String userId, long time, long valueMicros,
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

  /** Everything one evaluation accumulates. */
  private final class Run {
    final RecordCheck check =
        new RecordCheck(processingTime.plus(config.windows().futureTolerance()).toEpochMilli());
    final long allowedLateness = config.windows().allowedLateness().toMillis();
    final long dedupWindow = config.windows().dedupWindow().toMillis();
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
      String key = event.eventType() + ":" + switch (event.eventType()) {
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
        lateEvents.add(new LateEvent(line, event.eventId(), event.eventType(), Instant.ofEpochMilli(time),
            Instant.ofEpochMilli(watermark.get())));
      }
      watermark = Optional.of(Math.max(watermark.orElse(time), time));
      switch (event.eventType()) {
        case "impression" -> {
          Sums sums = sums(event.text("campaign_id"), time);
          sums.impressions++;
          sums.costMicros += event.number("cost_micros");
          impressions.put(event.text("impression_id"), new Impression(event.text("impression_id"), time, late));
        }
        case "click" -> clicks.add(new Click(line, event.text("click_id"), event.optionalText("impression_id"),
            event.text("campaign_id"), event.text("user_id"), event.text("device_id"), event.text("ip"),
            event.text("user_agent"), time, event.number("cost_micros"), late));
        case "conversion" -> conversions.add(new Conversion(line, event.text("conversion_id"),
            event.optionalText("click_id"), event.text("user_id"), time, event.number("value_micros"), late));
        case "sem_stats" -> semRows.merge(semKey(event), event, TruthEvaluator::laterReport);
        default -> {
          // campaign_update: settings for budgets and names; no measure of the semantics sums them
        }
      }
    }

    Sums sums(String campaignId, long time) {
      return minutes.computeIfAbsent(new MinuteKey(campaignId, Math.floorDiv(time, 60_000L) * 60_000L), k -> new Sums());
    }

    GroundTruth finish() {
      long maxClicks = config.alerts().clickFlood().maxClicksPerMinute();
      Map<String, Long> perDeviceMinute = new HashMap<>();
      Map<String, Long> perIpMinute = new HashMap<>();
      for (Click click : clicks) {
        perDeviceMinute.merge(click.deviceId() + "@" + minuteOf(click.time()), 1L, Long::sum);
        perIpMinute.merge(click.ip() + "@" + minuteOf(click.time()), 1L, Long::sum);
      }
      TreeSet<ExpectedAlert> alerts = new TreeSet<>();
      Map<String, Click> clicksById = new HashMap<>();
      Map<String, List<String>> invalidBecause = new HashMap<>();
      Map<String, List<Click>> validClicksByUser = new HashMap<>();
      List<ClickOutcome> clickOutcomes = new ArrayList<>();
      for (Click click : clicks) {
        clicksById.put(click.clickId(), click);
        Instant minute = ExpectedAlert.minuteOf(click.time());
        List<String> reasons = new ArrayList<>();
        if (crawlers.matches(click.userAgent())) {
          reasons.add("crawler");
          alerts.add(new ExpectedAlert(ExpectedAlert.BOT_CLICK, ExpectedAlert.deviceSubject(click.deviceId()), minute));
        }
        if (perDeviceMinute.get(click.deviceId() + "@" + minuteOf(click.time())) > maxClicks) {
          reasons.add("device_flood");
          alerts.add(new ExpectedAlert(ExpectedAlert.CLICK_FLOOD, ExpectedAlert.deviceSubject(click.deviceId()), minute));
        }
        if (perIpMinute.get(click.ip() + "@" + minuteOf(click.time())) > maxClicks) {
          reasons.add("ip_flood");
          alerts.add(new ExpectedAlert(ExpectedAlert.CLICK_FLOOD, ExpectedAlert.ipSubject(click.ip()), minute));
        }
        invalidBecause.put(click.clickId(), List.copyOf(reasons));
        Sums sums = sums(click.campaignId(), click.time());
        if (reasons.isEmpty()) {
          sums.clicks++;
          sums.costMicros += click.costMicros();
        } else {
          sums.invalidClicks++;
        }
        // attribution ignores floods (known only after the fact): only crawler clicks earn no credit
        if (!click.late() && !reasons.contains("crawler")) {
          validClicksByUser.computeIfAbsent(click.userId(), u -> new ArrayList<>()).add(click);
        }
        ClickAttribution attribution = clickAttribution(click);
        if (attribution == ClickAttribution.ORPHAN) {
          sums.orphanClicks++;
        }
        clickOutcomes.add(new ClickOutcome(click.line(), click.clickId(), click.campaignId(),
            Instant.ofEpochMilli(click.time()), attribution,
            click.impressionId().filter(id -> attribution == ClickAttribution.ATTRIBUTED), List.copyOf(reasons)));
      }

      List<ConversionOutcome> conversionOutcomes = new ArrayList<>();
      long lookback = config.windows().conversionLookback().toMillis();
      long injectionWindow = ExpectedAlert.CLICK_INJECTION_MAX_DELAY.toMillis();
      for (Conversion conversion : conversions) {
        Optional<Click> credited = Optional.empty();
        Optional<AttributedBy> by = Optional.empty();
        if (!conversion.late()) {
          credited = conversion.clickId().isPresent()
              ? conversion.clickId().map(clicksById::get)
                  .filter(c -> !c.late() && !invalidBecause.get(c.clickId()).contains("crawler") && within(c, conversion, lookback))
              : validClicksByUser.getOrDefault(conversion.userId(), List.of()).stream()
                  .filter(c -> within(c, conversion, lookback))
                  .max(Comparator.comparingLong(Click::time).thenComparing(Click::clickId));
          by = credited.map(c -> conversion.clickId().isPresent() ? AttributedBy.CLICK_ID : AttributedBy.LAST_CLICK);
        }
        credited.ifPresent(click -> {
          Sums sums = sums(click.campaignId(), conversion.time());
          sums.conversions++;
          sums.conversionValueMicros += conversion.valueMicros();
          if (conversion.time() - click.time() <= injectionWindow) {
            alerts.add(new ExpectedAlert(ExpectedAlert.CLICK_INJECTION, ExpectedAlert.clickSubject(click.clickId()),
                ExpectedAlert.minuteOf(conversion.time())));
          }
        });
        ConversionAttribution outcome = conversion.late() ? ConversionAttribution.LATE
            : credited.isPresent() ? ConversionAttribution.ATTRIBUTED : ConversionAttribution.UNATTRIBUTED;
        conversionOutcomes.add(new ConversionOutcome(conversion.line(), conversion.conversionId(),
            Instant.ofEpochMilli(conversion.time()), outcome, credited.map(Click::clickId),
            credited.map(Click::campaignId), by));
      }

      List<CampaignMinute> campaignMinutes = new ArrayList<>();
      minutes.forEach((key, s) -> campaignMinutes.add(new CampaignMinute(key.campaignId(), Instant.ofEpochMilli(key.minute()),
          s.impressions, s.clicks, s.invalidClicks, s.costMicros, s.conversions, s.conversionValueMicros, s.duplicates,
          s.orphanClicks)));
      long quarantinedCount = quarantined.size();
      return new GroundTruth(processingTime,
          new RecordCounts(received, accepted, duplicates.size(), quarantinedCount, quarantinedByReason, acceptedByType),
          quarantined, duplicates, lateEvents, campaignMinutes, clickOutcomes, conversionOutcomes,
          semRows.values().stream().map(TruthEvaluator::semStatsRow).toList(), List.copyOf(alerts));
    }

    ClickAttribution clickAttribution(Click click) {
      if (click.late()) {
        return ClickAttribution.LATE;
      }
      long window = config.windows().impressionWindow().toMillis();
      return click.impressionId()
          .map(impressions::get)
          .filter(i -> !i.late() && click.time() - i.time() >= 0 && click.time() - i.time() <= window)
          .isPresent() ? ClickAttribution.ATTRIBUTED : ClickAttribution.ORPHAN;
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

  private static long minuteOf(long time) {
    return Math.floorDiv(time, 60_000L);
  }

  private static boolean within(Click click, Conversion conversion, long lookback) {
    long delay = conversion.time() - click.time();
    return delay >= 0 && delay <= lookback;
  }

  private static String semKey(Valid row) {
    return String.join("|", row.text("engine"), row.text("account_id"), row.text("campaign_id"),
        row.text("ad_group_id"), row.text("keyword"), row.text("match_type"),
        Long.toString(row.number("period_start")), Long.toString(row.number("period_end")));
  }

  private static Valid laterReport(Valid current, Valid candidate) {
    int byReportTime = Long.compare(candidate.number("report_time"), current.number("report_time"));
    boolean later = byReportTime > 0 || (byReportTime == 0 && candidate.eventId().compareTo(current.eventId()) > 0);
    return later ? candidate : current;
  }

  private static SemStatsRow semStatsRow(Valid row) {
    return new SemStatsRow(row.text("engine"), row.text("account_id"), row.text("campaign_id"), row.text("ad_group_id"),
        row.text("keyword"), row.text("match_type"), Instant.ofEpochMilli(row.number("period_start")),
        Instant.ofEpochMilli(row.number("period_end")), Instant.ofEpochMilli(row.number("report_time")), row.eventId(),
        row.number("impressions"), row.number("clicks"), row.number("cost_micros"), row.number("conversions"),
        row.number("conversion_value_micros"));
  }

  public static final class Builder {
    private AdstreamConfig config = AdstreamConfig.defaults();
    private CrawlerList crawlers;
    private Instant processingTime;

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

    public TruthEvaluator build() {
      return new TruthEvaluator(this);
    }
  }
}
