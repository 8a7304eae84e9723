package io.adstream.local.mapping;

import io.adstream.config.MappingSettings;
import io.adstream.stream.SourceRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Polls one shard and hands what it reads to its {@link BatchDelivery}, one batch at a time, like
 * one poller of Lambda's event source mapping with a parallelization factor of 1.
 *
 * <p>A batch closes when it holds {@code batchSize} records, when the next record would take the
 * invocation payload past Lambda's 6 MB limit for synchronous invocations, or when the maximum
 * batching window since its first record has passed (a window of zero invokes with whatever one
 * read returned). An idle shard is polled every {@code idlePollInterval} (Lambda polls each shard
 * once a second). Errors reading the shard or parking a batch are reported and retried with
 * backoff; undelivered records are never dropped.
 */
final class ShardPoller implements Runnable {

  /** Lambda's payload limit for a synchronous invocation. */
  static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;

  /** The JSON around one record's data in the event: field names, ARNs, ids. */
  private static final int RECORD_OVERHEAD_BYTES = 600;

  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);
  private static final ShardReader.ShardPoll NOTHING_READ =
      new ShardReader.ShardPoll(List.of(), false, false);

  private final ShardReader reader;
  private final BatchDelivery delivery;
  private final ShardCounters counters;
  private final MappingSettings settings;
  private final Duration idlePollInterval;
  private final PrintStream errors;
  private final Deque<SourceRecord> carried = new ArrayDeque<>();

  /**
   * Start time (System.nanoTime) of the last poll that found the shard caught up with nothing
   * pending.
   */
  private volatile long idleSince = Long.MIN_VALUE;

  private volatile boolean ended;

  ShardPoller(
      ShardReader reader,
      BatchDelivery delivery,
      ShardCounters counters,
      MappingSettings settings,
      Duration idlePollInterval,
      PrintStream errors) {
    this.reader = reader;
    this.delivery = delivery;
    this.counters = counters;
    this.settings = settings;
    this.idlePollInterval = idlePollInterval;
    this.errors = errors;
  }

  String shardId() {
    return reader.shardId();
  }

  /**
   * True when the shard was read to its end, or a poll started at or after {@code sinceNanos} found
   * nothing left.
   */
  boolean drainedSince(long sinceNanos) {
    return ended || idleSince >= sinceNanos;
  }

  @Override
  public void run() {
    Duration backoff = Duration.ofMillis(100);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (delivery.hasPending()) {
          delivery.deliverPending();
        } else if (!pollOnce()) {
          return;
        }
        backoff = Duration.ofMillis(100);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        idleSince = Long.MIN_VALUE;
        counters.failed(e.toString());
        errors.println(
            "adstream mapping: shard "
                + reader.shardId()
                + ": "
                + e
                + " (retrying in "
                + backoff.toMillis()
                + " ms)");
        if (!sleep(backoff)) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_ERROR_BACKOFF) > 0
                ? MAX_ERROR_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /**
   * Reads one batch and submits it; false once the shard has ended or the thread was interrupted.
   */
  private boolean pollOnce() throws InterruptedException {
    long pollStart = System.nanoTime();
    Batch batch = new Batch();
    batch.fillFromCarried();
    ShardReader.ShardPoll poll = NOTHING_READ;
    if (!batch.complete()) {
      poll = read(batch);
    }
    if (!batch.records.isEmpty() && settings.maxBatchingWindow().isPositive()) {
      long windowEnd = System.nanoTime() + settings.maxBatchingWindow().toNanos();
      while (!batch.complete() && !poll.shardEnded()) {
        long left = windowEnd - System.nanoTime();
        if (left <= 0 || !sleep(Duration.ofNanos(Math.min(left, idlePollInterval.toNanos())))) {
          break;
        }
        try {
          poll = read(batch);
        } catch (RuntimeException e) {
          batch.giveBack(); // read past them already: they must not be lost with this batch
          throw e;
        }
      }
    }
    if (!batch.records.isEmpty()) {
      idleSince = Long.MIN_VALUE;
      delivery.submit(batch.records);
      return true;
    }
    if (poll.shardEnded()) {
      ended = true;
      return false;
    }
    if (poll.caughtUp()) {
      idleSince = pollStart;
    }
    return sleep(idlePollInterval);
  }

  /** Reads what the batch still has room for (only called with nothing carried). */
  private ShardReader.ShardPoll read(Batch batch) throws InterruptedException {
    ShardReader.ShardPoll poll = reader.poll(settings.batchSize() - batch.records.size());
    counters.read(poll.records().size());
    carried.addAll(poll.records());
    batch.fillFromCarried();
    return poll;
  }

  /** A batch being gathered; records read that did not fit stay carried for the next one. */
  private final class Batch {
    final List<SourceRecord> records = new ArrayList<>();
    long payloadBytes;
    boolean payloadFull;

    void fillFromCarried() {
      while (!carried.isEmpty() && records.size() < settings.batchSize()) {
        long size = payloadBytes(carried.peekFirst());
        if (!records.isEmpty() && payloadBytes + size > MAX_PAYLOAD_BYTES) {
          payloadFull = true;
          return;
        }
        payloadBytes += size;
        records.add(carried.removeFirst());
      }
    }

    boolean complete() {
      return payloadFull || records.size() >= settings.batchSize();
    }

    /** Returns the gathered records to the front of the carried ones, for the next batch. */
    void giveBack() {
      for (int i = records.size() - 1; i >= 0; i--) {
        carried.addFirst(records.get(i));
      }
      records.clear();
    }
  }

  private static long payloadBytes(SourceRecord record) {
    long base64 = 4L * ((record.data().length + 2) / 3);
    return base64 + record.partitionKey().length() + RECORD_OVERHEAD_BYTES;
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
