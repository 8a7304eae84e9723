package io.adstream.local.mapping;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The live counters behind {@link ShardStats}: written by the shard's poller, read by anyone. */
final class ShardCounters {

  private final String shardId;
  private final AtomicLong recordsRead = new AtomicLong();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong recordsInvoked = new AtomicLong();
  private final AtomicLong recordsCompleted = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bisections = new AtomicLong();
  private final AtomicLong recordsParked = new AtomicLong();
  private final AtomicLong batchesParked = new AtomicLong();
  private final AtomicReference<String> checkpoint = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  ShardCounters(String shardId) {
    this.shardId = shardId;
  }

  void read(int records) {
    recordsRead.addAndGet(records);
  }

  void invoked(int records) {
    invocations.incrementAndGet();
    recordsInvoked.addAndGet(records);
  }

  void completed(int records, String lastSequenceNumber) {
    recordsCompleted.addAndGet(records);
    checkpoint.set(lastSequenceNumber);
  }

  void retried() {
    retries.incrementAndGet();
  }

  void bisected() {
    bisections.incrementAndGet();
  }

  void parked(int records, String lastSequenceNumber) {
    recordsParked.addAndGet(records);
    batchesParked.incrementAndGet();
    checkpoint.set(lastSequenceNumber);
  }

  void failed(String error) {
    lastError.set(error);
  }

  ShardStats snapshot() {
    return new ShardStats(
        shardId,
        recordsRead.get(),
        invocations.get(),
        recordsInvoked.get(),
        recordsCompleted.get(),
        retries.get(),
        bisections.get(),
        recordsParked.get(),
        batchesParked.get(),
        Optional.ofNullable(checkpoint.get()),
        Optional.ofNullable(lastError.get()));
  }
}
