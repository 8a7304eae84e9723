package io.adstream.local.mapping;

import io.adstream.stream.SourceRecord;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a Kinesis shard with GetShardIterator and GetRecords, as the event source mapping's poller
 * does. An expired iterator is renewed after the last record read; throttling reads as "nothing
 * yet". With {@code quotas}, the GetRecords quotas of Kinesis hold even where the emulator does not
 * enforce them: at most 10,000 records and 10 MiB a call, at most 5 calls and 2 MiB a second (what
 * a call returns beyond the bytes the shard has left this second is read again by a later call).
 */
final class KinesisShardReader implements ShardReader {

  private final KinesisClient kinesis;
  private final String streamName;
  private final String shardId;
  private final ShardIteratorType startingPosition;
  private Optional<String> iterator;
  private Optional<String> lastSequenceNumber = Optional.empty();
  private boolean ended;
  private final boolean quotas;
  private long lastCallNanos;
  private boolean called;
  private long readBytesLeft = KinesisDelivery.READ_BYTES_PER_SECOND;
  private long refilledAt = System.nanoTime();

  /**
   * Takes the starting iterator right away: LATEST means the records put after the mapping started,
   * not after its first poll.
   */
  KinesisShardReader(
      KinesisClient kinesis,
      String streamName,
      String shardId,
      ShardIteratorType startingPosition,
      boolean quotas) {
    this.kinesis = kinesis;
    this.quotas = quotas;
    this.streamName = streamName;
    this.shardId = shardId;
    this.startingPosition = startingPosition;
    this.iterator = Optional.of(newIterator());
  }

  @Override
  public String shardId() {
    return shardId;
  }

  @Override
  public ShardPoll poll(int limit) throws InterruptedException {
    if (ended) {
      return new ShardPoll(List.of(), true, true);
    }
    String current = iterator.orElseGet(this::newIterator);
    GetRecordsResponse response;
    try {
      awaitCallQuota();
      response =
          kinesis.getRecords(
              b ->
                  b.shardIterator(current)
                      .limit(
                          quotas ? Math.min(limit, KinesisDelivery.MAX_RECORDS_PER_CALL) : limit));
    } catch (ExpiredIteratorException e) {
      iterator = Optional.empty();
      return new ShardPoll(List.of(), false, false);
    } catch (ProvisionedThroughputExceededException e) {
      iterator = Optional.of(current);
      return new ShardPoll(List.of(), false, false);
    } catch (AbortedException e) {
      // the SDK's word for "this thread was interrupted": the mapping is stopping
      iterator = Optional.of(current);
      throw new InterruptedException("stopped while reading " + shardId);
    }
    List<software.amazon.awssdk.services.kinesis.model.Record> returned = response.records();
    boolean truncated = false;
    if (quotas) {
      refillReadBytes();
      long allowed = Math.min(KinesisDelivery.MAX_BYTES_PER_CALL, readBytesLeft);
      long bytes = 0;
      int kept = 0;
      while (kept < returned.size()
          && bytes + returned.get(kept).data().asByteBuffer().remaining() <= allowed) {
        bytes += returned.get(kept).data().asByteBuffer().remaining();
        kept++;
      }
      truncated = kept < returned.size();
      readBytesLeft -= bytes;
      returned = returned.subList(0, Math.max(kept, Math.min(1, returned.size())));
    }
    List<SourceRecord> records =
        returned.stream()
            .map(
                r ->
                    new SourceRecord(
                        streamName,
                        shardId,
                        r.sequenceNumber(),
                        r.partitionKey(),
                        r.approximateArrivalTimestamp(),
                        r.data().asByteArray()))
            .toList();
    if (!records.isEmpty()) {
      lastSequenceNumber = Optional.of(records.getLast().sequenceNumber());
    }
    // past 2 MB the rest is read again from after the last record kept, as a later call would
    // return it
    iterator = truncated ? Optional.empty() : Optional.ofNullable(response.nextShardIterator());
    ended = !truncated && iterator.isEmpty();
    Long behind = response.millisBehindLatest();
    boolean caughtUp = records.isEmpty() && (behind == null || behind == 0);
    return new ShardPoll(records, caughtUp, ended && records.isEmpty());
  }

  /** The shard's 2 MiB a second, up to one full call's worth saved. */
  private void refillReadBytes() {
    long now = System.nanoTime();
    long earned = (long) ((now - refilledAt) / 1e9 * KinesisDelivery.READ_BYTES_PER_SECOND);
    if (earned > 0) {
      readBytesLeft = Math.min(KinesisDelivery.MAX_BYTES_PER_CALL, readBytesLeft + earned);
      refilledAt = now;
    }
  }

  /** Waits out the 5 GetRecords calls a second that a shard takes. */
  private void awaitCallQuota() throws InterruptedException {
    if (quotas && called) {
      long wait = lastCallNanos + KinesisDelivery.MIN_CALL_INTERVAL.toNanos() - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(java.time.Duration.ofNanos(wait));
      }
    }
    called = true;
    lastCallNanos = System.nanoTime();
  }

  private String newIterator() {
    GetShardIteratorRequest.Builder request =
        GetShardIteratorRequest.builder().streamName(streamName).shardId(shardId);
    if (lastSequenceNumber.isPresent()) {
      request
          .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
          .startingSequenceNumber(lastSequenceNumber.get());
    } else {
      request.shardIteratorType(startingPosition);
    }
    return kinesis.getShardIterator(request.build()).shardIterator();
  }
}
