package io.adstream.local.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts NDJSON lines into a Kinesis stream, one record per line, with PutRecords: at most 500 records and
 * 5 MiB per call. A call can accept some entries and reject others (FailedRecordCount; an ErrorCode per
 * rejected entry, e.g. ProvisionedThroughputExceededException): only the rejected entries are put again,
 * with exponential backoff and jitter, until {@code maxAttempts}. Whole-call errors are the SDK's to retry.
 */
public final class KinesisLoader {

  static final int MAX_RECORDS_PER_CALL = 500;
  static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final KinesisClient kinesis;
  private final String streamName;
  private final PartitionKeyFunction partitionKeys;
  private final PutLog putLog;
  private final int maxAttempts;

  private static final class Tally {
    long calls;
    long retriedEntries;
  }

  /** Counts of one load. */
  public record LoadResult(long records, long calls, long retriedEntries, Duration took) {
    public double recordsPerSecond() {
      return took.isZero() ? 0 : records / (took.toNanos() / 1e9);
    }
  }

  public KinesisLoader(KinesisClient kinesis, String streamName, PartitionKeyFunction partitionKeys, PutLog putLog, int maxAttempts) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.partitionKeys = partitionKeys;
    this.putLog = putLog;
    this.maxAttempts = maxAttempts;
  }

  /** Puts every line; blank lines are skipped. Throws if some records are still rejected after the last attempt. */
  public LoadResult load(Iterator<String> lines) throws InterruptedException {
    long start = System.nanoTime();
    long records = 0;
    Tally tally = new Tally();
    List<PutRecordsRequestEntry> batch = new ArrayList<>(MAX_RECORDS_PER_CALL);
    long batchBytes = 0;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isBlank()) {
        continue;
      }
      String key = partitionKeys.partitionKey(line);
      byte[] data = line.getBytes(StandardCharsets.UTF_8);
      long size = data.length + key.getBytes(StandardCharsets.UTF_8).length;
      if (batch.size() == MAX_RECORDS_PER_CALL || batchBytes + size > MAX_BYTES_PER_CALL) {
        put(batch, tally);
        batch = new ArrayList<>(MAX_RECORDS_PER_CALL);
        batchBytes = 0;
      }
      batch.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromByteArray(data)).build());
      batchBytes += size;
      records++;
    }
    if (!batch.isEmpty()) {
      put(batch, tally);
    }
    return new LoadResult(records, tally.calls, tally.retriedEntries, Duration.ofNanos(System.nanoTime() - start));
  }

  private void put(List<PutRecordsRequestEntry> entries, Tally tally) throws InterruptedException {
    List<PutRecordsRequestEntry> remaining = entries;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      long sentAt = System.nanoTime();
      List<PutRecordsRequestEntry> sending = remaining;
      PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(streamName).records(sending));
      tally.calls++;
      List<PutRecordsRequestEntry> rejected = new ArrayList<>();
      String lastError = "";
      // results are in request order, one per entry
      for (int i = 0; i < sending.size(); i++) {
        PutRecordsResultEntry result = response.records().get(i);
        if (result.errorCode() == null) {
          putLog.put(result.shardId(), result.sequenceNumber(), sentAt);
        } else {
          rejected.add(sending.get(i));
          lastError = result.errorCode() + ": " + result.errorMessage();
        }
      }
      if (rejected.isEmpty()) {
        return;
      }
      if (attempt >= maxAttempts) {
        throw new IllegalStateException(
            rejected.size() + " records were still rejected after " + attempt + " PutRecords attempts; last: " + lastError);
      }
      tally.retriedEntries += rejected.size();
      Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(backoff.toNanos() / 2, backoff.toNanos() + 1)));
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      remaining = rejected;
    }
  }
}
