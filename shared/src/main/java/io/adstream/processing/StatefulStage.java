package io.adstream.processing;

import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.alerts.Alert;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.SourceActivity;
import io.adstream.alerts.UserAgentClassifier;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionWindows;
import io.adstream.attribution.Decision;
import io.adstream.attribution.UserState;
import io.adstream.campaigns.CampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.AlertSettings;
import io.adstream.config.StateSettings;
import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimCommitter;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.SemStats;
import io.adstream.features.DeviceState;
import io.adstream.state.Contribution;
import io.adstream.state.FencedWriter;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import io.adstream.stream.SourcePosition;
import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Dedup, attribution, aggregates and features for one batch of one shard (guarantees 2-5.5,
 * docs/guarantees.md): the state ends up exactly as if every accepted event were applied once,
 * whatever crashes, partial failures, bisected retries and redeliveries happen.
 *
 * <p>Per batch: read the claims, join state, users and the shard's sources (the latest event time
 * among them is the shard's watermark); decide every record in stream order; commit each fresh
 * record's claim together with its decision (so a redelivery replays it); gather what the records
 * before the first failure change, then apply it to fenced items (minute aggregates and their hour
 * roll-ups, device features, the shard's sources) and to latest-wins items (campaign settings,
 * search-ads rows).
 */
public final class StatefulStage {
  /** The keys of one BatchGetItem request. */
  private static final int KEYS_PER_READ = 100;

  private final AttributionWindows windows;
  private final Duration dedupWindow;
  private final StateSettings state;
  private final ClaimStore claims;
  private final CampaignStore campaigns;
  private final UserAgentClassifier userAgents;
  private final Clock clock;
  private final Executor executor;
  private final Executor branches;
  private final ClaimCommitter committer;
  private final FencedWriter<MinuteBucketKey, MinuteBucket, AggregateDelta> aggregateWriter;
  private final VersionedStore<MinuteBucketKey, MinuteBucket> minutes;
  private final FencedWriter<HourBucketKey, HourBucket, HourChange> hourWriter;
  private final FencedWriter<String, DeviceState, DeviceState.Change> deviceWriter;
  private final VersionedStore<String, DeviceState> devices;
  private final FencedWriter<String, UserState, StateChanges.UserChange> userWriter;
  private final VersionedStore<String, UserState> users;
  private final VersionedStore<String, SourceActivity> sources;
  private final FencedWriter<String, SourceActivity, SourceActivity.Seen> sourceWriter;
  private final FencedWriter<FloodKey, FloodGroup, FloodGroup.Observation> floodWriter;
  private final VersionedStore<FloodKey, FloodGroup> floods;
  private final AlertSettings alertSettings;

