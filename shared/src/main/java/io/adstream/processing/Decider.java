package io.adstream.processing;

import io.adstream.attribution.AttributionWindows;
import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.attribution.Decision.ClickDecision;
import io.adstream.attribution.Decision.ConversionDecision;
import io.adstream.attribution.Decision.ImpressionDecision;
import io.adstream.attribution.Decision.PlainDecision;
import io.adstream.attribution.PendingClick;
import io.adstream.attribution.PendingConversion;
import io.adstream.attribution.UserState;
import io.adstream.attribution.UserState.ClickCredit;
import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStatus;
import io.adstream.dedup.DedupKey;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.processing.ClaimWrite.Joined;
import io.adstream.processing.ClaimWrite.PendingMarker;
import io.adstream.processing.ClaimWrite.Standalone;
import io.adstream.processing.ClaimWrite.UserWrite;
import io.adstream.state.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, record by record in stream order, what each candidate of one batch is: a replay, a duplicate, a
 * conflict, or a fresh event with its lateness and joins. Works on a batch-local overlay of the prefetched
 * state, so a later record sees what earlier records of the same batch did, and emits the writes that
 * commit each fresh decision.
 */
final class Decider {
  private final AttributionWindows windows;
  private final Duration dedupWindow;
  private final UserAgentClassifier userAgents;
  private final Instant now;
  private final Map<DedupKey, ClaimItem> claims;
  private final Map<String, Versioned<UserState>> users;
  private Optional<Instant> watermark;

  Decider(
      AttributionWindows windows,
      Duration dedupWindow,
      UserAgentClassifier userAgents,
      Instant now,
      Optional<Instant> watermark,
      Map<DedupKey, ClaimItem> claims,
      Map<String, Versioned<UserState>> users) {
    this.windows = windows;
    this.dedupWindow = dedupWindow;
    this.userAgents = userAgents;
    this.now = now;
    this.watermark = watermark;
    this.claims = new HashMap<>(claims);
    this.users = new HashMap<>(users);
  }

  record Decided(Outcome outcome, Optional<ClaimWrite> write) {}

  /** The greatest event time among the records accepted so far. */
  Optional<Instant> watermark() {
    return watermark;
  }

  Decided decide(Candidate candidate) {
    AdEvent event = candidate.event();
    DedupKey key = DedupKey.of(event);
    ClaimItem item = claim(key);
    ClaimStatus status = ClaimStatus.of(item.claim(), candidate.position(), candidate.fingerprint(), now);
    return switch (status) {
      case ClaimStatus.Replay replay -> {
        advanceWatermark(event.eventTime());
        yield new Decided(new Outcome.Accepted(replay.claim().decision(), true), Optional.empty());
      }
      case ClaimStatus.Duplicate duplicate ->
          new Decided(new Outcome.Duplicate(duplicate.winner().eventId()), Optional.empty());
      case ClaimStatus.Conflict conflict ->
          new Decided(new Outcome.Conflict(conflict.winner().eventId()), Optional.empty());
      case ClaimStatus.Fresh fresh -> {
        boolean late = isLate(event.eventTime());
        advanceWatermark(event.eventTime());
        yield switch (event) {
          case Impression impression ->
              standalone(candidate, key, item, impression, new ImpressionDecision(late), windows.impressionWindow());
          case Click click -> click(candidate, key, item, click, late);
          case Conversion conversion -> conversion(candidate, key, item, conversion, late);
          case CampaignUpdate update -> standalone(candidate, key, item, update, new PlainDecision(late), Duration.ZERO);
          case SemStats row -> standalone(candidate, key, item, row, new PlainDecision(late), Duration.ZERO);
        };
      }
    };
  }

