package io.adstream.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.landing.LakeDestination;
import io.adstream.landing.LakePartition;
import io.adstream.observability.BatchMetrics;
import io.adstream.pii.KeyRing;
import io.adstream.pii.PiiMasker;
import io.adstream.pii.VersionedSecret;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.replay.ReplayEnvelope;
import io.adstream.state.Versioned;
import io.adstream.state.VersionedStore;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.StageHarness;
import io.adstream.validation.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One batch end to end on in-memory stores: decode, quarantine, mask, state, landing lines,
 * metrics.
 */
class BatchProcessorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private final StageHarness harness = new StageHarness();
  private final Map<LakeDestination, List<byte[]>> landed = new EnumMap<>(LakeDestination.class);
  private final List<BatchMetrics> metrics = new ArrayList<>();
  private final List<io.adstream.alerts.Alert> alerts = new ArrayList<>();
  private final KeyRing keys =
      KeyRing.of(
          new VersionedSecret(
              1, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
  private final ReplayEnvelope replayTool = ReplayEnvelope.builder().keyProvider(keys).build();
  private final BatchProcessor processor = processorOn(harness);
  private long sequence = 100;

  private BatchProcessor processorOn(StageHarness state) {
    return processorWith(state.stage()).build();
  }

  /** The processor of these tests on {@code stage}, landing into {@link #landed}. */
  private BatchProcessor.Builder processorWith(StatefulStage stage) {
    return BatchProcessor.builder()
        .codec(EventCodec.builder().build())
        .replayCodec(EventCodec.builder().maskedInput(true).build())
        .masker(PiiMasker.builder().keyProvider(keys).build())
        .sealer(QuarantineSealer.builder().keyProvider(keys).build())
        .replayEnvelopes(ReplayEnvelope.builder().keyProvider(keys).build())
        .stage(stage)
        .landing(
            lines ->
                lines.forEach(
                    (destination, l) ->
                        landed.computeIfAbsent(destination, d -> new ArrayList<>()).addAll(l)))
        .metrics(metrics::add)
        .alerts(
            raised -> {
              alerts.addAll(raised);
              return raised;
            })
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private List<SourceRecord> records(byte[]... data) {
    List<SourceRecord> records = new ArrayList<>();
    for (byte[] bytes : data) {
      records.add(
          new SourceRecord(
              "adstream-events",
              "shardId-000000000001",
              String.valueOf(sequence++),
              "pk",
              NOW,
              bytes));
    }
    return records;
  }

  private static byte[] sample(String name) throws IOException {
    try (InputStream in =
        BatchProcessorTest.class.getResourceAsStream("/io/adstream/events/samples/" + name)) {
      return JSON.writeValueAsBytes(JSON.readTree(in));
    }
  }

  private List<JsonNode> lines(LakeDestination destination) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (byte[] line : landed.getOrDefault(destination, List.of())) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void everyRecordIsAccountedForOnceAndLandsWhereItBelongs() throws IOException {
    byte[] impression = sample("impression-1.json");
    BatchProcessor.Report report =
        processor.process(
            records(
                impression,
                sample("click-1.json"),
                impression,
                "{not json".getBytes(StandardCharsets.UTF_8)));

    assertThat(report.firstFailedSequence()).isEmpty();
    BatchMetrics batch = metrics.getFirst();
    assertThat(batch.received()).isEqualTo(4);
    assertThat(batch.accepted()).isEqualTo(2);
    assertThat(batch.duplicates()).isEqualTo(1);
    assertThat(batch.quarantined()).isEqualTo(1);
    assertThat(batch.quarantinedByReason()).containsEntry("not_json", 1);
    assertThat(lines(LakeDestination.ENRICHED)).hasSize(2);
    assertThat(lines(LakeDestination.QUARANTINE)).hasSize(1);
    assertThat(lines(LakeDestination.ATTRIBUTION))
        .anySatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("attributed"));
  }

  /**
   * A batch's lake lines do not wait for its state: they land while the aggregates are written. The
   * aggregates store here lets its first write through only once the batch has landed; were the
   * lines landed after the effects, that write would wait its 5 s out and the batch land late.
   */
  @Test
  void linesLandWhileTheAggregatesAreStillBeingWritten() throws Exception {
    CountDownLatch lakeReached = new CountDownLatch(1);
    AtomicBoolean landedBeforeAggregates = new AtomicBoolean();
    VersionedStore<MinuteBucketKey, MinuteBucket> aggregatesAfterTheLake =
        new VersionedStore<>() {
          @Override
          public Map<MinuteBucketKey, Versioned<MinuteBucket>> read(
              Collection<MinuteBucketKey> keys) {
            return harness.aggregates.read(keys);
          }

          @Override
          public boolean write(
              MinuteBucketKey key, long expectedVersion, Versioned<MinuteBucket> next) {
            try {
              if (lakeReached.await(5, TimeUnit.SECONDS)) {
                landedBeforeAggregates.compareAndSet(false, true);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return harness.aggregates.write(key, expectedVersion, next);
          }
        };
    try (ExecutorService branches = Executors.newVirtualThreadPerTaskExecutor()) {
      BatchProcessor concurrent =
          processorWith(
                  harness
                      .stageBuilder()
                      .aggregates(aggregatesAfterTheLake)
                      .branches(branches)
                      .build())
              .landing(
                  lines -> {
                    lines.forEach(
                        (destination, l) ->
                            landed.computeIfAbsent(destination, d -> new ArrayList<>()).addAll(l));
                    lakeReached.countDown();
                  })
              .build();

      BatchProcessor.Report report =
          concurrent.process(records(sample("impression-1.json"), sample("click-1.json")));

      assertThat(report.firstFailedSequence()).isEmpty();
    }
    assertThat(landedBeforeAggregates)
        .as("the batch landed while its aggregates were being written")
        .isTrue();
    assertThat(lines(LakeDestination.ENRICHED)).hasSize(2);
    assertThat(harness.totals().values().stream().mapToLong(Measures::impressions).sum())
        .as("the aggregates written all the same")
        .isEqualTo(1);
  }

  /**
   * The lake's lines and the alerts go out while the stage writes the records' effects; what the
   * flood groups decide during those writes (clicks made invalid after the fact, the flood's alert)
   * goes out after them, in the same batch.
   */
  @Test
  void aFloodFoundWhileTheEffectsAreWrittenLandsAndAlertsInTheSameBatch() throws IOException {
    BatchProcessor flooding =
        processorOn(
            new StageHarness(
                AdstreamConfig.withOverrides(
                    "{\"alerts\":{\"clickFlood\":{\"maxClicksPerMinute\":3}}}")));
    flooding.process(records(click(1), click(2), click(3)));
    assertThat(alerts).isEmpty();

    flooding.process(records(click(4)));

    BatchMetrics flood = metrics.getLast();
    assertThat(alerts)
        .as("the device's flood and the IP's")
        .extracting(io.adstream.alerts.Alert::subject)
        .hasSize(2)
        .allMatch(subject -> subject.startsWith("device:") || subject.startsWith("ip:"));
    assertThat(flood.alertsPublishedByRule()).containsEntry("click_flood", 2);
    assertThat(lines(LakeDestination.ATTRIBUTION))
        .filteredOn(line -> line.get("event_type").asText().equals("click_invalidation"))
        .as("the three clicks billed before the flood, made invalid")
        .hasSize(3);
    assertThat(flood.invalidClicks()).as("the flooding click and the three").isEqualTo(4);
    assertThat(flood.landedLines())
        .as("its enriched and attribution lines, and the three invalidations")
        .isEqualTo(5);
  }

  /** The sample click, the {@code n}th of one device in one minute, each with its own ids. */
  private static byte[] click(int n) throws IOException {
    ObjectNode click = (ObjectNode) JSON.readTree(sample("click-1.json"));
    click.put("event_id", "evt-flood-" + n);
    click.put("click_id", "clk-flood-" + n);
    click.put("event_time", "2026-11-24T10:15:0" + n + "Z");
    click.remove("impression_id");
    return JSON.writeValueAsBytes(click);
  }

  @Test
  void aClickNamingNoImpressionIsCountedAsAClickNotAsAnOrphanJoin() throws IOException {
    ObjectNode untracked = (ObjectNode) JSON.readTree(sample("click-1.json"));
    untracked.remove("impression_id");

    processor.process(records(JSON.writeValueAsBytes(untracked)));

    BatchMetrics batch = metrics.getFirst();
    assertThat(batch.acceptedByType()).containsEntry("click", 1);
    assertThat(batch.joinsOrphan()).isZero();
    assertThat(lines(LakeDestination.ATTRIBUTION))
        .singleElement()
        .satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("orphan"));
  }

  @Test
  void everyLandedLineIsFiledUnderItsTypeAndTheHourOfItsTime() throws IOException {
    processor.process(records(sample("click-1.json"), "[]".getBytes(StandardCharsets.UTF_8)));

    for (LakeDestination destination :
        List.of(LakeDestination.ENRICHED, LakeDestination.ATTRIBUTION)) {
      for (byte[] line : landed.get(destination)) {
        JsonNode fields = JSON.readTree(line);
        String eventTime = fields.get("event_time").asText();
        assertThat(LakePartition.of(destination, line))
            .isEqualTo(
                new LakePartition(
                    fields.get("event_type").asText(),
                    eventTime.substring(0, 10),
                    eventTime.substring(11, 13)));
      }
    }
    // a quarantined line has no event type or time it can be trusted with: filed by its arrival
    byte[] quarantined = landed.get(LakeDestination.QUARANTINE).getFirst();
    String arrival = JSON.readTree(quarantined).at("/source/arrival_time").asText();
    assertThat(LakePartition.of(LakeDestination.QUARANTINE, quarantined))
        .isEqualTo(
            new LakePartition("unknown", arrival.substring(0, 10), arrival.substring(11, 13)));
    JsonNode enriched = lines(LakeDestination.ENRICHED).getFirst();
    assertThat(enriched.get("ip").asText()).startsWith("k1.");
    assertThat(enriched.get("ip_prefix").asText()).isEqualTo("203.0.113.0/24");
    assertThat(enriched.has("fingerprint")).isTrue();
  }

  @Test
  void aReplayedLakeEventIsADuplicateOfTheOriginalAndChangesNothing() throws IOException {
    processor.process(records(sample("impression-1.json")));
    byte[] enrichedLine = landed.get(LakeDestination.ENRICHED).getFirst();
    var totalsBefore = harness.totals();

    processor.process(records(replayTool.fromEnrichedLine(enrichedLine)));

    assertThat(metrics.getLast().duplicates()).isEqualTo(1);
    assertThat(harness.totals()).isEqualTo(totalsBefore);
  }

  @Test
  void aReplayedEventNotSeenBeforeIsAcceptedAsMaskedWithoutBeingMaskedAgain() throws IOException {
    StageHarness elsewhere = new StageHarness();
    processor.process(records(sample("click-1.json")));
    byte[] replay = replayTool.fromEnrichedLine(landed.get(LakeDestination.ENRICHED).getFirst());
    String tokenBefore =
        JSON.readTree(landed.get(LakeDestination.ENRICHED).getFirst()).get("user_id").asText();
    landed.clear();

    BatchProcessor other = processorOn(elsewhere);
    other.process(records(replay));

    assertThat(metrics.getLast().accepted()).isEqualTo(1);
    assertThat(lines(LakeDestination.ENRICHED).getFirst().get("user_id").asText())
        .isEqualTo(tokenBefore);
  }

  @Test
  void aReplayEnvelopeWithRawPersonalDataIsQuarantinedNotAccepted() throws IOException {
    ObjectNode raw = (ObjectNode) JSON.readTree(sample("click-1.json"));
    raw.put("fingerprint", "x");
    byte[] unmasked = replayTool.fromEnrichedLine(JSON.writeValueAsBytes(raw));

    processor.process(
        records(
            unmasked, ("{\"" + ReplayEnvelope.MARKER + "\":2}").getBytes(StandardCharsets.UTF_8)));

    assertThat(metrics.getFirst().quarantined()).isEqualTo(2);
    assertThat(metrics.getFirst().quarantinedByReason()).containsKeys("bad_type:ip", "not_json");
    assertThat(landed.getOrDefault(LakeDestination.ENRICHED, List.of())).isEmpty();
  }

  @Test
  void aReplayEnvelopeTheReplayToolDidNotMakeIsQuarantinedAsUnauthenticated() throws IOException {
    processor.process(records(sample("click-1.json")));
    byte[] enrichedLine = landed.get(LakeDestination.ENRICHED).getFirst();
    landed.clear();
    String authentic =
        new String(replayTool.fromEnrichedLine(enrichedLine), StandardCharsets.UTF_8);
    ObjectNode tampered = (ObjectNode) JSON.readTree(authentic);
    tampered.put("ip_prefix", "198.51.100.0/24");
    ObjectNode unauthenticated = (ObjectNode) JSON.readTree(authentic);
    unauthenticated.remove("auth");
    ReplayEnvelope otherKey =
        ReplayEnvelope.builder()
            .keyProvider(KeyRing.of(new VersionedSecret(1, new byte[32])))
            .build();
    // a producer's own envelope: any content, signed with a key of its choosing
    ObjectNode forgedEvent = (ObjectNode) JSON.readTree(enrichedLine);
    forgedEvent.put("click_id", "clk-forged");

    processor.process(
        records(
            JSON.writeValueAsBytes(tampered),
            JSON.writeValueAsBytes(unauthenticated),
            otherKey.fromEnrichedLine(JSON.writeValueAsBytes(forgedEvent)),
            authentic
                .replace("\"adstream_replay\":2", "\"adstream_replay\":1")
                .getBytes(StandardCharsets.UTF_8)));

    assertThat(metrics.getLast().quarantined()).isEqualTo(4);
    assertThat(metrics.getLast().quarantinedByReason())
        .containsExactlyEntriesOf(Map.of("unauthenticated_replay", 4));
    assertThat(landed.getOrDefault(LakeDestination.ENRICHED, List.of())).isEmpty();
  }
}