  private StatefulStage(Builder builder) {
    AdstreamConfig config = Objects.requireNonNull(builder.config, "config");
    this.windows = AttributionWindows.of(config);
    this.dedupWindow = config.windows().dedupWindow();
    this.state = config.state();
    this.claims = Objects.requireNonNull(builder.claims, "claims");
    this.campaigns = Objects.requireNonNull(builder.campaigns, "campaigns");
    this.userAgents = Objects.requireNonNull(builder.userAgents, "userAgents");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.executor = Objects.requireNonNull(builder.executor, "executor");
    this.branches = Objects.requireNonNull(builder.branches, "branches");
    this.committer = new ClaimCommitter(claims, executor);
    this.minutes = Objects.requireNonNull(builder.aggregates, "aggregates");
    // a batch's deltas to one minute item are folded into one copy of it
    this.aggregateWriter =
        FencedWriter.<MinuteBucketKey, MinuteBucket, AggregateDelta>builder()
            .store(minutes)
            .empty(MinuteBucket.EMPTY)
            .applyAll(MinuteBucket::plus)
            .executor(executor)
            .build();
    this.hourWriter =
        FencedWriter.<HourBucketKey, HourBucket, HourChange>builder()
            .store(Objects.requireNonNull(builder.hours, "hours"))
            .empty(HourBucket.EMPTY)
            .applyAll(
                (hour, changes) ->
                    hour.plus(
                        changes.stream().map(HourChange::delta).toList(), changes.get(0).minutes()))
            .writeOnlyChanges()
            .executor(executor)
            .build();
    this.users = Objects.requireNonNull(builder.users, "users");
    this.floods = Objects.requireNonNull(builder.floods, "floods");
    this.alertSettings = config.alerts();
    int floodThreshold = alertSettings.clickFlood().maxClicksPerMinute();
    this.devices = Objects.requireNonNull(builder.devices, "devices");
    // a non-late click is at most the allowed lateness behind its shard's newest event; a minute
    // more for the
    // minute it falls in
    Duration keepFloods = windows.allowedLateness().plusMinutes(1);
    this.deviceWriter =
        FencedWriter.<String, DeviceState, DeviceState.Change>builder()
            .store(devices)
            .empty(DeviceState.EMPTY)
            .applyAll((device, changes) -> device.after(changes, floodThreshold, keepFloods))
            .executor(executor)
            .build();
    this.floodWriter =
        FencedWriter.<FloodKey, FloodGroup, FloodGroup.Observation>builder()
            .store(floods)
            .empty(FloodGroup.EMPTY)
            .apply((group, click) -> group.with(click, floodThreshold))
            .executor(executor)
            .build();
    this.userWriter =
        FencedWriter.<String, UserState, StateChanges.UserChange>builder()
            .store(users)
            .empty(UserState.EMPTY)
            .apply((user, change) -> user.after(change.event(), change.decision(), windows))
            .executor(executor)
            .build();
    this.sources = Objects.requireNonNull(builder.sources, "sources");
    this.sourceWriter =
        FencedWriter.<String, SourceActivity, SourceActivity.Seen>builder()
            .store(sources)
            .empty(SourceActivity.NONE)
            .applyAll(SourceActivity::with)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What the stage reads of a record that is ready for it ({@link InputRecord.Ready} in a batch).
   */
  public interface Input {
    SourceRecord source();

    /** The masked event: tokens in place of PII. */
    AdEvent event();

    /**
     * Hash of the event's content without its event_id: a resend has the same one, a conflict
     * another.
     */
    String fingerprint();

    /** Put again from the lake by an operator, not sent by a producer. */
    boolean replayed();

    default SourcePosition position() {
      return source().position();
    }
  }

  /**
   * What a batch's records are once their claims are committed, before their effects on the other
   * items are written: everything a lake line or an alert needs, but for what the flood groups
   * decide while those effects are written.
   *
   * @param outcomes what each record is, by the record, in stream order; only those before {@code
   *     firstFailed} took effect
   * @param firstFailed the first record that did not commit: the batch must be checkpointed before
   *     it and retried from it
   * @param attributions join results of the records that took effect
   * @param alerts the alerts those records raise; each alert's id is deterministic, so a redelivery
   *     raises the same ones again for the alert sink to publish once
   */
  public record Committed(
      Map<Input, Outcome> outcomes,
      Optional<Input> firstFailed,
      String failure,
      List<AttributionEvent> attributions,
      List<Alert> alerts) {
    public Committed {
      outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
      Objects.requireNonNull(firstFailed, "firstFailed");
      Objects.requireNonNull(failure, "failure");
      attributions = List.copyOf(attributions);
      alerts = List.copyOf(alerts);
    }
  }

  /**
   * @param committed what the records are, as {@link #process(List, Consumer)} handed it over
   * @param floodAttributions clicks the flood groups invalidated after the fact
   * @param floodAlerts the click-flood alerts of the records that took a group over its threshold
   */
  public record Result(
      Committed committed, List<AttributionEvent> floodAttributions, List<Alert> floodAlerts) {
    public Result {
      Objects.requireNonNull(committed, "committed");
      floodAttributions = List.copyOf(floodAttributions);
      floodAlerts = List.copyOf(floodAlerts);
    }

    public Map<Input, Outcome> outcomes() {
      return committed.outcomes();
    }

    public Optional<Input> firstFailed() {
      return committed.firstFailed();
    }

    public String failure() {
      return committed.failure();
    }

    /** Every join result and invalidation of the records that took effect. */
    public List<AttributionEvent> attributions() {
      return concat(committed.attributions(), floodAttributions);
    }

    /** Every alert the records that took effect raise. */
    public List<Alert> alerts() {
      return concat(committed.alerts(), floodAlerts);
    }

    private static <T> List<T> concat(List<T> first, List<T> then) {
      List<T> all = new ArrayList<>(first);
      all.addAll(then);
      return List.copyOf(all);
    }
  }

  /** What a batch read before deciding: every key it asked for is present, absent items as such. */
  private record Stored(
      Map<DedupKey, ClaimItem> claims,
      Map<String, Versioned<UserState>> users,
      Map<String, Versioned<DeviceState>> devices,
      String shardKey,
      Map<String, Versioned<SourceActivity>> sources,
      Map<FloodKey, Versioned<FloodGroup>> floods) {
    /**
     * The shard's event-time watermark: the greatest event time it has accepted, which its sources'
     * activity holds as their frontier (one item, written once a batch, carries both).
     */
    Optional<Instant> watermark() {
      return sources.get(shardKey).value().frontier();
    }
  }

  /** Processes the records of one shard, in stream order. */
  public Result process(List<? extends Input> batch) {
    return process(batch, committed -> {});
  }

  /**
   * Processes the records of one shard, in stream order, handing {@code whileEffectsApply} what
   * they are as soon as their claims are committed. It runs beside the writes of their effects (on
   * the branches executor), so a caller can land and alert while the items are written; both finish
   * before this returns, and a failure of either is thrown after both.
   */
  public Result process(List<? extends Input> batch, Consumer<Committed> whileEffectsApply) {
    if (batch.isEmpty()) {
      Committed nothing = new Committed(Map.of(), Optional.empty(), "", List.of(), List.of());
      whileEffectsApply.accept(nothing);
      return new Result(nothing, List.of(), List.of());
    }
    Instant now = clock.instant();
    Stored stored = read(batch);
    Map<Input, Decider.Decided> decided = decide(batch, stored, now);
    Map<ClaimWrite, Input> writers = new LinkedHashMap<>();
    decided.forEach(
        (input, decision) -> decision.write().ifPresent(write -> writers.put(write, input)));
    ClaimCommitter.Report committed = committer.commit(List.copyOf(writers.keySet()), now);
    Optional<Input> firstFailed = committed.firstFailed().map(writers::get);

    StateChanges changes = new StateChanges(windows, alertSettings, state, stored.shardKey(), now);
    for (Map.Entry<Input, Decider.Decided> entry : decided.entrySet()) {
      Input input = entry.getKey();
      if (firstFailed.isPresent() && firstFailed.get() == input) {
        break;
      }
      Outcome outcome = entry.getValue().outcome();
      changes.add(
          input, outcome, parkedOn(input, outcome, entry.getValue().write(), stored, committed));
    }
    Map<Input, Outcome> outcomes = new LinkedHashMap<>();
    decided.forEach((input, decision) -> outcomes.put(input, decision.outcome()));
    Set<Alert> alerts = new LinkedHashSet<>(changes.alerts);
    int joins = changes.attributions.size();
    Committed before =
        new Committed(
            outcomes, firstFailed, committed.failure(), changes.attributions, List.copyOf(alerts));
    // the lake and the alerts need nothing the effects write but the floods' outcomes, which
    // the effects add to changes after this copy
    Branches.awaitAll(
        List.of(
            CompletableFuture.runAsync(() -> apply(changes, stored, now), branches),
            CompletableFuture.runAsync(() -> whileEffectsApply.accept(before), branches)));
    Set<Alert> floodAlerts = new LinkedHashSet<>(changes.alerts);
    floodAlerts.removeAll(alerts);
    return new Result(
        before,
        changes.attributions.subList(joins, changes.attributions.size()),
        List.copyOf(floodAlerts));
  }

  /**
   * The claims, users, devices, the shard's sources and IP flood groups a batch needs. The reads
   * are independent: one round trip, not five; a BatchGetItem takes 100 keys, so the claims of a
   * full batch are several requests, side by side too.
   */
  private Stored read(List<? extends Input> batch) {
    String shardKey = shardKey(batch.get(0));
    List<CompletableFuture<Map<DedupKey, ClaimItem>>> claimChunks = new ArrayList<>();
    List<DedupKey> claimKeys = List.copyOf(keysRead(batch));
    for (int from = 0; from < claimKeys.size(); from += KEYS_PER_READ) {
      List<DedupKey> chunk =
          claimKeys.subList(from, Math.min(from + KEYS_PER_READ, claimKeys.size()));
      claimChunks.add(CompletableFuture.supplyAsync(() -> claims.readClaims(chunk), branches));
    }
    CompletableFuture<Map<String, Versioned<UserState>>> usersRead =
        CompletableFuture.supplyAsync(
            () -> asRead(users, usersRead(batch), UserState.EMPTY), branches);
    CompletableFuture<Map<String, Versioned<DeviceState>>> devicesRead =
        CompletableFuture.supplyAsync(
            () -> asRead(devices, devicesRead(batch), DeviceState.EMPTY), branches);
    CompletableFuture<Map<String, Versioned<SourceActivity>>> sourcesRead =
        CompletableFuture.supplyAsync(
            () -> asRead(sources, Set.of(shardKey), SourceActivity.NONE), branches);
    CompletableFuture<Map<FloodKey, Versioned<FloodGroup>>> floodsRead =
        CompletableFuture.supplyAsync(
            () -> asRead(floods, floodKeysRead(batch), FloodGroup.EMPTY), branches);
    List<CompletableFuture<?>> reads = new ArrayList<>(claimChunks);
    reads.addAll(List.of(usersRead, devicesRead, sourcesRead, floodsRead));
    Branches.awaitAll(reads);
    Map<DedupKey, ClaimItem> claimed = new HashMap<>();
    claimChunks.forEach(chunk -> claimed.putAll(chunk.join()));
    return new Stored(
        claimed,
        usersRead.join(),
        devicesRead.join(),
        shardKey,
        sourcesRead.join(),
        floodsRead.join());
  }

  /** Every record in stream order, each seeing what the records before it in the batch did. */
  private Map<Input, Decider.Decided> decide(
      List<? extends Input> batch, Stored stored, Instant now) {
    Decider decider =
        new Decider(
            windows,
            dedupWindow,
            userAgents,
            now,
            stored.watermark(),
            stored.claims(),
            stored.users(),
            stored.devices(),
            stored.floods(),
            alertSettings.clickFlood().maxClicksPerMinute());
    Map<Input, Decider.Decided> decided = new LinkedHashMap<>();
    for (Input input : batch) {
      decided.put(input, decider.decide(input));
    }
    return decided;
  }

  /**
   * What joins had parked on an accepted record's key when it was claimed: as read before the batch
   * for a replay (its claim is older), as its claim write found them for a fresh record.
   */
  private static Set<String> parkedOn(
      Input input,
      Outcome outcome,
      Optional<ClaimWrite> write,
      Stored stored,
      ClaimCommitter.Report committed) {
    if (!(outcome instanceof Outcome.Accepted accepted)) {
      return Set.of();
    }
    if (accepted.replay()) {
      DedupKey key = DedupKey.of(input.event());
      return stored.claims().getOrDefault(key, ClaimItem.unclaimed(key)).pending();
    }
    return write.map(w -> committed.pendingAtClaim().getOrDefault(w, Set.of())).orElse(Set.of());
  }

  /**
   * Independent items, written side by side; only the aggregates wait, for the flood groups (of
   * IPs, and of devices in their items): what those invalidate after the fact goes into the same
   * fenced aggregate writes, minute and hour items side by side. Every branch finishes before the
   * batch returns (or throws), so nothing is checkpointed that is not written.
   */
  private void apply(StateChanges changes, Stored stored, Instant now) {
    Branches.awaitAll(
        List.of(
            CompletableFuture.runAsync(
                () -> {
                  CompletableFuture<Map<FloodKey, FloodGroup>> ipGroups =
                      CompletableFuture.supplyAsync(
                          () -> floodWriter.apply(changes.floods, stored.floods()), branches);
                  CompletableFuture<Map<String, DeviceState>> deviceStates =
                      CompletableFuture.supplyAsync(
                          () -> deviceWriter.apply(changes.devices, stored.devices()), branches);
                  Branches.awaitAll(List.of(ipGroups, deviceStates));
                  Map<FloodKey, FloodGroup> groups = new LinkedHashMap<>(ipGroups.join());
                  deviceStates
                      .join()
                      .forEach(
                          (device, state) ->
                              state
                                  .floods()
                                  .forEach(
                                      (minute, group) ->
                                          groups.put(
                                              new FloodKey(FloodKey.Kind.DEVICE, device, minute),
                                              group)));
                  floodOutcomes(groups, changes, now);
                  Branches.awaitAll(
                      List.of(
                          CompletableFuture.runAsync(
                              () -> aggregateWriter.apply(changes.aggregates), branches),
                          CompletableFuture.runAsync(
                              () -> hourWriter.apply(hourChanges(changes)), branches)));
                },
                branches),
            CompletableFuture.runAsync(
                () -> userWriter.apply(changes.users, stored.users()), branches),
            CompletableFuture.runAsync(
                () -> sourceWriter.apply(changes.sources, stored.sources()), branches),
            CompletableFuture.runAsync(() -> recordLatest(changes.latest), branches)));
  }

  /**
   * What the flood groups' records of this batch did: the alert of the record that took a group
   * over the threshold, and the clicks they moved from valid to invalid — each once, whichever of
   * its two groups (device, IP) claims it first, even when one record floods both. One click's
   * claims are tried in group order; different clicks' are independent items, invalidated side by
   * side on the writers.
   */
  private void floodOutcomes(Map<FloodKey, FloodGroup> groups, StateChanges changes, Instant now) {
    record Attempt(Input by) {}
    Map<String, List<Attempt>> attemptsByClick = new LinkedHashMap<>();
    groups.forEach(
        (key, group) -> {
          group
              .crossedBy()
              .filter(changes.byPosition::containsKey)
              .ifPresent(
                  by -> changes.alerts.add(EventAlerts.flood(key, group, alertSettings, now)));
          group
              .counted()
              .forEach(
                  (clickId, counted) ->
                      counted
                          .retractedBy()
                          .map(changes.byPosition::get)
                          .ifPresent(
                              by ->
                                  attemptsByClick
                                      .computeIfAbsent(clickId, c -> new ArrayList<>())
                                      .add(new Attempt(by))));
        });
    record Retraction(Claim claim, Input by) {}
    Map<String, CompletableFuture<Optional<Retraction>>> invalidated = new LinkedHashMap<>();
    attemptsByClick.forEach(
        (clickId, attempts) ->
            invalidated.put(
                clickId,
                CompletableFuture.supplyAsync(
                    () -> {
                      for (Attempt attempt : attempts) {
                        Optional<Claim> won =
                            claims.invalidate(DedupKey.click(clickId), attempt.by().position());
                        if (won.isPresent()) {
                          return Optional.of(new Retraction(won.get(), attempt.by()));
                        }
                      }
                      return Optional.<Retraction>empty();
                    },
                    executor)));
    Branches.awaitAll(List.copyOf(invalidated.values()));
    invalidated.forEach(
        (clickId, won) ->
            won.join()
                .ifPresent(
                    retraction -> {
                      Decision.ClickDecision click =
                          (Decision.ClickDecision) retraction.claim().decision();
                      Instant clickTime = retraction.claim().eventTime();
                      changes.aggregate(
                          new AggregateDelta(
                              CampaignMinute.of(click.campaignId(), clickTime),
                              new Measures(0, -1, 1, -click.costMicros(), 0, 0, 0, 0)),
                          retraction.by());
                      changes.attributions.add(
                          new AttributionEvent.ClickInvalidation(
                              clickId,
                              click.campaignId(),
                              clickTime,
                              click.costMicros(),
                              "click_flood"));
                    }));
  }

  /**
   * Latest-wins rows, each campaign's or search-ads row's in stream order, different ones side by
   * side on the writers (which one is newest does not depend on the order they land in).
   */
  private void recordLatest(List<AdEvent> events) {
    Map<String, List<AdEvent>> byRow = new LinkedHashMap<>();
    for (AdEvent event : events) {
      String row =
          switch (event) {
            case CampaignUpdate update -> "campaign/" + update.campaignId();
            case SemStats sem ->
                "sem/"
                    + sem.engine()
                    + "/"
                    + sem.accountId()
                    + "/"
                    + sem.campaignId()
                    + "/"
                    + sem.adGroupId()
                    + "/"
                    + sem.keyword();
            default -> throw new IllegalArgumentException("no latest-wins row in " + event.type());
          };
      byRow.computeIfAbsent(row, r -> new ArrayList<>()).add(event);
    }
    Branches.awaitAll(
        byRow.values().stream()
            .map(
                rows ->
                    CompletableFuture.runAsync(
                        () ->
                            rows.forEach(
                                event -> {
                                  switch (event) {
                                    case CampaignUpdate update -> campaigns.recordSettings(update);
                                    case SemStats sem -> campaigns.recordSemRow(sem);
                                    default -> {}
                                  }
                                }),
                        executor))
            .toList());
  }

  /**
   * A batch's delta to an hour item, with how to read the item's shard and bucket's minute items as
   * the batch leaves them: the ones the batch closes are folded into the hour ({@link HourBucket}).
   */
  private record HourChange(AggregateDelta delta, HourBucket.MinuteItems minutes) {}

  private Map<HourBucketKey, List<Contribution<HourChange>>> hourChanges(StateChanges changes) {
    // the last record this attempt applies: a minute item holding a later one is not folded yet
    Optional<SourcePosition> reached =
        changes.aggregates.values().stream()
            .flatMap(List::stream)
            .map(Contribution::position)
            .max((a, b) -> SourcePosition.compareSequences(a.sequenceNumber(), b.sequenceNumber()));
    // the hour items of one minute bucket fold the same minute items: read each once a batch
    Map<MinuteBucketKey, Versioned<MinuteBucket>> minutesRead = new ConcurrentHashMap<>();
    Map<HourBucketKey, List<Contribution<HourChange>>> byHour = new LinkedHashMap<>();
    changes.hours.forEach(
        (hour, contributions) -> {
          HourBucket.MinuteItems minutesOfHour =
              epochMinutes ->
                  minutesAfterBatch(
                          epochMinutes.stream()
                              .map(
                                  m ->
                                      new MinuteBucketKey(
                                          hour.minuteBucket(state.hourItemsPerBucket()),
                                          m,
                                          hour.shardId()))
                              .toList(),
                          changes.aggregates,
                          reached.orElseThrow(),
                          minutesRead)
                      .stream()
                      .map(
                          item ->
                              item.map(
                                  minute ->
                                      minute.only(
                                          campaign ->
                                              hour.holds(campaign, state.hourItemsPerBucket()))))
                      .toList();
          byHour.put(
              hour,
              contributions.stream()
                  .map(
                      c ->
                          new Contribution<>(
                              c.position(), new HourChange(c.delta(), minutesOfHour)))
                  .toList());
        });
    return byHour;
  }

  /**
   * Minute items with this batch's deltas to them, whether or not the minute writer (running beside
   * the hour writer) has stored them yet: their fences say which they hold. Empty for an item that
   * holds a record after {@code reached}: one this batch has not reached, which comes again. Items
   * already in {@code read} are not read again: any read of an item serves, as its fences tell
   * which of the batch's deltas it holds.
   */
  private List<Optional<MinuteBucket>> minutesAfterBatch(
      List<MinuteBucketKey> keys,
      Map<MinuteBucketKey, List<Contribution<AggregateDelta>>> batch,
      SourcePosition reached,
      Map<MinuteBucketKey, Versioned<MinuteBucket>> read) {
    List<MinuteBucketKey> unread = keys.stream().filter(key -> !read.containsKey(key)).toList();
    if (!unread.isEmpty()) {
      Map<MinuteBucketKey, Versioned<MinuteBucket>> stored = minutes.read(unread);
      unread.forEach(
          key ->
              read.putIfAbsent(
                  key, stored.getOrDefault(key, Versioned.absent(MinuteBucket.EMPTY))));
    }
    List<Optional<MinuteBucket>> after = new ArrayList<>(keys.size());
    for (MinuteBucketKey key : keys) {
      Versioned<MinuteBucket> item = read.get(key);
      after.add(
          item.fences().isPast(reached)
              ? Optional.empty()
              : Optional.of(
                  item.value()
                      .plus(
                          batch.getOrDefault(key, List.of()).stream()
                              .filter(c -> !item.fences().covers(c.position()))
                              .map(Contribution::delta)
                              .toList())));
    }
    return after;
  }

  /** The items read, each key present: {@link Versioned#absent} for one not stored. */
  private static <K, V> Map<K, Versioned<V>> asRead(
      VersionedStore<K, V> store, Set<K> keys, V empty) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<K, Versioned<V>> read = new HashMap<>(store.read(keys));
    keys.forEach(key -> read.putIfAbsent(key, Versioned.absent(empty)));
    return read;
  }

