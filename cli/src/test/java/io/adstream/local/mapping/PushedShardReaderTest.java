package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushedShardReaderTest {
  private static final Instant PUT = Instant.parse("2026-12-02T10:00:00Z");

  private static SourceRecord record(String sequence, Instant arrival) {
    return new SourceRecord("s", "shardId-0", sequence, "pk", arrival, new byte[] {'{', '}'});
  }

  /** The shard as GetRecords reads it: everything put so far at once. */
  private static final class Shard implements ShardReader {
    final Deque<SourceRecord> unread = new ArrayDeque<>();

    @Override
    public String shardId() {
      return "shardId-0";
    }

    @Override
    public ShardPoll poll(int limit) {
      List<SourceRecord> read = unread.stream().limit(limit).toList();
      read.forEach(r -> unread.removeFirst());
      return new ShardPoll(read, read.isEmpty(), false);
    }
  }

  @Test
  void aRecordArrivesSeventyMillisecondsAfterItWasPutAndNotBefore() throws InterruptedException {
    Shard shard = new Shard();
    shard.unread.add(record("1", PUT));
    shard.unread.add(record("2", PUT.plusMillis(30)));
    ShardReader at69 =
        new PushedShardReader(
            shard,
            KinesisDelivery.PUSH_PROPAGATION,
            Clock.fixed(PUT.plusMillis(69), ZoneOffset.UTC));
    ShardReader.ShardPoll early = at69.poll(10);
    assertThat(early.records()).isEmpty();
    assertThat(early.caughtUp()).as("records are on their way").isFalse();

    Deque<SourceRecord> later =
        new ArrayDeque<>(List.of(record("1", PUT), record("2", PUT.plusMillis(30))));
    shard.unread.addAll(later);
    PushedShardReader at70 =
        new PushedShardReader(
            shard, Duration.ofMillis(70), Clock.fixed(PUT.plusMillis(70), ZoneOffset.UTC));
    assertThat(at70.poll(10).records())
        .extracting(SourceRecord::sequenceNumber)
        .containsExactly("1");
  }

  @Test
  void anEmptyShardIsCaughtUpOnceNothingIsOnItsWay() throws InterruptedException {
    ShardReader reader =
        new PushedShardReader(
            new Shard(), KinesisDelivery.PUSH_PROPAGATION, Clock.fixed(PUT, ZoneOffset.UTC));
    assertThat(reader.poll(10).caughtUp()).isTrue();
  }
}
