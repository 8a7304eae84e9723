package io.adstream.generator.truth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.adstream.config.WindowSettings;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.GenerationReport;
import io.adstream.generator.InjectedPattern;
import io.adstream.generator.TrafficProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the truth file ({@value #FORMAT}): the generator's account of what it planted
 * ("generator") beside the independent evaluation of the emitted lines (everything else). Field
 * names are snake_case, times RFC 3339 with milliseconds, money integer micros, line numbers
 * 1-based in delivery order.
 */
public final class TruthDocument {
  public static final String FORMAT = "adstream-truth/1";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final JsonGenerator json;

  private TruthDocument(JsonGenerator json) {
    this.json = json;
  }

  public static void write(
      OutputStream out, TrafficProfile profile, GenerationReport report, GroundTruth truth)
      throws IOException {
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try (JsonGenerator json =
        JsonFactory.builder().build().createGenerator(out).setPrettyPrinter(pretty)) {
      new TruthDocument(json).document(profile, report, truth);
      json.writeRaw('\n');
    }
  }

  private void document(TrafficProfile profile, GenerationReport report, GroundTruth truth)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("format", FORMAT);
    generator(profile, report);
    time("processing_time", truth.processingTime());
    GroundTruth.RecordCounts counts = truth.records();
    json.writeObjectFieldStart("records");
    json.writeNumberField("received", counts.received());
    json.writeNumberField("accepted", counts.accepted());
    json.writeNumberField("duplicates", counts.duplicates());
    json.writeNumberField("quarantined", counts.quarantined());
    counts("quarantined_by_reason", counts.quarantinedByReason());
    counts("accepted_by_type", counts.acceptedByType());
    json.writeEndObject();

    json.writeArrayFieldStart("quarantined");
    for (GroundTruth.QuarantinedRecord q : truth.quarantined()) {
      json.writeStartObject();
      json.writeNumberField("line", q.line());
      optional("event_id", q.eventId());
      strings("reasons", q.reasons());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("duplicates");
    for (GroundTruth.DuplicateRecord d : truth.duplicates()) {
      json.writeStartObject();
      json.writeNumberField("line", d.line());
      json.writeStringField("event_id", d.eventId());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("late_events");
    for (GroundTruth.LateEvent late : truth.lateEvents()) {
      json.writeStartObject();
      json.writeNumberField("line", late.line());
      json.writeStringField("event_id", late.eventId());
      json.writeStringField("event_type", late.eventType());
      time("event_time", late.eventTime());
      time("watermark", late.watermark());
      json.writeEndObject();
    }
    json.writeEndArray();
    campaignMinutes(truth.campaignMinutes());
    clicks(truth.clicks());
    conversions(truth.conversions());
    semStats(truth.semStats());
    alerts("alerts", truth.alerts());
    json.writeEndObject();
  }

  private void generator(TrafficProfile profile, GenerationReport report) throws IOException {
    json.writeObjectFieldStart("generator");
    json.writeNumberField("seed", profile.seed());
    time("start", profile.start());
    time("end", profile.end());
    json.writeNumberField("events_requested", profile.events());
    json.writeNumberField("campaigns", profile.campaigns());
    json.writeObjectFieldStart("rates");
    json.writeNumberField("duplicate", profile.duplicateRate());
    json.writeNumberField("id_conflict", profile.idConflictRate());
    json.writeNumberField("out_of_order", profile.outOfOrderRate());
    json.writeNumberField("late", profile.lateRate());
    json.writeNumberField("malformed", profile.malformedRate());
    json.writeNumberField("bot", profile.botRate());
    json.writeEndObject();
    json.writeNumberField("click_floods", profile.clickFloods());
    json.writeNumberField("click_injections", profile.clickInjections());
    WindowSettings windows = profile.config().windows();
    json.writeObjectFieldStart("windows");
    json.writeStringField("allowed_lateness", windows.allowedLateness().toString());
    json.writeStringField("impression_window", windows.impressionWindow().toString());
    json.writeStringField("conversion_lookback", windows.conversionLookback().toString());
    json.writeStringField("dedup_window", windows.dedupWindow().toString());
    json.writeStringField("future_tolerance", windows.futureTolerance().toString());
    json.writeEndObject();
    json.writeNumberField(
        "max_clicks_per_minute", profile.config().alerts().clickFlood().maxClicksPerMinute());
    // the bot_click alerts below are one per device and this window
    json.writeStringField(
        "bot_alert_window", profile.config().alerts().botTraffic().window().toString());
    counts("base_records", report.baseRecords());
    json.writeObjectFieldStart("planted");
    json.writeNumberField("malformed", report.malformed().size());
    json.writeNumberField("duplicates", report.duplicates());
    json.writeNumberField("id_conflicts", report.idConflicts());
    json.writeNumberField("out_of_order", report.outOfOrder());
    json.writeNumberField("late", report.late());
    json.writeNumberField("bot_clicks", report.botClicks());
    json.writeEndObject();
    json.writeArrayFieldStart("malformed_lines");
    for (GenerationReport.MalformedLine line : report.malformed()) {
      json.writeStartObject();
      json.writeNumberField("line", line.line());
      json.writeStringField("reason", line.reason());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("patterns");
    for (InjectedPattern pattern : report.patterns()) {
      pattern(pattern);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private void pattern(InjectedPattern pattern) throws IOException {
    json.writeStartObject();
    json.writeStringField("kind", pattern.kind());
    switch (pattern) {
      case InjectedPattern.ClickFlood flood -> {
        json.writeStringField("subject", flood.subject());
        time("minute", flood.minute());
        json.writeNumberField("clicks", flood.clicks());
      }
      case InjectedPattern.ClickInjection injection -> {
        json.writeStringField("click_id", injection.clickId());
        json.writeStringField("conversion_id", injection.conversionId());
        json.writeNumberField("delay_ms", injection.delayMillis());
      }
      case InjectedPattern.BotClicks bot -> {
        json.writeStringField("device_id", bot.deviceId());
        json.writeStringField("user_agent", bot.userAgent());
        strings("click_ids", bot.clickIds());
      }
      case InjectedPattern.RestatementOutOfOrder swap -> {
        json.writeStringField("original_event_id", swap.originalEventId());
        json.writeStringField("restatement_event_id", swap.restatementEventId());
      }
      case InjectedPattern.OrphanBurst burst -> {
        json.writeStringField("campaign_id", burst.campaignId());
        time("hour", burst.hour());
        json.writeNumberField("clicks", burst.clicks());
      }
      case InjectedPattern.BudgetSpend spend -> {
        json.writeStringField("campaign_id", spend.campaignId());
        time("day", spend.day());
        json.writeNumberField("budget_micros", spend.budgetMicros());
        json.writeNumberField("spend_micros", spend.spendMicros());
      }
      case InjectedPattern.CtrSpike spike -> {
        json.writeStringField("campaign_id", spike.campaignId());
        time("minute", spike.minute());
        json.writeNumberField("baseline_minutes", spike.baselineMinutes());
      }
      case InjectedPattern.SilentSource silent -> {
        json.writeStringField("source", silent.source());
        time("last_event_time", silent.lastEventTime());
        json.writeNumberField("events", silent.events());
      }
    }
    alerts("alerts", pattern.alerts());
    json.writeEndObject();
  }

  private void campaignMinutes(List<GroundTruth.CampaignMinute> minutes) throws IOException {
    json.writeArrayFieldStart("campaign_minutes");
    for (GroundTruth.CampaignMinute m : minutes) {
      json.writeStartObject();
      json.writeStringField("campaign_id", m.campaignId());
      time("minute", m.minute());
      json.writeNumberField("impressions", m.impressions());
      json.writeNumberField("clicks", m.clicks());
      json.writeNumberField("invalid_clicks", m.invalidClicks());
      json.writeNumberField("cost_micros", m.costMicros());
      json.writeNumberField("conversions", m.conversions());
      json.writeNumberField("conversion_value_micros", m.conversionValueMicros());
      json.writeNumberField("duplicates", m.duplicates());
      json.writeNumberField("orphan_clicks", m.orphanClicks());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void clicks(List<GroundTruth.ClickOutcome> clicks) throws IOException {
    json.writeArrayFieldStart("clicks");
    for (GroundTruth.ClickOutcome c : clicks) {
      json.writeStartObject();
      json.writeNumberField("line", c.line());
      json.writeStringField("click_id", c.clickId());
      json.writeStringField("campaign_id", c.campaignId());
      time("event_time", c.eventTime());
      json.writeStringField("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
      optional("impression_id", c.impressionId());
      json.writeBooleanField("valid", c.invalidBecause().isEmpty());
      strings("invalid_because", c.invalidBecause());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void conversions(List<GroundTruth.ConversionOutcome> conversions) throws IOException {
    json.writeArrayFieldStart("conversions");
    for (GroundTruth.ConversionOutcome c : conversions) {
      json.writeStartObject();
      json.writeNumberField("line", c.line());
      json.writeStringField("conversion_id", c.conversionId());
      time("event_time", c.eventTime());
      json.writeStringField("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
      optional("click_id", c.clickId());
      optional("campaign_id", c.campaignId());
      optional("attributed_by", c.attributedBy().map(by -> by.name().toLowerCase(Locale.ROOT)));
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void semStats(List<GroundTruth.SemStatsRow> rows) throws IOException {
    json.writeArrayFieldStart("sem_stats");
    for (GroundTruth.SemStatsRow row : rows) {
      json.writeStartObject();
      json.writeStringField("engine", row.engine());
      json.writeStringField("account_id", row.accountId());
      json.writeStringField("campaign_id", row.campaignId());
      json.writeStringField("ad_group_id", row.adGroupId());
      json.writeStringField("keyword", row.keyword());
      json.writeStringField("match_type", row.matchType());
      time("period_start", row.periodStart());
      time("period_end", row.periodEnd());
      time("report_time", row.reportTime());
      json.writeStringField("event_id", row.eventId());
      json.writeNumberField("impressions", row.impressions());
      json.writeNumberField("clicks", row.clicks());
      json.writeNumberField("cost_micros", row.costMicros());
      json.writeNumberField("conversions", row.conversions());
      json.writeNumberField("conversion_value_micros", row.conversionValueMicros());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void alerts(String name, List<ExpectedAlert> alerts) throws IOException {
    json.writeArrayFieldStart(name);
    for (ExpectedAlert alert : alerts) {
      json.writeStartObject();
      json.writeStringField("rule", alert.rule());
      json.writeStringField("subject", alert.subject());
      time("minute", alert.minute());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void counts(String name, Map<String, Long> counts) throws IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      json.writeNumberField(count.getKey(), count.getValue());
    }
    json.writeEndObject();
  }

  private void strings(String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private void optional(String name, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      json.writeStringField(name, value.get());
    }
  }

  private void time(String name, Instant time) throws IOException {
    json.writeStringField(name, TIME.format(time));
  }
}