  private static String shardKey(Input input) {
    return input.source().stream() + "/" + input.source().shardId();
  }

  private static Set<FloodKey> floodKeysRead(List<? extends Input> batch) {
    Set<FloodKey> keys = new LinkedHashSet<>();
    for (Input input : batch) {
      if (input.event() instanceof Click click) {
        keys.add(Decider.ipFloodKey(click));
      }
    }
    return keys;
  }

  private static Set<String> devicesRead(List<? extends Input> batch) {
    Set<String> devices = new LinkedHashSet<>();
    for (Input input : batch) {
      switch (input.event()) {
        case Click click -> devices.add(click.deviceId());
        case Conversion conversion -> devices.add(conversion.deviceId());
        default -> {}
      }
    }
    return devices;
  }

  private static Set<DedupKey> keysRead(List<? extends Input> batch) {
    Set<DedupKey> keys = new LinkedHashSet<>();
    for (Input input : batch) {
      keys.add(DedupKey.of(input.event()));
      switch (input.event()) {
        case Click click -> click.impressionId().map(DedupKey::impression).ifPresent(keys::add);
        case Conversion conversion ->
            conversion.clickId().map(DedupKey::click).ifPresent(keys::add);
        default -> {}
      }
    }
    return keys;
  }

  private static Set<String> usersRead(List<? extends Input> batch) {
    Set<String> users = new LinkedHashSet<>();
    for (Input input : batch) {
      switch (input.event()) {
        case Click click -> users.add(click.userId());
        case Conversion conversion -> users.add(conversion.userId());
        default -> {}
      }
    }
    return users;
  }

