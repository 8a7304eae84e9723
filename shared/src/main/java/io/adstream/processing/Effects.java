package io.adstream.processing;

import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.attribution.Decision.ClickDecision;
import io.adstream.attribution.Decision.ConversionDecision;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate changes a record causes: a function of the event and its stored decision only, so a
 * redelivery computes exactly what the first delivery did.
 */
final class Effects {
  private Effects() {}

  static List<AggregateDelta> ofAccepted(AdEvent event, Decision decision) {
    return switch (event) {
      case Impression i -> List.of(delta(i.campaignId(), i, Measures.impression(i.costMicros())));
      case Click c -> {
        ClickDecision clicked = (ClickDecision) decision;
        List<AggregateDelta> deltas = new ArrayList<>();
        Measures billed =
            clicked.invalid() ? Measures.invalidClick() : Measures.validClick(c.costMicros());
        deltas.add(
            delta(
                c.campaignId(),
                c,
                unjoined(clicked.join()) ? billed.plus(Measures.orphanClicks(1)) : billed));
        for (CreditMove move : clicked.credits()) {
          Measures credit = Measures.conversion(move.valueMicros());
          move.from()
              .ifPresent(
                  previous ->
                      deltas.add(
                          new AggregateDelta(
                              CampaignMinute.of(previous.campaignId(), move.conversionTime()),
                              credit.negate())));
          deltas.add(
              new AggregateDelta(CampaignMinute.of(c.campaignId(), move.conversionTime()), credit));
        }
        yield deltas;
      }
      case Conversion c ->
          ((ConversionDecision) decision)
              .join()
              .campaignId()
              .map(campaign -> List.of(delta(campaign, c, Measures.conversion(c.valueMicros()))))
              .orElse(List.of());
      case CampaignUpdate u -> List.of();
      case SemStats s -> List.of();
    };
  }

  /**
   * An orphan until an impression joins it: a pending click counts as orphan, and the impression
   * that joins it later takes it back ({@link #joinedLater}). A click that names no impression
   * comes from traffic without impression tracking (search, app installs): nothing failed to join,
   * so it is no orphan.
   */
  private static boolean unjoined(ClickJoin join) {
    return join instanceof ClickJoin.Orphan orphan
            && orphan.reason() != ClickJoin.OrphanReason.NO_IMPRESSION_ID
        || join instanceof ClickJoin.Pending;
  }

  /** A click parked on this impression and joined by it is no orphan after all. */
  static AggregateDelta joinedLater(AttributionEvent.ClickAttribution click) {
    return new AggregateDelta(
        CampaignMinute.of(click.campaignId(), click.eventTime()), Measures.orphanClicks(-1));
  }

  /**
   * Duplicates of impressions and clicks count against their campaign, in the duplicate's minute.
   */
  static List<AggregateDelta> ofDuplicate(AdEvent event) {
    return switch (event) {
      case Impression i -> List.of(delta(i.campaignId(), i, Measures.duplicate()));
      case Click c -> List.of(delta(c.campaignId(), c, Measures.duplicate()));
      default -> List.of();
    };
  }

  private static AggregateDelta delta(String campaignId, AdEvent event, Measures measures) {
    return new AggregateDelta(CampaignMinute.of(campaignId, event.eventTime()), measures);
  }
}
