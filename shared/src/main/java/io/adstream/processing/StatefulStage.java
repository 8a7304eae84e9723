package io.adstream.processing;

import io.adstream.aggregation.AggregateDelta;
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
import io.adstream.dedup.ClaimCommitter;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.features.Activity;
import io.adstream.features.ActivityEvent;
import io.adstream.state.Contribution;
import io.adstream.state.FencedWriter;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Dedup, attribution, aggregates and features for one batch of one shard (guarantee 2 (docs/guarantees.md)-5.5): the state ends
 * up exactly as if every accepted event were applied once, whatever crashes, partial failures, bisected
 * retries and redeliveries happen.
 *
 * <p>Per batch: read the claims, join state, users and the shard watermark; decide every record in stream
 * order; commit each fresh record's claim together with its decision (so a redelivery replays it); then
 * apply the effects of the records before the first failure to fenced items (aggregates, device features,
 * the watermark) and to latest-wins items (campaign settings, search-ads rows).
 */
public final class StatefulStage {
  /** The keys of one BatchGetItem request. */
  private static final int KEYS_PER_READ = 100;

  private final AttributionWindows windows;
  private final Duration dedupWindow;
  private final int campaignBuckets;
  private final ClaimStore claims;
  private final VersionedStore<String, Instant> watermarks;
  private final CampaignStore campaigns;
  private final UserAgentClassifier userAgents;
  private final Clock clock;
  private final Executor executor;
  private final Executor branches;
  private final ClaimCommitter committer;
  private final FencedWriter<MinuteBucketKey, MinuteBucket, AggregateDelta> aggregateWriter;
  private final FencedWriter<String, Activity, ActivityEvent> deviceWriter;
  private final FencedWriter<String, UserState, UserChange> userWriter;
  private final VersionedStore<String, UserState> users;
  private final FencedWriter<String, Instant, Instant> watermarkWriter;
  private final FencedWriter<String, SourceActivity, SourceActivity.Seen> sourceWriter;
  private final FencedWriter<FloodKey, FloodGroup, FloodGroup.Observation> floodWriter;
  private final VersionedStore<FloodKey, FloodGroup> floods;
  private final AlertSettings alertSettings;

