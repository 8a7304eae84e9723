package io.adstream.processing;

import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.UserAgentClassifier;
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
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.ClaimWrite.Joined;
import io.adstream.dedup.ClaimWrite.PendingMarker;
import io.adstream.dedup.ClaimWrite.Standalone;
import io.adstream.dedup.DedupKey;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.features.DeviceState;
import io.adstream.processing.StatefulStage.Input;
import io.adstream.state.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, record by record in stream order, what each record of one batch is: a replay, a
 * duplicate, a conflict, or a fresh event with its lateness and joins. Works on a batch-local
 * overlay of the prefetched state, so a later record sees what earlier records of the same batch
 * did, and emits the writes that commit each fresh decision.
 */
final class Decider {
  private final AttributionWindows windows;
  private final Duration dedupWindow;
  private final UserAgentClassifier userAgents;
  private final Instant now;
  private final Map<DedupKey, ClaimItem> claims;
  private final Map<String, Versioned<UserState>> storedUsers;
  private final Map<String, UserState> users = new HashMap<>();
  private final Map<String, Versioned<DeviceState>> storedDevices;
  private final Map<FloodKey, Versioned<FloodGroup>> storedFloods;
  private final Map<FloodKey, Long> floodCounts = new HashMap<>();
  private final int floodThreshold;
  private Optional<Instant> watermark;

  Decider(
      AttributionWindows windows,
      Duration dedupWindow,
      UserAgentClassifier userAgents,
      Instant now,
      Optional<Instant> watermark,
      Map<DedupKey, ClaimItem> claims,
      Map<String, Versioned<UserState>> users,
      Map<String, Versioned<DeviceState>> devices,
      Map<FloodKey, Versioned<FloodGroup>> floods,
      int floodThreshold) {
    this.windows = windows;
    this.dedupWindow = dedupWindow;
    this.userAgents = userAgents;
    this.now = now;
    this.watermark = watermark;
    this.claims = new HashMap<>(claims);
    this.storedUsers = Map.copyOf(users);
    this.storedDevices = Map.copyOf(devices);
    this.storedFloods = Map.copyOf(floods);
    this.floodThreshold = floodThreshold;
  }

  record Decided(Outcome outcome, Optional<ClaimWrite> write) {}

  /** The greatest event time among the records accepted so far. */
  Optional<Instant> watermark() {
    return watermark;
  }

