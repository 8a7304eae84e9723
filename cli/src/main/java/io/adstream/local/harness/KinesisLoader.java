package io.adstream.local.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts NDJSON lines into a Kinesis stream, one record per line, with PutRecords: at most 500
 * records and 5 MiB per call. A call can store some entries and reject others (FailedRecordCount,
 * and an ErrorCode such as ProvisionedThroughputExceededException per rejected entry): only the
 * rejected entries are put again, with exponential backoff and jitter, up to {@code maxAttempts}
 * calls. Whole-call errors are the SDK's to retry.
 */
public final class KinesisLoader {

  static final int MAX_RECORDS_PER_CALL = 500;
  static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  static final long PRODUCER_TICK_MILLIS = 50;

  /** One PutRecords call: an outcome per entry, in entry order. */
  @FunctionalInterface
  interface PutRecordsCall {
    List<PutOutcome> put(List<Entry> entries);
  }

  record Entry(String partitionKey, byte[] data) {}

  sealed interface PutOutcome {
    record Stored(String shardId, String sequenceNumber) implements PutOutcome {}

    record Rejected(String errorCode, String errorMessage) implements PutOutcome {}
  }

  /** Counts of one load. */
  public record LoadResult(long records, long calls, long retriedEntries, Duration took) {
    public double recordsPerSecond() {
      return took.isZero() ? 0 : records / (took.toNanos() / 1e9);
    }
  }

  private final PutRecordsCall call;
  private final PartitionKeyFunction partitionKeys;
  private final PutLog putLog;
  private final int maxAttempts;

  KinesisLoader(
      PutRecordsCall call, PartitionKeyFunction partitionKeys, PutLog putLog, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.call = call;
    this.partitionKeys = partitionKeys;
    this.putLog = putLog;
    this.maxAttempts = maxAttempts;
  }

  public KinesisLoader(
      KinesisClient kinesis,
      String streamName,
      PartitionKeyFunction partitionKeys,
      PutLog putLog,
      int maxAttempts) {
    this(entries -> putRecords(kinesis, streamName, entries), partitionKeys, putLog, maxAttempts);
  }

  /**
   * Puts every line, byte for byte (a malformed line must reach the pipeline as it is); empty lines
   * are skipped. Throws if records are still rejected after the last attempt.
   */
  public LoadResult load(Iterator<byte[]> lines) throws InterruptedException {
    return load(lines, Optional.empty());
  }

  /**
   * Puts the lines no faster than {@code schedule}: a record is put once it is due, in one call
   * with the others due since the last call, every {@value #PRODUCER_TICK_MILLIS} ms at most (as a
   * producer library buffers records for a short time).
   */
  public LoadResult load(Iterator<byte[]> lines, PutSchedule schedule) throws InterruptedException {
    return load(lines, Optional.of(schedule));
  }

  private LoadResult load(Iterator<byte[]> lines, Optional<PutSchedule> schedule)
      throws InterruptedException {
    long start = System.nanoTime();
    long records = 0;
    Tally tally = new Tally();
    List<Entry> batch = new ArrayList<>(MAX_RECORDS_PER_CALL);
    long batchBytes = 0;
    while (lines.hasNext()) {
      byte[] line = lines.next();
      if (line.length == 0) {
        continue;
      }
      if (schedule.isPresent()) {
        while (schedule.get().dueBy(Duration.ofNanos(System.nanoTime() - start)) <= records) {
          if (!batch.isEmpty()) {
            put(batch, tally);
            batch = new ArrayList<>(MAX_RECORDS_PER_CALL);
            batchBytes = 0;
          }
          Thread.sleep(PRODUCER_TICK_MILLIS);
        }
      }
      Entry entry = new Entry(partitionKeys.partitionKey(line), line);
      // the 5 MiB limit counts data and partition keys
      long size =
          entry.data().length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
      if (batch.size() == MAX_RECORDS_PER_CALL || batchBytes + size > MAX_BYTES_PER_CALL) {
        put(batch, tally);
        batch = new ArrayList<>(MAX_RECORDS_PER_CALL);
        batchBytes = 0;
      }
      batch.add(entry);
      batchBytes += size;
      records++;
    }
    if (!batch.isEmpty()) {
      put(batch, tally);
    }
    return new LoadResult(
        records, tally.calls, tally.retriedEntries, Duration.ofNanos(System.nanoTime() - start));
  }

  private void put(List<Entry> entries, Tally tally) throws InterruptedException {
    List<Entry> remaining = entries;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      long sentAt = System.nanoTime();
      List<PutOutcome> outcomes = call.put(remaining);
      tally.calls++;
      List<Entry> rejected = new ArrayList<>();
      String lastError = "";
      for (int i = 0; i < remaining.size(); i++) {
        switch (outcomes.get(i)) {
          case PutOutcome.Stored stored ->
              putLog.put(stored.shardId(), stored.sequenceNumber(), sentAt);
          case PutOutcome.Rejected failed -> {
            rejected.add(remaining.get(i));
            lastError = failed.errorCode() + ": " + failed.errorMessage();
          }
        }
      }
      if (rejected.isEmpty()) {
        return;
      }
      if (attempt >= maxAttempts) {
        throw new IllegalStateException(
            rejected.size()
                + " records were still rejected after "
                + attempt
                + " PutRecords attempts; last: "
                + lastError);
      }
      tally.retriedEntries += rejected.size();
      Thread.sleep(
          Duration.ofNanos(
              ThreadLocalRandom.current().nextLong(backoff.toNanos() / 2, backoff.toNanos() + 1)));
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
      remaining = rejected;
    }
  }

  private static List<PutOutcome> putRecords(
      KinesisClient kinesis, String streamName, List<Entry> entries) {
    List<PutRecordsRequestEntry> request =
        entries.stream()
            .map(
                e ->
                    PutRecordsRequestEntry.builder()
                        .partitionKey(e.partitionKey())
                        .data(SdkBytes.fromByteArray(e.data()))
                        .build())
            .toList();
    // results come in request order, one per entry
    List<PutRecordsResultEntry> results =
        kinesis.putRecords(b -> b.streamName(streamName).records(request)).records();
    return results.stream()
        .<PutOutcome>map(
            r ->
                r.errorCode() == null
                    ? new PutOutcome.Stored(r.shardId(), r.sequenceNumber())
                    : new PutOutcome.Rejected(r.errorCode(), r.errorMessage()))
        .toList();
  }

  private static final class Tally {
    long calls;
    long retriedEntries;
  }
}
