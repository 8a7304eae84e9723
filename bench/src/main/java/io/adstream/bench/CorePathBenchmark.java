package io.adstream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.adstream.pii.KeyRing;
import io.adstream.pii.PiiMasker;
import io.adstream.pii.VersionedSecret;
import io.adstream.processing.BatchProcessor;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.replay.ReplayEnvelope;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.StageHarness;
import io.adstream.validation.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole core CPU path of the budgets (docs/guarantees.md) on one thread: a Kinesis batch
 * through {@link BatchProcessor} — decode, validate, mask, fingerprint, dedup decision,
 * attribution, aggregate and feature updates, alert rules and the landing lines — on in-memory
 * stores, so DynamoDB, Firehose and SNS round trips are left out and only CPU is measured. One
 * operation is one record; an invocation is one batch of {@value #BATCH}.
 *
 * <p>Every record is new to the dedup claims (ids carry a pass number rewritten each time the
 * traffic wraps), so the accept path is measured, not the duplicate path. Stores start empty each
 * iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class CorePathBenchmark {
  static final int BATCH = 500;
  private static final int RECORDS = BATCH * 128;
  private static final byte[] TAG = "p0000000".getBytes(StandardCharsets.US_ASCII);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z"); // the harness's clock
  private static final Instant START = NOW.minusSeconds(3_600);

  private static final JsonFactory JSON = new JsonFactory();

  /** The traffic mix ({@link BenchTraffic.Mix}), lowercase. */
  @Param({"display", "search"})
  public String mix = "display";

  private Mac hmac;
  private MessageDigest sha256;
  private byte[][] records;
  private int[][] tagOffsets;
  private BatchProcessor processor;
  private List<SourceRecord> batch;
  private int next;
  private int pass;
  private long sequence;

  @Setup(Level.Trial)
  public void generate() throws GeneralSecurityException {
    hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    sha256 = MessageDigest.getInstance("SHA-256");
    EventCodec codec = EventCodec.builder().build();
    SplittableRandom random = new SplittableRandom(42);
    BenchTraffic.Mix trafficMix = BenchTraffic.Mix.named(mix);
    String tag = new String(TAG, StandardCharsets.US_ASCII);
    records = new byte[RECORDS][];
    tagOffsets = new int[RECORDS][];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = codec.encode(BenchTraffic.event(random, trafficMix, i, tag, START));
      tagOffsets[i] = offsetsOf(records[i]);
    }
  }

  @Setup(Level.Iteration)
  public void emptyStores() {
    KeyRing keys = KeyRing.of(new VersionedSecret(1, new byte[32]));
    processor =
        BatchProcessor.builder()
            .codec(EventCodec.builder().build())
            .replayCodec(EventCodec.builder().maskedInput(true).build())
            .masker(PiiMasker.builder().keyProvider(keys).build())
            .sealer(QuarantineSealer.builder().keyProvider(keys).build())
            .replayEnvelopes(ReplayEnvelope.builder().keyProvider(keys).build())
            .stage(new StageHarness().stage())
            .landing(lines -> {})
            .metrics(metrics -> {})
            .alerts(alerts -> alerts)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    next = 0;
    pass = 0;
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    if (next == 0) {
      pass++;
    }
    batch = new ArrayList<>(BATCH);
    for (int i = next; i < next + BATCH; i++) {
      byte[] record = records[i];
      for (int offset : tagOffsets[i]) {
        for (int d = 0; d < 7; d++) {
          record[offset + 7 - d] = (byte) Character.forDigit((pass >>> (4 * d)) & 0xf, 16);
        }
      }
      batch.add(
          new SourceRecord(
              "adstream-events",
              "shardId-000000000000",
              awsSequenceNumber(++sequence),
              "pk",
              NOW,
              record));
    }
    next = (next + BATCH) % RECORDS;
  }

  /**
   * The floor the path is judged against, on the same batch: a Jackson streaming parse of every
   * field of every record, plus the cryptography no implementation can skip (three HMAC-SHA256
   * tokens for the user, device and IP, and one SHA-256 over the record for its fingerprint).
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long parseAndHashFloor() throws IOException {
    long seen = 0;
    for (SourceRecord record : batch) {
      seen += parseFloor(record) + hashFloor(record);
    }
    return seen;
  }

  /**
   * The floor's parse: every token of the record, strings only measured ({@link CorePathCpu} times
   * it alone).
   */
  static long parseFloor(SourceRecord record) throws IOException {
    long seen = 0;
    try (JsonParser parser = JSON.createParser(record.data())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        switch (token) {
          case VALUE_STRING, FIELD_NAME -> seen += parser.getTextLength();
          case VALUE_NUMBER_INT -> seen += parser.getLongValue();
          default -> seen++;
        }
      }
    }
    return seen;
  }

  /** The floor's cryptography: three HMAC-SHA256 tokens and the SHA-256 of the record. */
  long hashFloor(SourceRecord record) {
    long seen = 0;
    for (int i = 0; i < 3; i++) {
      hmac.update(record.data(), 40 * i, 24);
      seen += hmac.doFinal()[0];
    }
    return seen + sha256.digest(record.data())[0];
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BatchProcessor.Report processBatch() {
    BatchProcessor.Report report = processor.process(batch);
    if (report.firstFailedSequence().isPresent()) {
      throw new IllegalStateException("in-memory stores do not fail: " + report.failure());
    }
    return report;
  }

  /**
   * The batch {@link #nextBatch} prepared: for {@link CorePathCpu}, which measures on the same
   * records.
   */
  List<SourceRecord> batch() {
    return batch;
  }

  /**
   * A sequence number as AWS writes them, 56 digits, rising with {@code n}: fences compare the
   * lengths first, so short numbers would measure a path AWS's records never take.
   */
  private static String awsSequenceNumber(long n) {
    String digits = Long.toString(n);
    return "4959" + "0".repeat(52 - digits.length()) + digits;
  }

  private static int[] offsetsOf(byte[] record) {
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i + TAG.length <= record.length; i++) {
      if (java.util.Arrays.equals(record, i, i + TAG.length, TAG, 0, TAG.length)) {
        offsets.add(i);
      }
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }
}
