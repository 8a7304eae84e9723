package io.adstream.generator.truth;

import io.adstream.generator.ExpectedAlert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline must compute from a delivered sequence of records, per docs/semantics.md. Line
 * numbers are 1-based positions in the delivery order; ids are the raw, producer-side ones.
 *
 * @param processingTime the pipeline clock assumed for {@code future_event_time}
 */
public record GroundTruth(
    Instant processingTime,
    RecordCounts records,
    List<QuarantinedRecord> quarantined,
    List<DuplicateRecord> duplicates,
    List<LateEvent> lateEvents,
    List<CampaignMinute> campaignMinutes,
    List<ClickOutcome> clicks,
    List<ConversionOutcome> conversions,
    List<SemStatsRow> semStats,
    List<ExpectedAlert> alerts) {

  /**
   * Conservation: {@code received = accepted + duplicates + quarantined}. A record quarantined for
   * several reasons counts once in {@code quarantined} and once under each reason.
   */
  public record RecordCounts(
      long received,
      long accepted,
      long duplicates,
      long quarantined,
      Map<String, Long> quarantinedByReason,
      Map<String, Long> acceptedByType) {}

  public record QuarantinedRecord(int line, Optional<String> eventId, List<String> reasons) {}

  public record DuplicateRecord(int line, String eventId) {}

  /** An accepted event more than allowedLateness behind the watermark when it was processed. */
  public record LateEvent(
      int line, String eventId, String eventType, Instant eventTime, Instant watermark) {}

  /**
   * The per-campaign minute aggregates of docs/semantics.md; money in micros. {@code orphanClicks}:
   * non-late clicks no impression joined.
   */
  public record CampaignMinute(
      String campaignId,
      Instant minute,
      long impressions,
      long clicks,
      long invalidClicks,
      long costMicros,
      long conversions,
      long conversionValueMicros,
      long duplicates,
      long orphanClicks) {}

  public enum ClickAttribution {
    ATTRIBUTED,
    ORPHAN,
    LATE
  }

  /**
   * @param impressionId the impression the click is attributed to
   * @param invalidBecause empty for a valid click; else any of crawler, device_flood, ip_flood
   */
  public record ClickOutcome(
      int line,
      String clickId,
      String campaignId,
      Instant eventTime,
      ClickAttribution outcome,
      Optional<String> impressionId,
      List<String> invalidBecause) {}

  public enum ConversionAttribution {
    ATTRIBUTED,
    UNATTRIBUTED,
    LATE
  }

  /** How an attributed conversion found its click. */
  public enum AttributedBy {
    CLICK_ID,
    LAST_CLICK
  }

  public record ConversionOutcome(
      int line,
      String conversionId,
      Instant eventTime,
      ConversionAttribution outcome,
      Optional<String> clickId,
      Optional<String> campaignId,
      Optional<AttributedBy> attributedBy) {}

  /** The row that stands for its key: the latest report_time (ties: the greater event_id). */
  public record SemStatsRow(
      String engine,
      String accountId,
      String campaignId,
      String adGroupId,
      String keyword,
      String matchType,
      Instant periodStart,
      Instant periodEnd,
      Instant reportTime,
      String eventId,
      long impressions,
      long clicks,
      long costMicros,
      long conversions,
      long conversionValueMicros) {}
}