  public static final class Builder {
    private AdstreamConfig config;
    private ClaimStore claims;
    private VersionedStore<MinuteBucketKey, MinuteBucket> aggregates;
    private VersionedStore<HourBucketKey, HourBucket> hours;
    private VersionedStore<String, DeviceState> devices;
    private VersionedStore<String, UserState> users;
    private VersionedStore<FloodKey, FloodGroup> floods;
    private VersionedStore<String, SourceActivity> sources;
    private CampaignStore campaigns;
    private UserAgentClassifier userAgents;
    private Clock clock = Clock.systemUTC();
    private Executor executor = FencedWriter.CALLING_THREAD;
    private Executor branches = FencedWriter.CALLING_THREAD;

    private Builder() {}

    public Builder config(AdstreamConfig config) {
      this.config = config;
      return this;
    }

    public Builder claims(ClaimStore claims) {
      this.claims = claims;
      return this;
    }

    public Builder aggregates(VersionedStore<MinuteBucketKey, MinuteBucket> aggregates) {
      this.aggregates = aggregates;
      return this;
    }

    /** The hour items that roll the minute aggregates up: what hour and day series read. */
    public Builder hours(VersionedStore<HourBucketKey, HourBucket> hours) {
      this.hours = hours;
      return this;
    }

    /** Devices: their activity (features) and their click-flood groups of the recent minutes. */
    public Builder devices(VersionedStore<String, DeviceState> devices) {
      this.devices = devices;
      return this;
    }

