package io.adstream.processing;

import io.adstream.alerts.Alert;
import io.adstream.alerts.AlertSink;
import io.adstream.attribution.AttributionEvent;
import io.adstream.attribution.AttributionEvent.ClickAttribution;
import io.adstream.attribution.AttributionEvent.ClickOutcome;
import io.adstream.attribution.AttributionEvent.ConversionAttribution;
import io.adstream.attribution.AttributionEvent.ConversionOutcome;
import io.adstream.attribution.Decision;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.Fingerprint;
import io.adstream.event.EventType;
import io.adstream.landing.LakeDestination;
import io.adstream.landing.LandingLines;
import io.adstream.landing.LandingSink;
import io.adstream.observability.BatchMetrics;
import io.adstream.observability.MetricsSink;
import io.adstream.pii.MaskedEvent;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.PiiMasker;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.replay.ReplayEnvelope;
import io.adstream.state.CapacityMeter;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import io.adstream.validation.Reason;
import io.adstream.validation.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One batch of one shard, end to end: decode and validate, quarantine what is bad, mask, run the
 * stateful stage, land enriched, attribution and quarantine lines, publish metrics, and say where
 * the batch must be checkpointed. Not thread-safe: one per handler instance (a shard is processed
 * by one invocation at a time).
 */
public final class BatchProcessor {
  private final EventCodec codec;
  private final EventCodec replayCodec;
  private final PiiMasker masker;
  private final QuarantineSealer sealer;
  private final ReplayEnvelope replayEnvelopes;
  private final StatefulStage stage;
  private final LandingSink landing;
  private final MetricsSink metrics;
  private final AlertSink alerts;
  private final CapacityMeter meter;
  private final Clock clock;
  private final Executor branches;
  private final Fingerprint fingerprint = new Fingerprint();
  private final LandingLines landingLines = new LandingLines();

