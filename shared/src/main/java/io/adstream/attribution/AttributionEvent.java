package io.adstream.attribution;

import java.time.Instant;
import java.util.Optional;

/**
 * A join result, landed under attribution/. The log is at-least-once and append-only, and the
 * lake's object order is not processing order: a click first seen as pending is later reported
 * attributed when its impression arrives (attributed is final), and a conversion's credit moves
 * only to a later click (its final credit is the line with the latest {@code click_time}, ties by
 * the greater click id). docs/semantics.md says how to read it.
 */
public sealed interface AttributionEvent {
  Instant eventTime();

  record ClickAttribution(
      String clickId,
      String campaignId,
      Instant eventTime,
      ClickOutcome outcome,
      Optional<String> impressionId,
      Optional<ClickJoin.OrphanReason> orphanReason)
      implements AttributionEvent {}

  /**
   * @param clickTime the event time of the click credited, if any: what orders a conversion's
   *     credits
   * @param campaignId the campaign credited, if any
   * @param previousCampaignId for {@link ConversionOutcome#CREDIT_MOVED}: the campaign that lost
   *     the credit
   */
  record ConversionAttribution(
      String conversionId,
      Instant eventTime,
      long valueMicros,
      ConversionOutcome outcome,
      Optional<CreditMove.Method> method,
      Optional<String> clickId,
      Optional<Instant> clickTime,
      Optional<String> campaignId,
      Optional<String> previousCampaignId)
      implements AttributionEvent {}

  /**
   * A click moved from valid to invalid after it was billed: its device or IP minute turned out a
   * flood.
   */
  record ClickInvalidation(
      String clickId, String campaignId, Instant eventTime, long costMicros, String rule)
      implements AttributionEvent {}

  enum ClickOutcome {
    ATTRIBUTED,
    PENDING,
    ORPHAN,
    LATE
  }

  enum ConversionOutcome {
    ATTRIBUTED,
    PENDING,
    UNATTRIBUTED,
    LATE,
    CREDIT_MOVED
  }
}