  Decided decide(Input input) {
    AdEvent event = input.event();
    DedupKey key = DedupKey.of(event);
    ClaimItem item = claim(key);
    ClaimStatus status = ClaimStatus.of(item.claim(), input.position(), input.fingerprint(), now);
    return switch (status) {
      case ClaimStatus.Replay replay -> {
        advanceWatermark(event.eventTime());
        replayUser(input, replay.claim().decision());
        if (event instanceof Click click && !replay.claim().decision().late()) {
          for (FloodKey flood : floodKeys(click)) {
            if (!storedFloodCovers(flood, input)) {
              floodCount(flood, 1);
            }
          }
        }
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
              standalone(
                  input,
                  key,
                  item,
                  impression,
                  new ImpressionDecision(late),
                  windows.impressionWindow());
          case Click click -> click(input, key, item, click, late);
          case Conversion conversion -> conversion(input, key, item, conversion, late);
          case CampaignUpdate update ->
              standalone(input, key, item, update, new PlainDecision(late), Duration.ZERO);
          case SemStats row ->
              standalone(input, key, item, row, new PlainDecision(late), Duration.ZERO);
        };
      }
    };
  }

  private Decided standalone(
      Input input,
      DedupKey key,
      ClaimItem item,
      AdEvent event,
      Decision decision,
      Duration joinHorizon) {
    Claim claim = claimFor(input, event, decision, joinHorizon);
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false), Optional.of(new Standalone(key, claim)));
  }

  private Decided click(Input input, DedupKey key, ClaimItem item, Click click, boolean late) {
    Instant time = click.eventTime();
    boolean crawler = userAgents.isBot(click.userAgent());
    boolean flooded = false;
    // a late click counts towards no flood and no flood makes it invalid (docs/semantics.md)
    if (!late) {
      for (FloodKey flood : floodKeys(click)) {
        flooded |= floodCount(flood, 1) > floodThreshold;
      }
    }
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
        String reference = new PendingClick(click.clickId(), click.campaignId(), time).encode();
        marker = Optional.of(new PendingMarker(impressionKey.get(), reference));
        claims.put(impressionKey.get(), impression.withPending(reference));
        join = new ClickJoin.Pending(impressionId);
      }
    }

    boolean joinable = !late && !crawler;
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
    UserState user = user(click.userId());
    if (joinable) {
      credits.addAll(
          user.takeoversBy(
              new ClickCredit(click.clickId(), time, click.campaignId()), windows.lookback()));
    }
    Decision decision =
        new ClickDecision(
            late, crawler, flooded, click.campaignId(), click.costMicros(), join, credits);
    users.put(click.userId(), user.after(click, decision, windows));
    Claim claim = claimFor(input, click, decision, windows.lookback());
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false),
        Optional.of(new Joined(key, claim, item.pending(), impressionKey, marker)));
  }

  private Decided conversion(
      Input input, DedupKey key, ClaimItem item, Conversion conversion, boolean late) {
    Instant time = conversion.eventTime();
    UserState user = user(conversion.userId());
    Optional<DedupKey> clickKey = conversion.clickId().map(DedupKey::click);
    Optional<PendingMarker> marker = Optional.empty();
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
            clicked.creditable() && windows.conversionJoinsClick(live.get().eventTime(), time);
        join =
            credits
                ? new ConversionJoin.ByClickId(
                    clickId, clicked.campaignId(), live.get().eventTime())
                : new ConversionJoin.Unattributed();
      } else {
        String reference =
            new PendingConversion(conversion.conversionId(), time, conversion.valueMicros())
                .encode();
        marker = Optional.of(new PendingMarker(clickKey.get(), reference));
        claims.put(clickKey.get(), click.withPending(reference));
        join = new ConversionJoin.PendingClick(clickId);
      }
    } else {
      join =
          user.lastClickBefore(time, windows.lookback())
              .<ConversionJoin>map(
                  c -> new ConversionJoin.ByLastClick(c.clickId(), c.campaignId(), c.clickTime()))
              .orElseGet(ConversionJoin.Unattributed::new);
    }

    Decision decision = new ConversionDecision(late, join);
    users.put(conversion.userId(), user.after(conversion, decision, windows));
    Claim claim = claimFor(input, conversion, decision, Duration.ZERO);
    claims.put(key, item.claimedBy(claim));
    return new Decided(
        new Outcome.Accepted(decision, false),
        Optional.of(new Joined(key, claim, item.pending(), clickKey, marker)));
  }

  /**
   * A claim lives for the dedup window from now, and at least as long (in event time, plus the
   * allowed lateness) as a later event may still join it.
   */
  private Claim claimFor(Input input, AdEvent event, Decision decision, Duration joinHorizon) {
    Instant dedupUntil = now.plus(dedupWindow);
    Instant joinUntil = event.eventTime().plus(joinHorizon).plus(windows.allowedLateness());
    Instant expiresAt = dedupUntil.isAfter(joinUntil) ? dedupUntil : joinUntil;
    return new Claim(
        event.eventId(),
        input.fingerprint(),
        input.position(),
        event.eventTime(),
        expiresAt,
        decision);
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

  static List<FloodKey> floodKeys(Click click) {
    return List.of(FloodKey.device(click.deviceId(), click.eventTime()), ipFloodKey(click));
  }

  static FloodKey ipFloodKey(Click click) {
    return FloodKey.ip(click.ip(), click.eventTime());
  }

  /**
   * Adds {@code clicks} to a flood group's count as of this point of the batch, and returns the
   * count.
   */
  private long floodCount(FloodKey key, long clicks) {
    long count = floodCounts.computeIfAbsent(key, k -> storedFlood(k).clicks()) + clicks;
    floodCounts.put(key, count);
    return count;
  }

  /**
   * A flood group as stored before the batch: an IP's in its own item, a device's in the device's
   * item.
   */
  private FloodGroup storedFlood(FloodKey key) {
    return switch (key.kind()) {
      case DEVICE ->
          Optional.ofNullable(storedDevices.get(key.token()))
              .map(d -> d.value().flood(key.epochMinute()))
              .orElse(FloodGroup.EMPTY);
      case IP ->
          Optional.ofNullable(storedFloods.get(key)).map(Versioned::value).orElse(FloodGroup.EMPTY);
    };
  }

  /**
   * Whether the item holding a flood group already includes the record's click (its first delivery
   * wrote it).
   */
  private boolean storedFloodCovers(FloodKey key, Input input) {
    Optional<? extends Versioned<?>> item =
        switch (key.kind()) {
          case DEVICE -> Optional.ofNullable(storedDevices.get(key.token()));
          case IP -> Optional.ofNullable(storedFloods.get(key));
        };
    return item.map(stored -> stored.fences().covers(input.position())).orElse(false);
  }

  /** The user as of this point of the batch: stored, plus what earlier records of the batch did. */
  private UserState user(String userToken) {
    return users.computeIfAbsent(
        userToken,
        token -> storedUsers.getOrDefault(token, Versioned.absent(UserState.EMPTY)).value());
  }

  /**
   * A replayed click or conversion whose user change the stored user item does not include yet (the
   * first delivery stopped before applying it): later records of the batch must see it.
   */
  private void replayUser(Input input, Decision decision) {
    String userToken =
        switch (input.event()) {
          case Click click -> click.userId();
          case Conversion conversion -> conversion.userId();
          default -> null;
        };
    if (userToken == null) {
      return;
    }
    Versioned<UserState> stored = storedUsers.get(userToken);
    if (stored == null || !stored.fences().covers(input.position())) {
      users.put(userToken, user(userToken).after(input.event(), decision, windows));
    }
  }
}