    /** Users: recent clicks and last-click credits for attribution, and the user's features. */
    public Builder users(VersionedStore<String, UserState> users) {
      this.users = users;
      return this;
    }

    /** IP click-flood groups: clicks per IP token and minute (a device's are in its item). */
    public Builder floods(VersionedStore<FloodKey, FloodGroup> floods) {
      this.floods = floods;
      return this;
    }

    /**
     * Per shard, what each source sent: what the source-silence check reads, and the shard's
     * event-time watermark (the latest event time of any source).
     */
    public Builder sources(VersionedStore<String, SourceActivity> sources) {
      this.sources = sources;
      return this;
    }

    public Builder campaigns(CampaignStore campaigns) {
      this.campaigns = campaigns;
      return this;
    }

    public Builder userAgents(UserAgentClassifier userAgents) {
      this.userAgents = userAgents;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where independent writes run concurrently (default: the calling thread). */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Where the independent parts of a batch run side by side: the reads before deciding, and after
     * the claims the floods then aggregates, devices, users, the shard's sources and campaign rows.
     * Each part waits for its own item writes on {@link #executor}, so this must not be that
     * bounded pool (virtual threads suit it). Default: the calling thread, one part after another.
     */
    public Builder branches(Executor branches) {
      this.branches = branches;
      return this;
    }

    public StatefulStage build() {
      return new StatefulStage(this);
    }
  }
}