  private StatefulStage(Builder builder) {
    AdstreamConfig config = Objects.requireNonNull(builder.config, "config");
    this.windows = AttributionWindows.of(config);
    this.dedupWindow = config.windows().dedupWindow();
    this.campaignBuckets = config.state().campaignBuckets();
    this.claims = Objects.requireNonNull(builder.claims, "claims");
    this.watermarks = Objects.requireNonNull(builder.watermarks, "watermarks");
    this.campaigns = Objects.requireNonNull(builder.campaigns, "campaigns");
    this.userAgents = Objects.requireNonNull(builder.userAgents, "userAgents");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.executor = Objects.requireNonNull(builder.executor, "executor");
    this.branches = Objects.requireNonNull(builder.branches, "branches");
    this.committer = new ClaimCommitter(claims, executor);
    this.aggregateWriter =
        FencedWriter.<MinuteBucketKey, MinuteBucket, AggregateDelta>builder()
            .store(Objects.requireNonNull(builder.aggregates, "aggregates"))
            .empty(MinuteBucket.EMPTY)
            .applyAll(MinuteBucket::plus)
            .executor(executor)
            .build();
    this.deviceWriter =
        FencedWriter.<String, Activity, ActivityEvent>builder()
            .store(Objects.requireNonNull(builder.devices, "devices"))
            .empty(Activity.NONE)
            .apply(ActivityEvent::apply)
            .executor(executor)
            .build();
    this.users = Objects.requireNonNull(builder.users, "users");
    this.floods = Objects.requireNonNull(builder.floods, "floods");
    this.alertSettings = config.alerts();
    int floodThreshold = alertSettings.clickFlood().maxClicksPerMinute();
    this.floodWriter =
        FencedWriter.<FloodKey, FloodGroup, FloodGroup.Observation>builder()
            .store(floods)
            .empty(FloodGroup.EMPTY)
            .apply((group, click) -> group.with(click, floodThreshold))
            .executor(executor)
            .build();
    this.userWriter =
        FencedWriter.<String, UserState, UserChange>builder()
            .store(users)
            .empty(UserState.EMPTY)
            .apply((user, change) -> user.after(change.event(), change.decision(), windows))
            .executor(executor)
            .build();
    this.watermarkWriter =
        FencedWriter.<String, Instant, Instant>builder()
            .store(watermarks)
            .empty(Instant.MIN)
            .apply((current, seen) -> seen.isAfter(current) ? seen : current)
            .build();
    this.sourceWriter =
        FencedWriter.<String, SourceActivity, SourceActivity.Seen>builder()
            .store(Objects.requireNonNull(builder.sources, "sources"))
            .empty(SourceActivity.NONE)
            .applyAll(SourceActivity::with)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param outcomes one per candidate, in order; only those before {@code firstFailedRecord} took effect
   * @param firstFailedRecord the batch index of the first record that did not commit: the batch must be
   *     checkpointed before it and retried from it
   * @param attributions join results of the records that took effect, and clicks invalidated after the fact
   * @param alerts the alerts those records raise; each alert's id is deterministic, so a redelivery raises
   *     the same ones again for the alert sink to publish once
   */
  public record Result(
      List<Outcome> outcomes,
      OptionalInt firstFailedRecord,
      String failure,
      List<AttributionEvent> attributions,
      List<Alert> alerts) {
    public boolean tookEffect(Candidate candidate) {
      return firstFailedRecord.isEmpty() || candidate.index() < firstFailedRecord.getAsInt();
    }
  }

  /** Processes candidates of one shard, in stream order. */
  public Result process(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return new Result(List.of(), OptionalInt.empty(), "", List.of(), List.of());
    }
    Instant now = clock.instant();
    String watermarkKey = watermarkKey(candidates.get(0));
    // the four reads are independent: one round trip, not four
    // a BatchGetItem takes 100 keys: the claims of a full batch are several requests, side by side too
    List<CompletableFuture<Map<DedupKey, ClaimItem>>> claimChunks = new ArrayList<>();
    List<DedupKey> claimKeys = List.copyOf(keysRead(candidates));
    for (int from = 0; from < claimKeys.size(); from += KEYS_PER_READ) {
      List<DedupKey> chunk = claimKeys.subList(from, Math.min(from + KEYS_PER_READ, claimKeys.size()));
      claimChunks.add(CompletableFuture.supplyAsync(() -> claims.readClaims(chunk), branches));
    }
    CompletableFuture<Map<String, Versioned<UserState>>> usersRead =
        CompletableFuture.supplyAsync(() -> asRead(users, usersRead(candidates), UserState.EMPTY), branches);
    CompletableFuture<Map<String, Versioned<Instant>>> watermarkRead =
        CompletableFuture.supplyAsync(() -> asRead(watermarks, Set.of(watermarkKey), Instant.MIN), branches);
    CompletableFuture<Map<FloodKey, Versioned<FloodGroup>>> floodsRead =
        CompletableFuture.supplyAsync(() -> asRead(floods, floodKeysRead(candidates), FloodGroup.EMPTY), branches);
    List<CompletableFuture<?>> reads = new ArrayList<>(claimChunks);
    reads.addAll(List.of(usersRead, watermarkRead, floodsRead));
    Branches.awaitAll(reads);
    Map<DedupKey, ClaimItem> claimed = new java.util.HashMap<>();
    claimChunks.forEach(chunk -> claimed.putAll(chunk.join()));
    Map<String, Versioned<UserState>> storedUsers = usersRead.join();
    Map<String, Versioned<Instant>> storedWatermark = watermarkRead.join();
    Optional<Instant> watermark =
        Optional.of(storedWatermark.get(watermarkKey)).filter(Versioned::isStored).map(Versioned::value);
    Map<FloodKey, Versioned<FloodGroup>> storedFloods = floodsRead.join();

    Decider decider =
        new Decider(
            windows,
            dedupWindow,
            userAgents,
            now,
            watermark,
            claimed,
            storedUsers,
            storedFloods,
            alertSettings.clickFlood().maxClicksPerMinute());
    List<Outcome> outcomes = new ArrayList<>(candidates.size());
    List<ClaimWrite> writes = new ArrayList<>();
    for (Candidate candidate : candidates) {
      Decider.Decided decided = decider.decide(candidate);
      outcomes.add(decided.outcome());
      decided.write().ifPresent(writes::add);
    }
    ClaimCommitter.Report report = committer.commit(writes, now);
    Result result = new Result(outcomes, report.firstFailedRecord(), report.failure(), new ArrayList<>(), new ArrayList<>());

    Map<MinuteBucketKey, List<Contribution<AggregateDelta>>> aggregates = new LinkedHashMap<>();
    Map<String, List<Contribution<ActivityEvent>>> devices = new LinkedHashMap<>();
    Map<String, List<Contribution<UserChange>>> userChanges = new LinkedHashMap<>();
    Map<String, List<Contribution<Instant>>> watermarkSeen = new LinkedHashMap<>();
    Map<String, List<Contribution<SourceActivity.Seen>>> sourcesSeen = new LinkedHashMap<>();
    Map<FloodKey, List<Contribution<FloodGroup.Observation>>> floodClicks = new LinkedHashMap<>();
    Map<String, Candidate> tookEffect = new LinkedHashMap<>();
    List<AdEvent> latest = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = candidates.get(i);
      if (!result.tookEffect(candidate)) {
        break;
      }
      AdEvent event = candidate.event();
      tookEffect.put(positionKey(candidate), candidate);
      switch (outcomes.get(i)) {
        case Outcome.Accepted accepted -> {
          if (event instanceof Click click) {
            Decision.ClickDecision clicked = (Decision.ClickDecision) accepted.decision();
            FloodGroup.Observation observation =
                new FloodGroup.Observation(
                    click.clickId(), click.campaignId(), click.eventTime(), click.costMicros(), !clicked.invalid(),
                    positionKey(candidate));
            Decider.floodKeys(click).forEach(key -> contribute(floodClicks, key, candidate, observation));
          }
          result.alerts().addAll(EventAlerts.of(event, accepted.decision(), alertSettings, now));
          Effects.ofAccepted(event, accepted.decision())
              .forEach(delta -> contribute(aggregates, bucketOf(delta, candidate), candidate, delta));
          activityOf(event).ifPresent(activity -> contribute(devices, deviceOf(event), candidate, activity));
          userOf(event)
              .ifPresent(user -> contribute(userChanges, user, candidate, new UserChange(event, accepted.decision())));
          contribute(watermarkSeen, watermarkKey, candidate, event.eventTime());
          contribute(
              sourcesSeen,
              watermarkKey,
              candidate,
              new SourceActivity.Seen(event.envelope().source(), event.eventTime(), candidate.source().arrivalTime()));
          if (event instanceof CampaignUpdate || event instanceof SemStats) {
            latest.add(event);
          }
          Set<String> parked =
              accepted.replay()
                  ? claimed.getOrDefault(DedupKey.of(event), ClaimItem.unclaimed(DedupKey.of(event))).pending()
                  : report.pendingAtClaim().getOrDefault(candidate.index(), Set.of());
          List<AttributionEvent> joins = AttributionEvents.of(event, accepted.decision(), parked, windows);
          for (AttributionEvent join : joins) {
            // an impression joining clicks parked on it: they stop counting as orphans
            if (event instanceof Impression
                && join instanceof AttributionEvent.ClickAttribution click
                && click.outcome() == AttributionEvent.ClickOutcome.ATTRIBUTED) {
              AggregateDelta joined = Effects.joinedLater(click);
              contribute(aggregates, bucketOf(joined, candidate), candidate, joined);
            }
          }
          result.attributions().addAll(joins);
        }
        case Outcome.Duplicate duplicate -> {
          // a replay of what was applied is no producer duplicate: it changes no aggregate
          if (!candidate.replayed()) {
            Effects.ofDuplicate(event)
                .forEach(delta -> contribute(aggregates, bucketOf(delta, candidate), candidate, delta));
          }
        }
        case Outcome.Conflict conflict -> {}
      }
    }
    // Independent items, written side by side; only the aggregates wait, for the floods: what those
    // invalidate after the fact goes into the same fenced aggregate write. Every branch finishes before
    // the batch returns (or throws), so nothing is checkpointed that is not written.
    Branches.awaitAll(
        List.of(
            CompletableFuture.runAsync(
                () -> {
                  floodOutcomes(floodWriter.apply(floodClicks, storedFloods), tookEffect, aggregates, result, now);
                  aggregateWriter.apply(aggregates);
                },
                branches),
            CompletableFuture.runAsync(() -> deviceWriter.apply(devices), branches),
            CompletableFuture.runAsync(() -> userWriter.apply(userChanges, storedUsers), branches),
            CompletableFuture.runAsync(() -> watermarkWriter.apply(watermarkSeen, storedWatermark), branches),
            CompletableFuture.runAsync(() -> sourceWriter.apply(sourcesSeen), branches),
            CompletableFuture.runAsync(() -> recordLatest(latest), branches)));
    return new Result(
        outcomes,
        result.firstFailedRecord(),
        result.failure(),
        List.copyOf(result.attributions()),
        List.copyOf(new java.util.LinkedHashSet<>(result.alerts())));
  }

  /**
   * What the flood groups' records of this batch did: the alert of the record that took a group over the
   * threshold, and the clicks they moved from valid to invalid — each once, whichever of its two groups
   * (device, IP) claims it first, even when one record floods both. One click's claims are tried in group
   * order; different clicks' are independent items, invalidated side by side on the writers.
   */
  private void floodOutcomes(
      Map<FloodKey, FloodGroup> groups,
      Map<String, Candidate> tookEffect,
      Map<MinuteBucketKey, List<Contribution<AggregateDelta>>> aggregates,
      Result result,
      Instant now) {
    record Attempt(FloodGroup.CountedClick counted, Candidate by) {}
    Map<String, List<Attempt>> attemptsByClick = new LinkedHashMap<>();
    groups.forEach(
        (key, group) -> {
          group.crossedBy()
              .filter(tookEffect::containsKey)
              .ifPresent(by -> result.alerts().add(EventAlerts.flood(key, group, alertSettings, now)));
          group.counted().forEach(
              (clickId, counted) ->
                  counted.retractedBy().map(tookEffect::get).ifPresent(
                      by -> attemptsByClick.computeIfAbsent(clickId, c -> new ArrayList<>()).add(new Attempt(counted, by))));
        });
    Map<String, CompletableFuture<Optional<Attempt>>> invalidated = new LinkedHashMap<>();
    attemptsByClick.forEach(
        (clickId, attempts) ->
            invalidated.put(
                clickId,
                CompletableFuture.supplyAsync(
                    () -> attempts.stream().filter(a -> claims.invalidate(DedupKey.click(clickId), a.by().position())).findFirst(),
                    executor)));
    Branches.awaitAll(List.copyOf(invalidated.values()));
    invalidated.forEach(
        (clickId, won) ->
            won.join().ifPresent(
                attempt -> {
                  FloodGroup.CountedClick counted = attempt.counted();
                  AggregateDelta retraction =
                      new AggregateDelta(
                          io.adstream.aggregation.CampaignMinute.of(counted.campaignId(), counted.clickTime()),
                          new io.adstream.aggregation.Measures(0, -1, 1, -counted.costMicros(), 0, 0, 0, 0));
                  contribute(aggregates, bucketOf(retraction, attempt.by()), attempt.by(), retraction);
                  result.attributions()
                      .add(new AttributionEvent.ClickInvalidation(clickId, counted.campaignId(), counted.clickTime(), counted.costMicros(), "click_flood"));
                }));
  }

  /** A record's position as flood groups store it: unique across shards. */
  private static String positionKey(Candidate candidate) {
    return candidate.source().shardId() + "#" + candidate.position().paddedSequence();
  }

  private static Set<FloodKey> floodKeysRead(List<Candidate> candidates) {
    Set<FloodKey> keys = new LinkedHashSet<>();
    for (Candidate candidate : candidates) {
      if (candidate.event() instanceof Click click) {
        keys.addAll(Decider.floodKeys(click));
      }
    }
    return keys;
  }

  /**
   * Latest-wins rows, each campaign's or search-ads row's in stream order, different ones side by side on
   * the writers (which one is newest does not depend on the order they land in).
   */
  private void recordLatest(List<AdEvent> events) {
    Map<String, List<AdEvent>> byRow = new LinkedHashMap<>();
    for (AdEvent event : events) {
      String row =
          switch (event) {
            case CampaignUpdate update -> "campaign/" + update.campaignId();
            case SemStats sem -> "sem/" + sem.engine() + "/" + sem.accountId() + "/" + sem.campaignId() + "/" + sem.adGroupId() + "/" + sem.keyword();
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

  /** The items read, each key present: {@link Versioned#absent} for one not stored. */
  private static <K, V> Map<K, Versioned<V>> asRead(VersionedStore<K, V> store, Set<K> keys, V empty) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<K, Versioned<V>> read = new java.util.HashMap<>(store.read(keys));
    keys.forEach(key -> read.putIfAbsent(key, Versioned.absent(empty)));
    return read;
  }

  private MinuteBucketKey bucketOf(AggregateDelta delta, Candidate candidate) {
    return MinuteBucketKey.of(delta.at(), candidate.source().shardId(), campaignBuckets);
  }

  private static <K, D> void contribute(Map<K, List<Contribution<D>>> into, K key, Candidate candidate, D delta) {
    into.computeIfAbsent(key, k -> new ArrayList<>()).add(new Contribution<>(candidate.position(), delta));
  }

  private static Optional<ActivityEvent> activityOf(AdEvent event) {
    return switch (event) {
      case Click click -> Optional.of(new ActivityEvent.Clicked(click.eventTime()));
      case Conversion conversion -> Optional.of(new ActivityEvent.Converted(conversion.eventTime()));
      default -> Optional.empty();
    };
  }

  /** A click or conversion and its decision: what changes its user's item. */
  private record UserChange(AdEvent event, io.adstream.attribution.Decision decision) {}

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

  private static String watermarkKey(Candidate candidate) {
    return candidate.source().stream() + "/" + candidate.source().shardId();
  }

  private static Set<DedupKey> keysRead(List<Candidate> candidates) {
    Set<DedupKey> keys = new LinkedHashSet<>();
    for (Candidate candidate : candidates) {
      keys.add(DedupKey.of(candidate.event()));
      switch (candidate.event()) {
        case Click click -> click.impressionId().map(DedupKey::impression).ifPresent(keys::add);
        case Conversion conversion -> conversion.clickId().map(DedupKey::click).ifPresent(keys::add);
        default -> {}
      }
    }
    return keys;
  }

  private static Set<String> usersRead(List<Candidate> candidates) {
    Set<String> users = new LinkedHashSet<>();
    for (Candidate candidate : candidates) {
      switch (candidate.event()) {
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
    private VersionedStore<String, Activity> devices;
    private VersionedStore<String, UserState> users;
    private VersionedStore<FloodKey, FloodGroup> floods;
    private VersionedStore<String, Instant> watermarks;
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

    public Builder devices(VersionedStore<String, Activity> devices) {
      this.devices = devices;
      return this;
    }

    /** Users: recent clicks and last-click credits for attribution, and the user's features. */
    public Builder users(VersionedStore<String, UserState> users) {
      this.users = users;
      return this;
    }

    /** Click-flood groups: clicks per device or IP token and minute. */
    public Builder floods(VersionedStore<FloodKey, FloodGroup> floods) {
      this.floods = floods;
      return this;
    }

    public Builder watermarks(VersionedStore<String, Instant> watermarks) {
      this.watermarks = watermarks;
      return this;
    }

    /** Per shard, what each source sent: what the source-silence check reads. */
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
     * Where the independent parts of a batch run side by side: the reads before deciding, and after the
     * claims the floods then aggregates, devices, users, watermark, sources and campaign rows. Each part
     * waits for its own item writes on {@link #executor}, so this must not be that bounded pool (virtual
     * threads suit it). Default: the calling thread, one part after another.
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
