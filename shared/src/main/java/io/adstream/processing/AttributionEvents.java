package io.adstream.processing;

import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionEvent.ClickAttribution;
import io.adstream.attribution.AttributionEvent.ClickOutcome;
import io.adstream.attribution.AttributionEvent.ConversionAttribution;
import io.adstream.attribution.AttributionEvent.ConversionOutcome;
import io.adstream.attribution.AttributionWindows;
import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.attribution.Decision.ClickDecision;
import io.adstream.attribution.Decision.ConversionDecision;
import io.adstream.attribution.PendingClick;
import io.adstream.attribution.PendingConversion;
import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The join results an accepted record reports, from its event, its decision and what was parked on
 * its key.
 */
final class AttributionEvents {
  private AttributionEvents() {}

  static List<AttributionEvent> of(
      AdEvent event, Decision decision, Set<String> parked, AttributionWindows windows) {
    List<AttributionEvent> events = new ArrayList<>();
    switch (event) {
      case Impression impression -> {
        for (String reference : parked.stream().sorted().toList()) {
          PendingClick click = PendingClick.decode(reference);
          boolean joins =
              !decision.late()
                  && windows.clickJoinsImpression(impression.eventTime(), click.eventTime());
          events.add(
              new ClickAttribution(
                  click.clickId(),
                  click.campaignId(),
                  click.eventTime(),
                  joins ? ClickOutcome.ATTRIBUTED : ClickOutcome.ORPHAN,
                  Optional.of(impression.impressionId()),
                  joins
                      ? Optional.empty()
                      : Optional.of(
                          decision.late()
                              ? ClickJoin.OrphanReason.IMPRESSION_LATE
                              : ClickJoin.OrphanReason.OUTSIDE_WINDOW)));
        }
      }
      case Click click -> {
        ClickDecision clicked = (ClickDecision) decision;
        events.add(clickAttribution(click, clicked.join()));
        Set<String> credited = new java.util.HashSet<>();
        for (CreditMove move : clicked.credits()) {
          credited.add(move.conversionId());
          events.add(
              new ConversionAttribution(
                  move.conversionId(),
                  move.conversionTime(),
                  move.valueMicros(),
                  move.from().isPresent()
                      ? ConversionOutcome.CREDIT_MOVED
                      : ConversionOutcome.ATTRIBUTED,
                  Optional.of(move.method()),
                  Optional.of(click.clickId()),
                  Optional.of(click.eventTime()),
                  Optional.of(click.campaignId()),
                  move.from().map(from -> from.campaignId())));
        }
        for (String reference : parked.stream().sorted().toList()) {
          PendingConversion waiting = PendingConversion.decode(reference);
          if (!credited.contains(waiting.conversionId())) {
            events.add(
                new ConversionAttribution(
                    waiting.conversionId(),
                    waiting.eventTime(),
                    waiting.valueMicros(),
                    ConversionOutcome.UNATTRIBUTED,
                    Optional.of(CreditMove.Method.CLICK_ID),
                    Optional.of(click.clickId()),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
          }
        }
      }
      case Conversion conversion ->
          events.add(conversionAttribution(conversion, ((ConversionDecision) decision).join()));
      default -> {}
    }
    return events;
  }

  private static ClickAttribution clickAttribution(Click click, ClickJoin join) {
    ClickOutcome outcome =
        switch (join) {
          case ClickJoin.Attributed a -> ClickOutcome.ATTRIBUTED;
          case ClickJoin.Pending p -> ClickOutcome.PENDING;
          case ClickJoin.Orphan o -> ClickOutcome.ORPHAN;
          case ClickJoin.Late l -> ClickOutcome.LATE;
        };
    Optional<ClickJoin.OrphanReason> reason =
        join instanceof ClickJoin.Orphan orphan ? Optional.of(orphan.reason()) : Optional.empty();
    return new ClickAttribution(
        click.clickId(),
        click.campaignId(),
        click.eventTime(),
        outcome,
        click.impressionId(),
        reason);
  }

  private static ConversionAttribution conversionAttribution(
      Conversion conversion, ConversionJoin join) {
    record Shape(
        ConversionOutcome outcome, Optional<CreditMove.Method> method, Optional<String> clickId) {}
    Shape shape =
        switch (join) {
          case ConversionJoin.ByClickId by ->
              new Shape(
                  ConversionOutcome.ATTRIBUTED,
                  Optional.of(CreditMove.Method.CLICK_ID),
                  Optional.of(by.clickId()));
          case ConversionJoin.ByLastClick by ->
              new Shape(
                  ConversionOutcome.ATTRIBUTED,
                  Optional.of(CreditMove.Method.LAST_CLICK),
                  Optional.of(by.clickId()));
          case ConversionJoin.PendingClick pending ->
              new Shape(
                  ConversionOutcome.PENDING,
                  Optional.of(CreditMove.Method.CLICK_ID),
                  Optional.of(pending.clickId()));
          case ConversionJoin.Unattributed u ->
              new Shape(ConversionOutcome.UNATTRIBUTED, Optional.empty(), conversion.clickId());
          case ConversionJoin.Late l ->
              new Shape(ConversionOutcome.LATE, Optional.empty(), conversion.clickId());
        };
    return new ConversionAttribution(
        conversion.conversionId(),
        conversion.eventTime(),
        conversion.valueMicros(),
        shape.outcome(),
        shape.method(),
        shape.clickId(),
        creditedClickTime(join),
        join.campaignId(),
        Optional.empty());
  }

  private static Optional<Instant> creditedClickTime(ConversionJoin join) {
    return switch (join) {
      case ConversionJoin.ByClickId by -> Optional.of(by.clickTime());
      case ConversionJoin.ByLastClick by -> Optional.of(by.clickTime());
      default -> Optional.empty();
    };
  }
}
