package io.adstream.processing;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.adstream.campaigns.CampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.features.DeviceState;
import io.adstream.features.FeatureVector;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.MapDiff;
import io.adstream.testing.ReferenceModel;
import io.adstream.testing.StageHarness;
import io.adstream.testing.Workload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * guarantee 3 (docs/guarantees.md): for many seeds, random traffic through a simulated event source
 * mapping that crashes before and after writes, loses commits, redelivers whole batches,
 * checkpoints partial ones and bisects — and the final state equals a batch recompute, to the
 * micro: the minute aggregates, and the hour items rolled up beside them. Subclasses supply the
 * stores under test.
 */
abstract class ExactlyOnceFaultInjectionTest {
  private static final int SHARDS = 3;

  /** The state a seed runs against, and how to read it back as a reader of the tables would. */
  interface StateUnderTest {
    ClaimStore claims();

    VersionedStore<MinuteBucketKey, MinuteBucket> aggregates();

    VersionedStore<HourBucketKey, HourBucket> hours();

    VersionedStore<String, DeviceState> devices();

    VersionedStore<String, UserState> users();

    VersionedStore<FloodKey, FloodGroup> floods();

    VersionedStore<String, SourceActivity> sources();

    CampaignStore campaigns();

    Map<CampaignMinute, Measures> totals();

    /** The hour items summed per campaign hour, keyed by the hour's first minute. */
    Map<CampaignMinute, Measures> hourTotals();

    Map<String, FeatureVector> deviceFeatures();

    Map<String, Long> budgets();

    Map<String, Long> semClicks();
  }

  abstract int seeds();

  abstract StateUnderTest newState(AdstreamConfig config, long seed);

  /** Where item writes run: the calling thread unless a subclass runs them concurrently. */
  Executor writers() {
    return Runnable::run;
  }

  /**
   * Where the independent parts of a batch run: the calling thread unless a subclass runs them side
   * by side.
   */
  Executor branches() {
    return Runnable::run;
  }

  /** Impressions per seed; the rest of the traffic scales with it. */
  int impressionsPerSeed() {
    return 300;
  }

  /** SEED=n reruns one seed. */
  @Test
  void finalStateEqualsABatchRecomputeWhateverFailsAlongTheWay() {
    int faults = 0;
    String only = System.getenv("SEED");
    long first = only == null ? 1 : Long.parseLong(only);
    long last = only == null ? seeds() : first;
    for (long seed = first; seed <= last; seed++) {
      faults += runSeed(seed);
    }
    System.out.printf(
        "exactly-once fault injection: %d seeds, %d injected faults%n", last - first + 1, faults);
    assertThat(faults).as("faults injected").isGreaterThan((int) (last - first + 1) * 10);
  }

