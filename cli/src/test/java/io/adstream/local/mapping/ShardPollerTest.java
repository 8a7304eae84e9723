package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.MappingSettings;
import io.adstream.stream.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Batching by the poller, against a scripted shard and function. */
class ShardPollerTest {

  private final List<List<String>> invocations = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  @Test
  void recordsGatheredBeforeAReadFailsAreDeliveredWithTheNextBatch() throws InterruptedException {
    ScriptedShard shard =
        new ScriptedShard(
            () -> poll(record("0", 10), record("1", 10)),
            () -> {
              throw new IllegalStateException("LimitExceededException");
            },
            () -> poll(record("2", 10)));

    run(shard, settings(10, Duration.ofMillis(50)));

    assertThat(invocations).containsExactly(List.of("0", "1", "2"));
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("LimitExceededException");
  }

  @Test
  void aBatchStopsBeforeTheInvocationPayloadWouldPassSixMegabytes() throws InterruptedException {
    int twoAndAHalfMib = 5 * 512 * 1024;
    ScriptedShard shard =
        new ScriptedShard(
            () ->
                poll(record("0", twoAndAHalfMib), record("1", twoAndAHalfMib), record("2", 1_000)));

    run(shard, settings(10, Duration.ZERO));

    // base64 makes each large record 3.3 MiB in the event: two would not fit
    assertThat(invocations).containsExactly(List.of("0"), List.of("1", "2"));
  }

  @Test
  void aBatchHoldsAtMostBatchSizeRecords() throws InterruptedException {
    ScriptedShard shard =
        new ScriptedShard(() -> poll(record("0", 1), record("1", 1), record("2", 1)));

    run(shard, settings(2, Duration.ZERO));

    assertThat(invocations).containsExactly(List.of("0", "1"), List.of("2"));
  }

  private void run(ScriptedShard shard, MappingSettings settings) throws InterruptedException {
    ShardCounters counters = new ShardCounters("shardId-000000000000");
    FunctionInvoker function =
        batch -> {
          invocations.add(batch.stream().map(SourceRecord::sequenceNumber).toList());
          return new InvocationOutcome.Succeeded();
        };
    BatchDelivery delivery =
        new BatchDelivery(
            "shardId-000000000000",
            function,
            batch -> {
              throw new AssertionError("nothing should be parked");
            },
            settings,
            Clock.systemUTC(),
            counters,
            completed -> {});
    ShardPoller poller =
        new ShardPoller(
            shard,
            delivery,
            counters,
            settings,
            Duration.ofMillis(5),
            new PrintStream(errors, true, StandardCharsets.UTF_8));
    long start = System.nanoTime();
    Thread thread = Thread.ofPlatform().start(poller);
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (!(shard.exhausted() && poller.drainedSince(start)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    thread.interrupt();
    thread.join();
    assertThat(counters.snapshot().recordsRead()).isEqualTo(counters.snapshot().recordsCompleted());
  }

  private static MappingSettings settings(int batchSize, Duration window) {
    return new MappingSettings(
        batchSize, window, true, 1, Optional.empty(), 1, "TRIM_HORIZON", true);
  }

  private static SourceRecord record(String sequenceNumber, int bytes) {
    return new SourceRecord(
        "events", "shardId-000000000000", sequenceNumber, "pk", Instant.now(), new byte[bytes]);
  }

  private static ShardReader.ShardPoll poll(SourceRecord... records) {
    return new ShardReader.ShardPoll(List.of(records), false, false);
  }

  /**
   * Answers each poll with the next scripted step (records beyond the limit wait for the next
   * poll), then nothing.
   */
  private static final class ScriptedShard implements ShardReader {
    private final Deque<Supplier<ShardPoll>> steps;
    private final Deque<SourceRecord> unread = new ArrayDeque<>();

    @SafeVarargs
    ScriptedShard(Supplier<ShardPoll>... steps) {
      this.steps = new ArrayDeque<>(List.of(steps));
    }

    synchronized boolean exhausted() {
      return steps.isEmpty() && unread.isEmpty();
    }

    @Override
    public String shardId() {
      return "shardId-000000000000";
    }

    @Override
    public synchronized ShardPoll poll(int limit) {
      if (unread.isEmpty() && !steps.isEmpty()) {
        unread.addAll(steps.removeFirst().get().records());
      }
      if (unread.isEmpty()) {
        return new ShardPoll(List.of(), true, false);
      }
      List<SourceRecord> records = new java.util.ArrayList<>();
      while (!unread.isEmpty() && records.size() < limit) {
        records.add(unread.removeFirst());
      }
      return new ShardPoll(records, false, false);
    }
  }
}
