package io.adstream.testing;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.SourceActivity;
import io.adstream.attribution.UserState;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.ClaimStore;
import io.adstream.event.AdEvent;
import io.adstream.features.DeviceState;
import io.adstream.processing.StatefulStage;
import io.adstream.state.Versioned;
import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A stateful stage on in-memory stores, fed like a shard: records get increasing sequence numbers.
 */
public final class StageHarness {
  public static final String STREAM = "adstream-events";
  public static final String BOT_AGENT = "Googlebot/2.1";

  public final AdstreamConfig config;
  public final InMemoryClaimStore claims = new InMemoryClaimStore();
  public final InMemoryVersionedStore<MinuteBucketKey, MinuteBucket> aggregates =
      new InMemoryVersionedStore<>();
  public final InMemoryVersionedStore<HourBucketKey, HourBucket> hours =
      new InMemoryVersionedStore<>();
  public final InMemoryVersionedStore<String, DeviceState> devices = new InMemoryVersionedStore<>();
  public final InMemoryVersionedStore<String, UserState> users = new InMemoryVersionedStore<>();
  public final InMemoryVersionedStore<FloodKey, FloodGroup> floods = new InMemoryVersionedStore<>();
  public final InMemoryVersionedStore<String, SourceActivity> sources =
      new InMemoryVersionedStore<>();
  public final InMemoryCampaignStore campaigns = new InMemoryCampaignStore();
  private final MutableClock clock = new MutableClock(TestEvents.T0.plusSeconds(86_400));
  private long nextSequence = 1_000;

  public StageHarness() {
    this(AdstreamConfig.defaults());
  }

  public StageHarness(AdstreamConfig config) {
    this.config = config;
  }

  public StatefulStage stage() {
    return stage(UnaryOperator.identity());
  }

  /** A stage whose claim store is wrapped, e.g. to inject faults. */
  public StatefulStage stage(UnaryOperator<ClaimStore> wrapClaims) {
    return stageBuilder().claims(wrapClaims.apply(claims)).build();
  }

  /** A stage on these stores, for a test to change a part of before it builds it. */
  public StatefulStage.Builder stageBuilder() {
    return StatefulStage.builder()
        .config(config)
        .claims(claims)
        .aggregates(aggregates)
        .hours(hours)
        .devices(devices)
        .users(users)
        .floods(floods)
        .sources(sources)
        .campaigns(campaigns)
        .userAgents(agent -> agent.contains("bot"))
        .clock(clock);
  }

  /**
   * A record ready for the stage, as a batch would carry it, with the event as given: test events
   * are not masked, so they cannot be an {@link io.adstream.processing.InputRecord.Ready}.
   */
  public record Staged(SourceRecord source, AdEvent event, String fingerprint, boolean replayed)
      implements StatefulStage.Input {
    public static Staged of(SourceRecord source, AdEvent event) {
      return new Staged(source, event, StageHarness.fingerprint(event), false);
    }
  }

  /** Records for the events, on {@code shard}, with the next sequence numbers. */
  public List<Staged> batch(String shard, AdEvent... events) {
    List<Staged> batch = new ArrayList<>();
    for (AdEvent event : events) {
      String sequence = String.valueOf(nextSequence++);
      SourceRecord source =
          new SourceRecord(
              STREAM,
              shard,
              sequence,
              "pk",
              clock.instant(),
              event.eventId().getBytes(StandardCharsets.UTF_8));
      batch.add(Staged.of(source, event));
    }
    return batch;
  }

  /** Content without the event_id: equal for a resend, different when any field differs. */
  public static String fingerprint(AdEvent event) {
    String content = event.toString().replace(event.eventId(), "");
    return Integer.toHexString(content.hashCode());
  }

  public StatefulStage.Result run(AdEvent... events) {
    return stage().process(batch("shardId-000000000000", events));
  }

  /** The aggregates as a reader sees them: summed over buckets and shards, per campaign minute. */
  public Map<CampaignMinute, Measures> totals() {
    Map<MinuteBucketKey, Map<String, Measures>> byItem = new HashMap<>();
    aggregates.snapshot().forEach((key, item) -> byItem.put(key, item.value().byCampaign()));
    return summed(byItem, MinuteBucketKey::epochMinute);
  }

  /**
   * The hour items as a reader sees them: each item's closed minutes plus its open minutes' items,
   * summed over buckets and shards, per campaign hour, each keyed by the hour's first minute (so
   * that {@link #byHour} of {@link #totals} is what they must equal).
   */
  public Map<CampaignMinute, Measures> hourTotals() {
    Map<MinuteBucketKey, Versioned<MinuteBucket>> minutes = aggregates.snapshot();
    Map<HourBucketKey, Map<String, Measures>> byItem = new HashMap<>();
    hours
        .snapshot()
        .forEach(
            (key, item) -> {
              List<MinuteBucket> open =
                  item.value().open().stream()
                      .flatMapToLong(HourBucket.OpenMinutes::minutes)
                      .mapToObj(
                          m ->
                              minutes.get(
                                  new MinuteBucketKey(
                                      key.minuteBucket(config.state().hourItemsPerBucket()),
                                      m,
                                      key.shardId())))
                      .filter(Objects::nonNull)
                      .map(
                          minute ->
                              minute
                                  .value()
                                  .only(c -> key.holds(c, config.state().hourItemsPerBucket())))
                      .toList();
              byItem.put(key, item.value().withOpen(open));
            });
    return summed(byItem, key -> key.epochHour() * 60);
  }

  private static <K> Map<CampaignMinute, Measures> summed(
      Map<K, Map<String, Measures>> items, ToLongFunction<K> firstMinute) {
    Map<CampaignMinute, Measures> totals = new TreeMap<>();
    items.forEach(
        (key, campaigns) ->
            campaigns.forEach(
                (campaign, measures) ->
                    totals.merge(
                        new CampaignMinute(campaign, firstMinute.applyAsLong(key)),
                        measures,
                        Measures::plus)));
    totals.values().removeIf(Measures::isZero);
    return totals;
  }

  /** Minutes summed per campaign hour, keyed by the hour's first minute. */
  public static Map<CampaignMinute, Measures> byHour(Map<CampaignMinute, Measures> minutes) {
    Map<CampaignMinute, Measures> hours = new TreeMap<>();
    minutes.forEach(
        (at, measures) ->
            hours.merge(
                new CampaignMinute(at.campaignId(), Math.floorDiv(at.epochMinute(), 60) * 60),
                measures,
                Measures::plus));
    hours.values().removeIf(Measures::isZero);
    return hours;
  }

  public Measures total(String campaign, Instant minuteOf) {
    return totals().getOrDefault(CampaignMinute.of(campaign, minuteOf), Measures.ZERO);
  }

  public void advanceClock(java.time.Duration by) {
    clock.now = clock.now.plus(by);
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
