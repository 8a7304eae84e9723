package io.adstream.flink;

import io.adstream.aggregation.aws.HourBucketMapping;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.alerts.Alert;
import io.adstream.alerts.CrawlerUserAgents;
import io.adstream.alerts.aws.DynamoSnsAlertSink;
import io.adstream.alerts.aws.FloodGroupMapping;
import io.adstream.alerts.aws.SourceActivityMapping;
import io.adstream.attribution.aws.UserStateMapping;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.features.aws.DeviceStateMapping;
import io.adstream.flink.state.FlinkCampaignStore;
import io.adstream.flink.state.FlinkClaimStore;
import io.adstream.flink.state.FlinkItemStore;
import io.adstream.flink.state.ItemChanges;
import io.adstream.flink.state.ItemJson;
import io.adstream.landing.LakeDestination;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.processing.BatchProcessor;
import io.adstream.processing.StatefulStage;
import io.adstream.state.aws.ItemMapping;
import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Lambda processor's core in a Flink operator: each record goes through the same {@link
 * BatchProcessor} and {@link StatefulStage} (decode and validate, quarantine, mask, fingerprint,
 * dedup, attribution, floods, minute aggregates and their hour roll-ups, features, per-event
 * alerts), on stores that live in this operator's keyed state instead of DynamoDB. What the Lambda
 * lands through Firehose and publishes to SNS leaves as the main output (enriched lines) and side
 * outputs; every state item written leaves on {@link #STATE} for the serving tables.
 *
 * <p>The stores span every partition, as the DynamoDB tables span every shard (a click and its
 * impression, a user's clicks and a device's flood may come from different partitions), so the
 * stream is keyed by one key: this operator runs at parallelism 1, and Flink's checkpoints make
 * each of its state changes and outputs exactly-once together with the source offsets.
 */
public final class PipelineFunction
    extends KeyedProcessFunction<String, SourceRecord, Tuple2<String, byte[]>> {
  private static final long serialVersionUID = 1L;

  /** The one key: see the class comment. */
  public static final String ALL = "all";

  /** RocksDB's compaction filter re-reads the clock every this many entries (Flink's default). */
  private static final long ROCKSDB_TTL_QUERY_EVERY = 1000;

  public static final OutputTag<Tuple2<String, byte[]>> ATTRIBUTION = tag("attribution");
  public static final OutputTag<Tuple2<String, byte[]>> QUARANTINE = tag("quarantine");
  public static final OutputTag<Tuple2<String, byte[]>> LATE = tag("late");
  public static final OutputTag<Tuple2<String, byte[]>> ALERTS = tag("alerts");
  public static final OutputTag<Tuple2<String, byte[]>> STATE = tag("state");
  public static final OutputTag<Tuple2<String, byte[]>> TOTALS = tag("totals");

  private final String configOverrides;
  private final PiiKeys keys;

  private transient BatchProcessor processor;
  private transient ValueState<String> totals;
  private transient MapState<String, String> publishedAlerts;
  private transient Emitted emitted;

  /**
   * @param configOverrides the shared configuration's overrides JSON, as {@code ADSTREAM_CONFIG}
   *     holds it
   */
  public PipelineFunction(String configOverrides, PiiKeys keys) {
    this.configOverrides = configOverrides;
    this.keys = keys;
  }

  private static OutputTag<Tuple2<String, byte[]>> tag(String name) {
    return new OutputTag<>(name, Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE)));
  }

  @Override
  public void open(OpenContext context) {
    AdstreamConfig config = AdstreamConfig.withOverrides(configOverrides);
    Clock clock = Clock.systemUTC();
    PiiKeyProvider keyProvider = keys.provider(clock);
    emitted = new Emitted();
    ItemChanges changes = emitted::state;
    Duration claimLife =
        Stream.of(
                config.windows().dedupWindow(),
                config.windows().impressionWindow(),
                config.windows().conversionLookback())
            .max(Duration::compareTo)
            .orElseThrow();
    StatefulStage stage =
        StatefulStage.builder()
            .config(config)
            .claims(
                new FlinkClaimStore(
                    map("claims", claimLife),
                    map("invalidated", claimLife),
                    config.names().stream()))
            .aggregates(
                store(
                    "aggregates",
                    new MinuteBucketMapping(config),
                    config.retention().aggregates(),
                    changes))
            .hours(
                store(
                    "hours",
                    new HourBucketMapping(config),
                    config.retention().aggregates(),
                    changes))
            .devices(
                store(
                    "devices",
                    new DeviceStateMapping(config),
                    config.retention().features(),
                    changes))
            .users(
                store(
                    "users", new UserStateMapping(config), config.retention().features(), changes))
            .floods(
                store(
                    "floods",
                    new FloodGroupMapping(config),
                    config.retention().features(),
                    changes))
            .sources(store("sources", new SourceActivityMapping(config), null, changes))
            .campaigns(
                new FlinkCampaignStore(
                    map("campaigns", null), config.names().campaignsTable(), changes))
            .userAgents(CrawlerUserAgents.load())
            .clock(clock)
            .build();
    publishedAlerts = map("alerts", config.retention().alerts());
    totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", Types.STRING));
    processor =
        BatchProcessor.withCore(config, keyProvider)
            .clock(clock)
            .stage(stage)
            .landing(emitted::land)
            .metrics(batch -> emitted.metrics = batch)
            .alerts(this::publishOnce)
            .build();
  }

  @Override
  public void processElement(
      SourceRecord record, Context context, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    emitted.clear();
    BatchProcessor.Report report = processor.process(List.of(record));
    if (report.firstFailedSequence().isPresent()) {
      // only another writer can make a commit lose, and this task is the only writer: a defect, not
      // load
      throw new IllegalStateException(
          "record "
              + record.position()
              + " did not commit on state no other task writes: "
              + report.failure());
    }
    String key = record.partitionKey();
    boolean late = report.metrics().late() > 0;
    for (byte[] line : emitted.lines.get(LakeDestination.ENRICHED)) {
      out.collect(Tuple2.of(key, line));
      if (late) {
        context.output(LATE, Tuple2.of(key, line));
      }
    }
    emitted
        .lines
        .get(LakeDestination.ATTRIBUTION)
        .forEach(line -> context.output(ATTRIBUTION, Tuple2.of(key, line)));
    emitted
        .lines
        .get(LakeDestination.QUARANTINE)
        .forEach(line -> context.output(QUARANTINE, Tuple2.of(key, line)));
    emitted.alerts.forEach(alert -> context.output(ALERTS, alert));
    emitted.state.forEach(item -> context.output(STATE, item));
    String stored = totals.value();
    RunTotals next =
        (stored == null ? RunTotals.ZERO : RunTotals.fromJson(stored)).plus(emitted.metrics);
    totals.update(next.toJson());
    context.output(TOTALS, Tuple2.of("totals", next.toJson().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The alert sink: an id is published the first time it is raised (the alerts table's claim, in
   * state).
   */
  private List<Alert> publishOnce(List<Alert> raised) {
    List<Alert> published = new ArrayList<>();
    try {
      for (Alert alert : raised) {
        if (!publishedAlerts.contains(alert.id())) {
          publishedAlerts.put(alert.id(), alert.raisedAt().toString());
          published.add(alert);
          emitted.alerts.add(
              Tuple2.of(
                  alert.id(), DynamoSnsAlertSink.payload(alert).getBytes(StandardCharsets.UTF_8)));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read or write published alert ids in Flink state", e);
    }
    return published;
  }

  /**
   * @param name the state's name: part of the job's savepoint layout, so never renamed
   */
  private <K, V> FlinkItemStore<K, V> store(
      String name, ItemMapping<K, V> mapping, Duration ttl, ItemChanges changes) {
    return new FlinkItemStore<>(map(name, ttl), mapping, changes);
  }

  /**
   * A map state; entries expire {@code ttl} after their last write (processing time), or never when
   * null. Expired entries are dropped when read, from every full snapshot, and by RocksDB's
   * compaction; not by the heap backend's incremental cleanup, which under the one key would copy a
   * whole map on every access.
   */
  private MapState<String, String> map(String name, Duration ttl) {
    MapStateDescriptor<String, String> descriptor =
        new MapStateDescriptor<>(name, Types.STRING, Types.STRING);
    if (ttl != null) {
      descriptor.enableTimeToLive(
          StateTtlConfig.newBuilder(ttl)
              .disableCleanupInBackground()
              .cleanupFullSnapshot()
              .cleanupInRocksdbCompactFilter(ROCKSDB_TTL_QUERY_EVERY)
              .build());
    }
    return getRuntimeContext().getMapState(descriptor);
  }

  /** What one record produced, gathered from the sinks the processor calls. */
  private static final class Emitted {
    final Map<LakeDestination, List<byte[]>> lines = new java.util.EnumMap<>(LakeDestination.class);
    final List<Tuple2<String, byte[]>> alerts = new ArrayList<>();
    final List<Tuple2<String, byte[]>> state = new ArrayList<>();
    io.adstream.observability.BatchMetrics metrics;

    void clear() {
      for (LakeDestination destination : LakeDestination.values()) {
        lines.put(destination, new ArrayList<>());
      }
      alerts.clear();
      state.clear();
      metrics = null;
    }

    void land(Map<LakeDestination, List<byte[]>> landed) {
      landed.forEach((destination, batch) -> lines.get(destination).addAll(batch));
    }

    void state(
        String table,
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
      String key =
          table
              + "|"
              + item.get(TableSpec.PARTITION_KEY).s()
              + (item.containsKey(TableSpec.SORT_KEY)
                  ? "|" + item.get(TableSpec.SORT_KEY).s()
                  : "");
      state.add(Tuple2.of(key, ItemJson.write(item).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
