package io.adstream.attribution;

import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.features.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What last-click attribution and the user's features need to know about one user token: recent
 * creditable clicks, recent conversions credited by last click, and activity. Kept in one item so
 * that a click or conversion updates it atomically with its claim.
 *
 * @param clicks creditable clicks ({@link Decision.ClickDecision#creditable()}) by click_id
 * @param conversions non-late conversions without a click_id, by conversion_id, with the click they
 *     credit
 */
public record UserState(
    Map<String, ClickRef> clicks, Map<String, CreditedConversion> conversions, Activity activity) {

  public static final UserState EMPTY = new UserState(Map.of(), Map.of(), Activity.NONE);

  /** The better last click: later, ties broken by the greater click_id (docs/semantics.md). */
  static final Comparator<ClickCredit> LAST_CLICK_ORDER =
      Comparator.comparing(ClickCredit::clickTime).thenComparing(ClickCredit::clickId);

  public UserState {
    clicks = Map.copyOf(clicks);
    conversions = Map.copyOf(conversions);
  }

  public record ClickRef(Instant time, String campaignId) {}

  public record ClickCredit(String clickId, Instant clickTime, String campaignId) {}

  public record CreditedConversion(Instant time, long valueMicros, Optional<ClickCredit> credit) {}

  /** The user's last valid click at most {@code lookback} before {@code conversionTime}. */
  public Optional<ClickCredit> lastClickBefore(Instant conversionTime, Duration lookback) {
    return clicks.entrySet().stream()
        .filter(e -> credits(e.getValue().time(), conversionTime, lookback))
        .map(e -> new ClickCredit(e.getKey(), e.getValue().time(), e.getValue().campaignId()))
        .max(LAST_CLICK_ORDER);
  }

  /**
   * The conversions a new valid click takes over as their later last click: those within the
   * lookback after it whose current credit (if any) is an earlier click.
   */
  public List<CreditMove> takeoversBy(ClickCredit click, Duration lookback) {
    List<CreditMove> moves = new ArrayList<>();
    conversions.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              CreditedConversion conversion = entry.getValue();
              boolean better =
                  conversion.credit().map(c -> LAST_CLICK_ORDER.compare(click, c) > 0).orElse(true);
              if (better && credits(click.clickTime(), conversion.time(), lookback)) {
                moves.add(
                    new CreditMove(
                        entry.getKey(),
                        conversion.time(),
                        conversion.valueMicros(),
                        CreditMove.Method.LAST_CLICK,
                        conversion.credit()));
              }
            });
    return moves;
  }

  /**
   * The state after an accepted click or conversion with its decision. A function of the stored
   * decision only, so a redelivery that re-applies it reaches the same state.
   */
  public UserState after(AdEvent event, Decision decision, AttributionWindows windows) {
    return switch (event) {
      case Click click -> afterClick(click, (Decision.ClickDecision) decision, windows);
      case Conversion conversion ->
          afterConversion(conversion, (Decision.ConversionDecision) decision, windows);
      default ->
          throw new IllegalArgumentException(
              "a " + event.type().wireName() + " does not change a user");
    };
  }

  private UserState afterClick(
      Click click, Decision.ClickDecision decision, AttributionWindows windows) {
    Activity nextActivity = activity.withClick(click.eventTime());
    if (!decision.creditable()) {
      return pruned(clicks, conversions, nextActivity, windows);
    }
    ClickCredit credit = new ClickCredit(click.clickId(), click.eventTime(), click.campaignId());
    Map<String, ClickRef> nextClicks = new HashMap<>(clicks);
    nextClicks.put(click.clickId(), new ClickRef(click.eventTime(), click.campaignId()));
    Map<String, CreditedConversion> nextConversions = conversions;
    for (CreditMove move : decision.credits()) {
      if (move.method() == CreditMove.Method.LAST_CLICK) {
        if (nextConversions == conversions) {
          nextConversions = new HashMap<>(conversions);
        }
        nextConversions.put(
            move.conversionId(),
            new CreditedConversion(move.conversionTime(), move.valueMicros(), Optional.of(credit)));
      }
    }
    return pruned(nextClicks, nextConversions, nextActivity, windows);
  }

  private UserState afterConversion(
      Conversion conversion, Decision.ConversionDecision decision, AttributionWindows windows) {
    Activity nextActivity = activity.withConversion(conversion.eventTime());
    if (decision.late() || conversion.clickId().isPresent()) {
      return pruned(clicks, conversions, nextActivity, windows);
    }
    Optional<ClickCredit> credit =
        decision.join() instanceof ConversionJoin.ByLastClick by
            ? Optional.of(new ClickCredit(by.clickId(), by.clickTime(), by.campaign()))
            : Optional.empty();
    Map<String, CreditedConversion> nextConversions = new HashMap<>(conversions);
    nextConversions.put(
        conversion.conversionId(),
        new CreditedConversion(conversion.eventTime(), conversion.valueMicros(), credit));
    return pruned(clicks, nextConversions, nextActivity, windows);
  }

  /**
   * The state of these clicks, conversions and activity without what no future non-late event can
   * join, and with at most {@code maxClicksPerUser} of the latest clicks and {@code
   * maxConversionsPerUser} of the latest conversions: a user token that thousands of events name (a
   * placeholder a producer fills in) must not grow its item past DynamoDB's 400 KB.
   */
  private static UserState pruned(
      Map<String, ClickRef> clicks,
      Map<String, CreditedConversion> conversions,
      Activity activity,
      AttributionWindows windows) {
    Instant asOf = activity.asOf().orElseThrow();
    Instant horizon = asOf.minus(windows.lookback()).minus(windows.allowedLateness());
    return new UserState(
        latest(clicks, ClickRef::time, horizon, windows.maxClicksPerUser()),
        latest(conversions, CreditedConversion::time, horizon, windows.maxConversionsPerUser()),
        activity);
  }

  /**
   * At most {@code limit} of the latest entries not before {@code horizon}, ties by id: {@code
   * byId} itself when it holds nothing else. A heavy user sits at its limit, so each click adds one
   * entry and drops the oldest: one pass over the entries, where sorting them all was most of the
   * cost of a click on search traffic. Many are dropped at once only when a limit was lowered, at
   * most 300 entries once per user.
   */
  private static <T> Map<String, T> latest(
      Map<String, T> byId, Function<T, Instant> timeOf, Instant horizon, int limit) {
    int expired = 0;
    for (T value : byId.values()) {
      expired += timeOf.apply(value).isBefore(horizon) ? 1 : 0;
    }
    int excess = byId.size() - expired - limit;
    if (expired == 0 && excess <= 0) {
      return byId;
    }
    Comparator<Map.Entry<String, T>> oldestFirst =
        Comparator.comparing((Map.Entry<String, T> e) -> timeOf.apply(e.getValue()))
            .thenComparing(Map.Entry::getKey);
    Map<String, T> kept = new HashMap<>(byId);
    kept.values().removeIf(value -> timeOf.apply(value).isBefore(horizon));
    for (int i = 0; i < excess; i++) {
      kept.remove(Collections.min(kept.entrySet(), oldestFirst).getKey());
    }
    return kept;
  }

  static boolean credits(Instant clickTime, Instant conversionTime, Duration lookback) {
    return !conversionTime.isBefore(clickTime) && !conversionTime.isAfter(clickTime.plus(lookback));
  }
}