  private BatchProcessor(Builder builder) {
    this.codec = Objects.requireNonNull(builder.codec, "codec");
    this.replayCodec = Objects.requireNonNull(builder.replayCodec, "replayCodec");
    this.masker = Objects.requireNonNull(builder.masker, "masker");
    this.sealer = Objects.requireNonNull(builder.sealer, "sealer");
    this.replayEnvelopes = Objects.requireNonNull(builder.replayEnvelopes, "replayEnvelopes");
    this.stage = Objects.requireNonNull(builder.stage, "stage");
    this.landing = Objects.requireNonNull(builder.landing, "landing");
    this.metrics = Objects.requireNonNull(builder.metrics, "metrics");
    this.alerts = Objects.requireNonNull(builder.alerts, "alerts");
    this.meter = Objects.requireNonNull(builder.meter, "meter");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.branches = Objects.requireNonNull(builder.branches, "branches");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with the stateless parts every deployment configures alike (codecs, masking, sealing,
   * replay envelopes), still missing the stage and the sinks, which are the deployment's.
   */
  public static Builder withCore(AdstreamConfig config, PiiKeyProvider keys) {
    return builder()
        .codec(EventCodec.builder().futureTolerance(config.windows().futureTolerance()).build())
        .replayCodec(
            EventCodec.builder()
                .futureTolerance(config.windows().futureTolerance())
                .maskedInput(true)
                .build())
        .masker(PiiMasker.builder().keyProvider(keys).build())
        .sealer(QuarantineSealer.builder().keyProvider(keys).build())
        .replayEnvelopes(ReplayEnvelope.builder().keyProvider(keys).build());
  }

  /**
   * @param firstFailedSequence the sequence number to report as the batch's failed item: Kinesis
   *     then checkpoints before it and delivers it again; empty when the whole batch took effect
   */
  public record Report(
      Optional<String> firstFailedSequence, String failure, BatchMetrics metrics) {}

  /**
   * Processes the records of one shard, in stream order. Infrastructure failures that leave nothing
   * to checkpoint (a store or Firehose down) are thrown: the event source mapping retries the
   * batch, and every record of it replays its committed decision.
   */
  public Report process(List<SourceRecord> records) {
    long started = System.nanoTime();
    Map<String, Double> unitsBefore = meter.writeUnitsByItem();
    Instant now = clock.instant();
    List<InputRecord> inputs = new ArrayList<>(records.size());
    List<InputRecord.Ready> ready = new ArrayList<>();
    for (SourceRecord record : records) {
      InputRecord input = admit(record, now);
      inputs.add(input);
      if (input instanceof InputRecord.Ready r) {
        ready.add(r);
      }
    }

    Map<LakeDestination, List<byte[]>> lines = new EnumMap<>(LakeDestination.class);
    for (LakeDestination destination : LakeDestination.values()) {
      lines.put(destination, new ArrayList<>());
    }
    Counts counts = new Counts();
    TreeMap<String, Integer> published = new TreeMap<>();
    // lines and alerts go out while the stage writes the records' effects: they need only what the
    // claims committed, so the lake and the alerts are not one more round trip after the state
    StatefulStage.Result result =
        stage.process(
            ready,
            committed -> {
              for (InputRecord input : inputs) {
                if (committed.firstFailed().isPresent() && committed.firstFailed().get() == input) {
                  break; // it and the records after it are delivered again
                }
                counts.received++;
                switch (input) {
                  case InputRecord.Rejected rejected ->
                      quarantine(rejected.quarantined(), counts, lines);
                  case InputRecord.Ready accepted ->
                      land(accepted, committed.outcomes().get(accepted), now, counts, lines);
                }
              }
              output(lines, committed.attributions(), committed.alerts(), counts, published);
            });
    // what the flood groups decided while the effects were written: most batches have none
    Map<LakeDestination, List<byte[]>> floodLines = new EnumMap<>(LakeDestination.class);
    floodLines.put(LakeDestination.ATTRIBUTION, new ArrayList<>());
    output(floodLines, result.floodAttributions(), result.floodAlerts(), counts, published);

    BatchMetrics batch =
        new BatchMetrics(
            records.isEmpty() ? "" : records.get(0).shardId(),
            counts.received,
            counts.accepted,
            counts.acceptedByWireName(),
            counts.duplicates,
            counts.quarantined,
            new TreeMap<>(counts.byReason),
            counts.late,
            counts.attributed,
            counts.orphan,
            counts.unattributed,
            counts.invalidClicks,
            lines.values().stream().mapToInt(List::size).sum()
                + floodLines.get(LakeDestination.ATTRIBUTION).size(),
            published,
            unitsSince(unitsBefore),
            Duration.ofNanos(System.nanoTime() - started).toMillis(),
            counts.eventAges);
    metrics.publish(batch);
    Optional<String> failedAt =
        result.firstFailed().map(failed -> failed.source().sequenceNumber());
    return new Report(failedAt, result.failure(), batch);
  }

  /**
   * Lands {@code lines} with the attribution lines of {@code attributions} added, and raises {@code
   * alerts}: the lake's streams and the alert sink side by side, one round trip for them all.
   */
  private void output(
      Map<LakeDestination, List<byte[]>> lines,
      List<AttributionEvent> attributions,
      List<Alert> raise,
      Counts counts,
      Map<String, Integer> published) {
    for (AttributionEvent attribution : attributions) {
      counts.attribution(attribution);
      lines.get(LakeDestination.ATTRIBUTION).add(landingLines.attribution(attribution));
    }
    List<CompletableFuture<?>> outputs = new ArrayList<>();
    lines.forEach(
        (destination, destinationLines) -> {
          if (!destinationLines.isEmpty()) {
            outputs.add(
                CompletableFuture.runAsync(
                    () -> landing.land(Map.of(destination, destinationLines)), branches));
          }
        });
    CompletableFuture<List<Alert>> raised =
        raise.isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : CompletableFuture.supplyAsync(() -> alerts.raise(raise), branches);
    outputs.add(raised);
    Branches.awaitAll(outputs);
    raised.join().forEach(alert -> published.merge(alert.rule(), 1, Integer::sum));
  }

  /** Decodes, validates and masks one record, or seals it for quarantine. */
  private InputRecord admit(SourceRecord record, Instant now) {
    if (ReplayEnvelope.isReplay(record.data())) {
      return admitReplay(record, now);
    }
    return switch (codec.decode(record.data(), now)) {
      case DecodeResult.Invalid invalid -> rejected(record, invalid);
      case DecodeResult.Valid valid ->
          new InputRecord.Ready(
              record,
              valid.event(),
              masker.mask(valid.event()),
              fingerprint.of(valid.event(), valid.plainText()),
              false,
              valid.plainText());
    };
  }

  /**
   * A lake event put again: decoded as masked input, kept as it was masked, with its original
   * fingerprint.
   */
  private InputRecord admitReplay(SourceRecord record, Instant now) {
    ReplayEnvelope.Replayed replayed;
    switch (replayEnvelopes.open(record.data())) {
      case ReplayEnvelope.Opened.Authentic authentic -> replayed = authentic.replayed();
      case ReplayEnvelope.Opened.Malformed malformed -> {
        return rejected(
            record,
            DecodeResult.Invalid.alone(
                Reason.of(ReasonCode.NOT_JSON, "a malformed replay envelope")));
      }
      case ReplayEnvelope.Opened.Unauthenticated unauthenticated -> {
        return rejected(
            record,
            DecodeResult.Invalid.alone(
                Reason.of(
                    ReasonCode.UNAUTHENTICATED_REPLAY,
                    "a replay envelope without a valid authentication code: only the replay tool makes them")));
      }
    }
    return switch (replayCodec.decode(replayed.event(), now)) {
      case DecodeResult.Invalid invalid -> rejected(record, invalid);
      case DecodeResult.Valid valid -> {
        try {
          MaskedEvent masked =
              new MaskedEvent(valid.event(), replayed.ipPrefix(), replayed.redactedFields());
          yield new InputRecord.Ready(
              record, valid.event(), masked, replayed.fingerprint(), true, valid.plainText());
        } catch (IllegalArgumentException unmasked) {
          yield rejected(
              record,
              DecodeResult.Invalid.of(
                  valid.event(), Reason.of(ReasonCode.BAD_TYPE, "user_id", unmasked.getMessage())));
        }
      }
    };
  }

  private InputRecord.Rejected rejected(SourceRecord record, DecodeResult.Invalid invalid) {
    return new InputRecord.Rejected(record, sealer.quarantine(record, invalid));
  }

  private static void quarantine(
      QuarantineRecord quarantined, Counts counts, Map<LakeDestination, List<byte[]>> lines) {
    counts.quarantine(quarantined);
    lines
        .get(LakeDestination.QUARANTINE)
        .add(quarantined.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** What a ready record that took effect lands and counts, by its outcome. */
  private void land(
      InputRecord.Ready record,
      Outcome outcome,
      Instant now,
      Counts counts,
      Map<LakeDestination, List<byte[]>> lines) {
    switch (outcome) {
      case Outcome.Accepted accepted -> {
        counts.accepted++;
        counts.acceptedByType[record.raw().type().ordinal()]++;
        Decision decision = accepted.decision();
        counts.late += decision.late() ? 1 : 0;
        Optional<Boolean> invalid =
            decision instanceof Decision.ClickDecision clicked
                ? Optional.of(clicked.invalid())
                : Optional.empty();
        counts.invalidClicks += invalid.orElse(false) ? 1 : 0;
        counts.eventAges.add(Duration.between(record.raw().eventTime(), now).toMillis());
        lines
            .get(LakeDestination.ENRICHED)
            .add(
                landingLines.enriched(
                    record.masked(),
                    record.source(),
                    decision.late(),
                    invalid,
                    record.fingerprint(),
                    record.plainText()));
      }
      case Outcome.Duplicate duplicate -> counts.duplicates++;
      case Outcome.Conflict conflict ->
          quarantine(
              sealer.quarantine(
                  record.source(),
                  DecodeResult.Invalid.of(
                      record.raw(),
                      Reason.of(
                          ReasonCode.ID_CONFLICT,
                          "another record holds this key with other content"))),
              counts,
              lines);
    }
  }

  private TreeMap<String, Double> unitsSince(Map<String, Double> before) {
    TreeMap<String, Double> spent = new TreeMap<>();
    meter
        .writeUnitsByItem()
        .forEach((item, units) -> spent.put(item, units - before.getOrDefault(item, 0.0)));
    spent.values().removeIf(units -> units == 0);
    return spent;
  }

  private static final class Counts {
    int received;
    int accepted;
    int duplicates;
    int quarantined;
    int late;
    int attributed;
    int orphan;
    int unattributed;
    int invalidClicks;
    final Map<String, Integer> byReason = new TreeMap<>();
    // counted per record: by ordinal, named once per batch
    final int[] acceptedByType = new int[EventType.values().length];
    final List<Long> eventAges = new ArrayList<>();

    TreeMap<String, Integer> acceptedByWireName() {
      TreeMap<String, Integer> byName = new TreeMap<>();
      for (EventType type : EventType.values()) {
        if (acceptedByType[type.ordinal()] > 0) {
          byName.put(type.wireName(), acceptedByType[type.ordinal()]);
        }
      }
      return byName;
    }

    void quarantine(QuarantineRecord record) {
      quarantined++;
      record.reasons().forEach(reason -> byReason.merge(reason.code(), 1, Integer::sum));
    }

    void attribution(AttributionEvent event) {
      switch (event) {
        case ClickAttribution click -> {
          attributed += click.outcome() == ClickOutcome.ATTRIBUTED ? 1 : 0;
          // a click naming no impression (untracked traffic) is no orphan (docs/semantics.md)
          orphan +=
              click.outcome() == ClickOutcome.ORPHAN && click.impressionId().isPresent() ? 1 : 0;
        }
        case ConversionAttribution conversion -> {
          attributed += conversion.outcome() == ConversionOutcome.ATTRIBUTED ? 1 : 0;
          unattributed += conversion.outcome() == ConversionOutcome.UNATTRIBUTED ? 1 : 0;
        }
        case AttributionEvent.ClickInvalidation invalidation -> invalidClicks++;
      }
    }
  }

  public static final class Builder {
    private EventCodec codec;
    private EventCodec replayCodec;
    private PiiMasker masker;
    private QuarantineSealer sealer;
    private ReplayEnvelope replayEnvelopes;
    private StatefulStage stage;
    private LandingSink landing;
    private MetricsSink metrics;
    private AlertSink alerts;
    private CapacityMeter meter = new CapacityMeter();
    private Clock clock = Clock.systemUTC();
    private Executor branches = Runnable::run;

    private Builder() {}

    public Builder codec(EventCodec codec) {
      this.codec = codec;
      return this;
    }

    /** Decodes replayed lake events: built with {@code maskedInput(true)}. */
    public Builder replayCodec(EventCodec replayCodec) {
      this.replayCodec = replayCodec;
      return this;
    }

    public Builder masker(PiiMasker masker) {
      this.masker = masker;
      return this;
    }

    public Builder sealer(QuarantineSealer sealer) {
      this.sealer = sealer;
      return this;
    }

    /** Opens replay envelopes: built with the same PII key provider as the replay tool's. */
    public Builder replayEnvelopes(ReplayEnvelope replayEnvelopes) {
      this.replayEnvelopes = replayEnvelopes;
      return this;
    }

    public Builder stage(StatefulStage stage) {
      this.stage = stage;
      return this;
    }

    public Builder landing(LandingSink landing) {
      this.landing = landing;
      return this;
    }

    public Builder metrics(MetricsSink metrics) {
      this.metrics = metrics;
      return this;
    }

    /** Where raised alerts are published, once per id. */
    public Builder alerts(AlertSink alerts) {
      this.alerts = alerts;
      return this;
    }

    /** The meter the stage's stores report to: write units per batch come from it. */
    public Builder meter(CapacityMeter meter) {
      this.meter = meter;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Where the lake's streams and the alerts are sent side by side, each waiting on its own
     * requests (default: the calling thread, one after another).
     */
    public Builder branches(Executor branches) {
      this.branches = branches;
      return this;
    }

    public BatchProcessor build() {
      return new BatchProcessor(this);
    }
  }
}