  private Decided standalone(
      Candidate candidate, DedupKey key, ClaimItem item, AdEvent event, Decision decision, Duration joinHorizon) {
    Claim claim = claimFor(candidate, event, decision, joinHorizon);
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false), Optional.of(new Standalone(candidate.index(), key, claim)));
  }

  private Decided click(Candidate candidate, DedupKey key, ClaimItem item, Click click, boolean late) {
    Instant time = click.eventTime();
    boolean invalid = userAgents.isBot(click.userAgent());
    Optional<DedupKey> impressionKey = click.impressionId().map(DedupKey::impression);
    Optional<PendingMarker> marker = Optional.empty();
    ClickJoin join;
    if (late) {
      join = new ClickJoin.Late();
    } else if (impressionKey.isEmpty()) {
      join = new ClickJoin.Orphan(ClickJoin.OrphanReason.NO_IMPRESSION_ID);
    } else {
      String impressionId = click.impressionId().orElseThrow();
      ClaimItem impression = claim(impressionKey.get());
      Optional<Claim> live = impression.claim().filter(c -> c.isLive(now));
      if (live.isPresent()) {
        if (live.get().decision().late()) {
          join = new ClickJoin.Orphan(ClickJoin.OrphanReason.IMPRESSION_LATE);
        } else if (windows.clickJoinsImpression(live.get().eventTime(), time)) {
          join = new ClickJoin.Attributed(impressionId);
        } else {
          join = new ClickJoin.Orphan(ClickJoin.OrphanReason.OUTSIDE_WINDOW);
        }
      } else {
        String reference = new PendingClick(click.clickId(), time).encode();
        marker = Optional.of(new PendingMarker(impressionKey.get(), reference));
        claims.put(impressionKey.get(), impression.withPending(reference));
        join = new ClickJoin.Pending(impressionId);
      }
    }

    boolean joinable = !late && !invalid;
    List<CreditMove> credits = new ArrayList<>();
    item.pending().stream()
        .sorted()
        .map(PendingConversion::decode)
        .filter(waiting -> joinable && windows.conversionJoinsClick(time, waiting.eventTime()))
        .forEach(
            waiting ->
                credits.add(
                    new CreditMove(
                        waiting.conversionId(),
                        waiting.eventTime(),
                        waiting.valueMicros(),
                        CreditMove.Method.CLICK_ID,
                        Optional.empty())));
    Versioned<UserState> user = user(click.userId());
    UserState.Update update =
        user.value().withClick(new ClickCredit(click.clickId(), time, click.campaignId()), joinable, windows);
    credits.addAll(update.creditMoves());
    users.put(click.userId(), new Versioned<>(update.state(), user.version() + 1, user.fences()));

    Decision decision = new ClickDecision(late, invalid, click.campaignId(), join, credits);
    Claim claim = claimFor(candidate, click, decision, windows.lookback());
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false),
        Optional.of(
            new Joined(
                candidate.index(),
                key,
                claim,
                item.pending(),
                impressionKey,
                Optional.of(new UserWrite(click.userId(), user.version(), update.state())),
                marker)));
  }

  private Decided conversion(Candidate candidate, DedupKey key, ClaimItem item, Conversion conversion, boolean late) {
    Instant time = conversion.eventTime();
    Versioned<UserState> user = user(conversion.userId());
    Optional<DedupKey> clickKey = conversion.clickId().map(DedupKey::click);
    Optional<PendingMarker> marker = Optional.empty();
    Optional<ClickCredit> lastClick = Optional.empty();
    ConversionJoin join;
    if (late) {
      join = new ConversionJoin.Late();
    } else if (clickKey.isPresent()) {
      String clickId = conversion.clickId().orElseThrow();
      ClaimItem click = claim(clickKey.get());
      Optional<Claim> live = click.claim().filter(c -> c.isLive(now));
      if (live.isPresent()) {
        ClickDecision clicked = (ClickDecision) live.get().decision();
        boolean credits =
            !clicked.late() && !clicked.invalid() && windows.conversionJoinsClick(live.get().eventTime(), time);
        join = credits ? new ConversionJoin.ByClickId(clickId, clicked.campaignId()) : new ConversionJoin.Unattributed();
      } else {
        String reference = new PendingConversion(conversion.conversionId(), time, conversion.valueMicros()).encode();
        marker = Optional.of(new PendingMarker(clickKey.get(), reference));
        claims.put(clickKey.get(), click.withPending(reference));
        join = new ConversionJoin.PendingClick(clickId);
      }
    } else {
      lastClick = user.value().lastClickBefore(time, windows.lookback());
      join =
          lastClick
              .<ConversionJoin>map(c -> new ConversionJoin.ByLastClick(c.clickId(), c.campaignId()))
              .orElseGet(ConversionJoin.Unattributed::new);
    }

    boolean creditableByLastClick = !late && clickKey.isEmpty();
    UserState next =
        user.value()
            .withConversion(
                conversion.conversionId(), time, conversion.valueMicros(), lastClick, creditableByLastClick, windows);
    users.put(conversion.userId(), new Versioned<>(next, user.version() + 1, user.fences()));

    Decision decision = new ConversionDecision(late, join);
    Claim claim = claimFor(candidate, conversion, decision, Duration.ZERO);
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false),
        Optional.of(
            new Joined(
                candidate.index(),
                key,
                claim,
                item.pending(),
                clickKey,
                Optional.of(new UserWrite(conversion.userId(), user.version(), next)),
                marker)));
  }

  /**
   * A claim lives for the dedup window from now, and at least as long (in event time, plus the allowed
   * lateness) as a later event may still join it.
   */
  private Claim claimFor(Candidate candidate, AdEvent event, Decision decision, Duration joinHorizon) {
    Instant dedupUntil = now.plus(dedupWindow);
    Instant joinUntil = event.eventTime().plus(joinHorizon).plus(windows.allowedLateness());
    Instant expiresAt = dedupUntil.isAfter(joinUntil) ? dedupUntil : joinUntil;
    return new Claim(event.eventId(), candidate.fingerprint(), candidate.position(), event.eventTime(), expiresAt, decision);
  }

  private boolean isLate(Instant eventTime) {
    return watermark.map(w -> eventTime.isBefore(w.minus(windows.allowedLateness()))).orElse(false);
  }

  private void advanceWatermark(Instant eventTime) {
    if (watermark.isEmpty() || eventTime.isAfter(watermark.get())) {
      watermark = Optional.of(eventTime);
    }
  }

  private ClaimItem claim(DedupKey key) {
    return claims.computeIfAbsent(key, ClaimItem::unclaimed);
  }

  private Versioned<UserState> user(String userToken) {
    return users.getOrDefault(userToken, Versioned.absent(UserState.EMPTY));
  }
}
