package io.adstream.local.mapping;

import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Enhanced fan-out as the consumer sees it: records arrive {@link KinesisDelivery#PUSH_PROPAGATION}
 * after they were put, with no polling interval and no call quota. The shard is read as often as
 * the poller asks and each record is held until its arrival time plus the propagation delay.
 */
final class PushedShardReader implements ShardReader {

  private final ShardReader shard;
  private final Duration propagation;
  private final Clock clock;
  private final Deque<SourceRecord> inFlight = new ArrayDeque<>();
  private boolean shardCaughtUp;
  private boolean shardEnded;

  PushedShardReader(ShardReader shard, Duration propagation, Clock clock) {
    this.shard = shard;
    this.propagation = propagation;
    this.clock = clock;
  }

  @Override
  public String shardId() {
    return shard.shardId();
  }

  @Override
  public ShardPoll poll(int limit) throws InterruptedException {
    if (inFlight.size() < limit && !shardEnded) {
      ShardPoll read = shard.poll(limit - inFlight.size());
      inFlight.addAll(read.records());
      shardCaughtUp = read.caughtUp();
      shardEnded = read.shardEnded();
    }
    Instant now = clock.instant();
    List<SourceRecord> arrived = new ArrayList<>();
    while (!inFlight.isEmpty()
        && arrived.size() < limit
        && !inFlight.peekFirst().arrivalTime().plus(propagation).isAfter(now)) {
      arrived.add(inFlight.removeFirst());
    }
    boolean nothingLeft = inFlight.isEmpty() && arrived.isEmpty();
    return new ShardPoll(arrived, nothingLeft && shardCaughtUp, nothingLeft && shardEnded);
  }
}