  private int runSeed(long seed) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"alerts\":{\"clickFlood\":{\"maxClicksPerMinute\":"
                + Workload.FLOOD_THRESHOLD
                + "}}}");
    List<Workload.Delivery> deliveries = Workload.generate(seed, SHARDS, impressionsPerSeed());
    StateUnderTest state = newState(config, seed);
    SplittableRandom chaos = new SplittableRandom(seed * 7919);
    Faults faults = new Faults(chaos);
    StatefulStage stage =
        StatefulStage.builder()
            .config(config)
            .claims(faults.claims(state.claims()))
            .aggregates(faults.store(state.aggregates()))
            .hours(faults.store(state.hours()))
            .devices(faults.store(state.devices()))
            .users(faults.store(state.users()))
            .floods(faults.store(state.floods()))
            .sources(faults.store(state.sources()))
            .campaigns(state.campaigns())
            .userAgents(agent -> agent.contains("bot"))
            .executor(writers())
            .branches(branches())
            .build();

    Map<String, List<SourceRecord>> shards = new TreeMap<>();
    Map<SourceRecord, Workload.Delivery> events = new HashMap<>();
    for (Workload.Delivery delivery : deliveries) {
      List<SourceRecord> shard = shards.computeIfAbsent(delivery.shard(), s -> new ArrayList<>());
      SourceRecord record =
          new SourceRecord(
              StageHarness.STREAM,
              delivery.shard(),
              String.valueOf(100_000 + shard.size()),
              "pk",
              Instant.EPOCH,
              delivery.event().eventId().getBytes(StandardCharsets.UTF_8));
      shard.add(record);
      events.put(record, delivery);
    }
    new SimulatedMapping(stage, shards, events, chaos).drain();
    ReferenceModel reference =
        new ReferenceModel(
                config.windows().allowedLateness(),
                config.windows().impressionWindow(),
                config.windows().conversionLookback(),
                config.alerts().clickFlood().maxClicksPerMinute())
            .compute(deliveries);
    assertThat(MapDiff.of(reference.aggregates, state.totals()))
        .as("aggregates, seed %d", seed)
        .isEmpty();
    assertThat(MapDiff.of(StageHarness.byHour(reference.aggregates), state.hourTotals()))
        .as("hour roll-ups, seed %d", seed)
        .isEmpty();
    assertThat(MapDiff.of(reference.deviceFeatures, state.deviceFeatures()))
        .as("device features, seed %d", seed)
        .isEmpty();
    assertThat(MapDiff.of(reference.campaignBudgets, state.budgets()))
        .as("campaign settings, seed %d", seed)
        .isEmpty();
    assertThat(MapDiff.of(reference.semClicks, state.semClicks()))
        .as("search-ads rows, seed %d", seed)
        .isEmpty();
    assertThat(MapDiff.of(reference.sourceEvents, sourceEvents(state.sources(), shards.keySet())))
        .as("events per source, seed %d", seed)
        .isEmpty();
    assertThat(reference.duplicates + reference.conflicts)
        .as("seed %d exercises dedup", seed)
        .isPositive();
    return faults.injected;
  }

  /**
   * Accepted events per source, merged over the shards' items as the scheduled alert check reads
   * them.
   */
  private static Map<String, Long> sourceEvents(
      VersionedStore<String, SourceActivity> sources, java.util.Set<String> shards) {
    SourceActivity merged = SourceActivity.NONE;
    for (var item :
        sources
            .read(shards.stream().map(shard -> StageHarness.STREAM + "/" + shard).toList())
            .values()) {
      merged = merged.plus(item.value());
    }
    Map<String, Long> events = new TreeMap<>();
    merged.bySource().forEach((source, stats) -> events.put(source, stats.events()));
    return events;
  }

  /** Kinesis' event source mapping, per shard in order, with the failures a deployment sees. */
  private static final class SimulatedMapping {
    private final StatefulStage stage;
    private final Map<String, List<SourceRecord>> shards;
    private final Map<SourceRecord, Workload.Delivery> events;
    private final SplittableRandom chaos;
    private final Map<String, Integer> checkpoints = new HashMap<>();
    private final Map<String, Integer> batchLimit = new HashMap<>();

    SimulatedMapping(
        StatefulStage stage,
        Map<String, List<SourceRecord>> shards,
        Map<SourceRecord, Workload.Delivery> events,
        SplittableRandom chaos) {
      this.stage = stage;
      this.shards = shards;
      this.events = events;
      this.chaos = chaos;
    }

    void drain() {
      List<String> open = new ArrayList<>(shards.keySet());
      while (!open.isEmpty()) {
        String shard = open.get(chaos.nextInt(open.size()));
        List<SourceRecord> records = shards.get(shard);
        int from = checkpoints.getOrDefault(shard, 0);
        if (from >= records.size()) {
          open.remove(shard);
          continue;
        }
        int size =
            Math.min(batchLimit.getOrDefault(shard, 1 + chaos.nextInt(60)), records.size() - from);
        List<SourceRecord> batch = records.subList(from, from + size);
        try {
          List<StageHarness.Staged> staged = staged(batch);
          StatefulStage.Result result = stage.process(staged);
          if (chaos.nextInt(10) == 0) {
            continue; // the invocation timed out after the work: the same batch comes again
          }
          int done = result.firstFailed().map(staged::indexOf).orElse(size);
          checkpoints.put(shard, from + done);
          batchLimit.remove(shard);
        } catch (RuntimeException crash) {
          // a failed invocation: retry, bisecting the batch as BisectBatchOnFunctionError does
          batchLimit.put(shard, Math.max(1, size / 2));
        }
      }
    }

    private List<StageHarness.Staged> staged(List<SourceRecord> batch) {
      List<StageHarness.Staged> staged = new ArrayList<>();
      for (SourceRecord record : batch) {
        staged.add(StageHarness.Staged.of(record, events.get(record).event()));
      }
      return staged;
    }
  }

  /** Crashes before or after a write, and commits that lose their race. */
  private static final class Faults {
    private final SplittableRandom chaos;
    int injected;

    Faults(SplittableRandom chaos) {
      this.chaos = chaos;
    }

    private synchronized boolean strike(int oneIn) {
      if (chaos.nextInt(oneIn) == 0) {
        injected++;
        return true;
      }
      return false;
    }

    ClaimStore claims(ClaimStore delegate) {
      return new StatefulStageTest.DelegatingClaimStore(delegate) {
        @Override
        public CommitResult commit(ClaimWrite write, Instant now) {
          if (strike(40)) {
            throw new IllegalStateException("injected: crash before the claim write");
          }
          if (strike(60)) {
            return new CommitResult.Lost("injected: another writer won");
          }
          CommitResult result = super.commit(write, now);
          if (strike(40)) {
            throw new IllegalStateException("injected: crash after the claim write");
          }
          return result;
        }

        @Override
        public Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys) {
          if (strike(100)) {
            throw new IllegalStateException("injected: read timeout");
          }
          return super.readClaims(keys);
        }
      };
    }

    <K, V> VersionedStore<K, V> store(VersionedStore<K, V> delegate) {
      return new VersionedStore<>() {
        @Override
        public Map<K, Versioned<V>> read(Collection<K> keys) {
          return delegate.read(keys);
        }

        @Override
        public boolean write(K key, long expectedVersion, Versioned<V> next) {
          if (strike(50)) {
            throw new IllegalStateException("injected: crash before an item write");
          }
          boolean written = delegate.write(key, expectedVersion, next);
          if (strike(50)) {
            throw new IllegalStateException("injected: crash after an item write");
          }
          return written;
        }
      };
    }
  }
}
