package io.adstream.local.mapping;

import io.adstream.config.MappingSettings;
import io.adstream.local.mapping.DiscardedBatch.Condition;
import io.adstream.local.mapping.InvocationOutcome.Failed;
import io.adstream.local.mapping.InvocationOutcome.PartiallyFailed;
import io.adstream.local.mapping.InvocationOutcome.Succeeded;
import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Delivers one shard's batches to the function until every record is completed or parked, with the
 * failure handling of Lambda's Kinesis event source mapping (Lambda developer guide: "Configuring
 * partial batch response with Kinesis Data Streams and Lambda" and "Retain discarded batch records
 * for a Kinesis Data Streams event source"):
 *
 * <ul>
 *   <li>Item failures: the records before the lowest reported sequence number are checkpointed and
 *       the rest is retried; with bisection on, "the batch is bisected at the returned sequence
 *       number and Lambda retries only the remaining records". A report Lambda cannot use (an empty
 *       identifier, one not in the batch), a thrown error and a timeout fail the whole batch.
 *   <li>Bisection: a batch that failed whole is split in two halves, delivered in order. "Splitting
 *       batches doesn't consume the retry quota", so each half starts with a fresh count, and a
 *       failing batch is halved down to single records before retries decide anything.
 *   <li>Retries: a batch that failed and cannot be split (or bisection is off) is retried as it is;
 *       after {@code maxRetryAttempts} retries its records are parked ({@code
 *       RetryAttemptsExhausted}). Every failed invocation counts, partial ones included, as in
 *       LocalStack's reproduction.
 *   <li>Record age: before every invocation, records older than {@code maxRecordAge} (by their
 *       arrival time) are parked without being invoked ({@code RecordAgeExceeded}).
 * </ul>
 *
 * Records are delivered strictly in sequence order: a batch is retried, split or parked before
 * anything after it is delivered. Not thread-safe: each shard has its own.
 */
final class BatchDelivery {

  private final String shardId;
  private final FunctionInvoker function;
  private final OnFailureDestination destination;
  private final MappingSettings settings;
  private final Clock clock;
  private final ShardCounters counters;
  private final Consumer<List<SourceRecord>> onCompleted;
  private final Deque<Segment> pending = new ArrayDeque<>();

  /**
   * Consecutive records still to deliver.
   *
   * @param failedInvocations failed invocations of exactly these records (reset by a split)
   * @param invocations invocations these records took part in, for the on-failure record
   * @param discard set once the records are to be parked: parking them is retried until it succeeds
   */
  private record Segment(
      List<SourceRecord> records,
      int failedInvocations,
      int invocations,
      boolean lastFailureWasFunctionError,
      Optional<Condition> discard) {

    static Segment fresh(List<SourceRecord> records) {
      return new Segment(List.copyOf(records), 0, 0, false, Optional.empty());
    }

    Segment failed(boolean functionError) {
      return new Segment(
          records, failedInvocations + 1, invocations + 1, functionError, Optional.empty());
    }

    Segment discardedAs(Condition condition) {
      return new Segment(
          records,
          failedInvocations,
          invocations,
          lastFailureWasFunctionError,
          Optional.of(condition));
    }

    /**
     * Records from {@code from} to {@code to}, keeping the failure count: the same batch, less what
     * is done.
     */
    Segment slice(int from, int to) {
      return new Segment(
          records.subList(from, to),
          failedInvocations,
          invocations,
          lastFailureWasFunctionError,
          discard);
    }

    /**
     * Records from {@code from} to {@code to} as a batch of their own, with a fresh failure count.
     */
    Segment split(int from, int to) {
      return new Segment(
          records.subList(from, to), 0, invocations, lastFailureWasFunctionError, discard);
    }
  }

  BatchDelivery(
      String shardId,
      FunctionInvoker function,
      OnFailureDestination destination,
      MappingSettings settings,
      Clock clock,
      ShardCounters counters,
      Consumer<List<SourceRecord>> onCompleted) {
    this.shardId = shardId;
    this.function = function;
    this.destination = destination;
    this.settings = settings;
    this.clock = clock;
    this.counters = counters;
    this.onCompleted = onCompleted;
  }

  void submit(List<SourceRecord> batch) {
    if (!batch.isEmpty()) {
      pending.addLast(Segment.fresh(batch));
    }
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * Delivers everything submitted. If parking fails, the exception propagates and the undelivered
   * records stay pending, to be delivered (without invoking again) by the next call.
   */
  void deliverPending() throws InterruptedException {
    while (!pending.isEmpty()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("the mapping is stopping");
      }
      Segment head = pending.peekFirst();
      if (head.discard().isPresent()) {
        park(head);
        pending.removeFirst();
        continue;
      }
      int expired = expiredPrefix(head.records());
      if (expired > 0) {
        int size = head.records().size();
        pending.removeFirst();
        if (expired < size) {
          pending.addFirst(head.slice(expired, size));
        }
        pending.addFirst(head.slice(0, expired).discardedAs(Condition.RECORD_AGE_EXCEEDED));
        continue;
      }
      invoke(head);
    }
  }

  private void invoke(Segment head) throws InterruptedException {
    List<SourceRecord> records = head.records();
    counters.invoked(records.size());
    InvocationOutcome outcome = function.invoke(records);
    pending.removeFirst();
    switch (outcome) {
      case Succeeded succeeded -> complete(records);
      case PartiallyFailed partial -> {
        int firstFailed = partial.firstFailedIndex();
        complete(records.subList(0, firstFailed));
        retryOrPark(head.failed(false).slice(firstFailed, records.size()));
      }
      case Failed failed -> {
        Segment after = head.failed(failed.kind().isFunctionError());
        if (settings.bisectBatchOnError() && records.size() > 1) {
          int half = records.size() / 2;
          counters.bisected();
          pending.addFirst(after.split(half, records.size()));
          pending.addFirst(after.split(0, half));
        } else {
          retryOrPark(after);
        }
      }
    }
  }

  private void complete(List<SourceRecord> records) {
    if (!records.isEmpty()) {
      counters.completed(records.size(), records.getLast().sequenceNumber());
      onCompleted.accept(records);
    }
  }

  private void retryOrPark(Segment failed) {
    if (failed.failedInvocations() > settings.maxRetryAttempts()) {
      pending.addFirst(failed.discardedAs(Condition.RETRY_ATTEMPTS_EXHAUSTED));
    } else {
      counters.retried();
      pending.addFirst(failed);
    }
  }

  private void park(Segment segment) {
    destination.send(
        new DiscardedBatch(
            UUID.randomUUID().toString(),
            shardId,
            segment.discard().orElseThrow(),
            segment.invocations(),
            segment.lastFailureWasFunctionError(),
            clock.instant(),
            segment.records()));
    counters.parked(segment.records().size(), segment.records().getLast().sequenceNumber());
  }

  /**
   * How many records at the start are older than the maximum record age (arrival times rise along a
   * shard).
   */
  private int expiredPrefix(List<SourceRecord> records) {
    if (settings.maxRecordAge().isEmpty()) {
      return 0;
    }
    Duration maxAge = settings.maxRecordAge().get();
    Instant now = clock.instant();
    int expired = 0;
    while (expired < records.size()
        && Duration.between(records.get(expired).arrivalTime(), now).compareTo(maxAge) > 0) {
      expired++;
    }
    return expired;
  }
}
