package io.adstream.processing;

import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.alerts.Alert;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.SourceActivity;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionWindows;
import io.adstream.attribution.Decision;
import io.adstream.config.AlertSettings;
import io.adstream.config.StateSettings;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.features.ActivityEvent;
import io.adstream.features.DeviceState;
import io.adstream.processing.StatefulStage.Input;
import io.adstream.state.Contribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the records of a batch that took effect change, gathered before anything is written: per
 * item, each record's contributions (minute aggregates and their hour roll-ups, devices, users, the
 * shard's sources, whose event-time frontier is its watermark, flood groups), the latest-wins rows,
 * the joins reported and the alerts raised. A function of the records, their outcomes and what was
 * parked on their keys, so a redelivery gathers exactly what the first delivery did; {@link
 * StatefulStage} then writes it.
 */
final class StateChanges {
  final Map<MinuteBucketKey, List<Contribution<AggregateDelta>>> aggregates = new LinkedHashMap<>();

  /**
   * The same contributions as {@link #aggregates}, by the hour item each minute item rolls up into.
   */
  final Map<HourBucketKey, List<Contribution<AggregateDelta>>> hours = new LinkedHashMap<>();

  final Map<String, List<Contribution<DeviceState.Change>>> devices = new LinkedHashMap<>();
  final Map<String, List<Contribution<UserChange>>> users = new LinkedHashMap<>();
  final Map<String, List<Contribution<SourceActivity.Seen>>> sources = new LinkedHashMap<>();
  final Map<FloodKey, List<Contribution<FloodGroup.Observation>>> floods = new LinkedHashMap<>();
  final List<AdEvent> latest = new ArrayList<>();
  final List<AttributionEvent> attributions = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();

  /** The clicks that took effect, by their position as flood groups store it. */
  final Map<String, Input> byPosition = new LinkedHashMap<>();

  private final AttributionWindows windows;
  private final AlertSettings alertSettings;
  private final StateSettings state;
  private final String shardKey;
  private final Instant now;

  StateChanges(
      AttributionWindows windows,
      AlertSettings alertSettings,
      StateSettings state,
      String shardKey,
      Instant now) {
    this.windows = windows;
    this.alertSettings = alertSettings;
    this.state = state;
    this.shardKey = shardKey;
    this.now = now;
  }

  /** A click or conversion and its decision: what changes its user's item. */
  record UserChange(AdEvent event, Decision decision) {}

  /**
   * Adds what one record that took effect changes, records in stream order.
   *
   * @param parked the references joins had parked on an accepted record's key when it was claimed
   */
  void add(Input input, Outcome outcome, Set<String> parked) {
    AdEvent event = input.event();
    switch (outcome) {
      case Outcome.Accepted accepted -> accepted(input, accepted.decision(), parked);
      case Outcome.Duplicate duplicate -> {
        // a replay of what was applied is no producer duplicate: it changes no aggregate
        if (!input.replayed()) {
          Effects.ofDuplicate(event).forEach(delta -> aggregate(delta, input));
        }
      }
      case Outcome.Conflict conflict -> {}
    }
  }

  private void accepted(Input input, Decision decision, Set<String> parked) {
    AdEvent event = input.event();
    Optional<FloodGroup.Observation> flood = Optional.empty();
    // a late click counts towards no flood (docs/semantics.md)
    if (event instanceof Click click && !decision.late()) {
      Decision.ClickDecision clicked = (Decision.ClickDecision) decision;
      // only a click a flood group observes can be named by one as the record that crossed it
      String position = positionKey(input);
      byPosition.put(position, input);
      FloodGroup.Observation observation =
          new FloodGroup.Observation(
              click.clickId(), click.eventTime(), !clicked.invalid(), position);
      contribute(floods, Decider.ipFloodKey(click), input, observation);
      flood = Optional.of(observation);
    }
    alerts.addAll(EventAlerts.of(event, decision, alertSettings, now));
    Effects.ofAccepted(event, decision).forEach(delta -> aggregate(delta, input));
    Optional<FloodGroup.Observation> deviceFlood = flood;
    activityOf(event)
        .ifPresent(
            activity ->
                contribute(
                    devices,
                    deviceOf(event),
                    input,
                    new DeviceState.Change(activity, deviceFlood)));
    userOf(event)
        .ifPresent(user -> contribute(users, user, input, new UserChange(event, decision)));
    contribute(
        sources,
        shardKey,
        input,
        new SourceActivity.Seen(
            event.envelope().source(), event.eventTime(), input.source().arrivalTime()));
    if (event instanceof CampaignUpdate || event instanceof SemStats) {
      latest.add(event);
    }
    List<AttributionEvent> joins = AttributionEvents.of(event, decision, parked, windows);
    for (AttributionEvent join : joins) {
      // an impression joining clicks parked on it: they stop counting as orphans
      if (event instanceof Impression
          && join instanceof AttributionEvent.ClickAttribution click
          && click.outcome() == AttributionEvent.ClickOutcome.ATTRIBUTED) {
        aggregate(Effects.joinedLater(click), input);
      }
    }
    attributions.addAll(joins);
  }

  /**
   * An aggregate change of the record {@code by}, in its shard's bucket of the delta's minute and
   * of that minute's hour. Each item fences it by the same record, so a redelivery applies it to
   * whichever of the two does not include it yet, and to neither twice.
   */
  void aggregate(AggregateDelta delta, Input by) {
    MinuteBucketKey minute =
        MinuteBucketKey.of(delta.at(), by.source().shardId(), state.campaignBuckets());
    contribute(aggregates, minute, by, delta);
    contribute(
        hours,
        HourBucketKey.of(minute, delta.at().campaignId(), state.hourItemsPerBucket()),
        by,
        delta);
  }

  /** A record's position as flood groups store it: unique across shards. */
  private static String positionKey(Input input) {
    return input.source().shardId() + "#" + input.position().paddedSequence();
  }

  private static <K, D> void contribute(
      Map<K, List<Contribution<D>>> into, K key, Input input, D delta) {
    into.computeIfAbsent(key, k -> new ArrayList<>())
        .add(new Contribution<>(input.position(), delta));
  }

  private static Optional<ActivityEvent> activityOf(AdEvent event) {
    return switch (event) {
      case Click click -> Optional.of(new ActivityEvent.Clicked(click.eventTime()));
      case Conversion conversion ->
          Optional.of(new ActivityEvent.Converted(conversion.eventTime()));
      default -> Optional.empty();
    };
  }

  private static Optional<String> userOf(AdEvent event) {
    return switch (event) {
      case Click click -> Optional.of(click.userId());
      case Conversion conversion -> Optional.of(conversion.userId());
      default -> Optional.empty();
    };
  }

  private static String deviceOf(AdEvent event) {
    return switch (event) {
      case Click click -> click.deviceId();
      case Conversion conversion -> conversion.deviceId();
      default -> throw new IllegalArgumentException("no device activity in " + event.type());
    };
  }
}
