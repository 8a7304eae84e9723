package io.adstream.local.mapping;

import io.adstream.event.SourceRecord;
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
 * Reads a Kinesis shard with GetShardIterator and GetRecords, as the event source mapping's poller does. An
 * expired iterator is renewed after the last record read; throttling reads as "nothing yet".
 */
final class KinesisShardReader implements ShardReader {

  private final KinesisClient kinesis;
  private final String streamName;
  private final String shardId;
  private final ShardIteratorType startingPosition;
  private Optional<String> iterator;
  private Optional<String> lastSequenceNumber = Optional.empty();
  private boolean ended;

  /**
   * Takes the starting iterator right away: LATEST means the records put after the mapping started, not
   * after its first poll.
   */
  KinesisShardReader(KinesisClient kinesis, String streamName, String shardId, ShardIteratorType startingPosition) {
    this.kinesis = kinesis;
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
      response = kinesis.getRecords(b -> b.shardIterator(current).limit(limit));
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
    List<SourceRecord> records =
        response.records().stream()
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
    iterator = Optional.ofNullable(response.nextShardIterator());
    ended = iterator.isEmpty();
    Long behind = response.millisBehindLatest();
    boolean caughtUp = records.isEmpty() && (behind == null || behind == 0);
    return new ShardPoll(records, caughtUp, ended && records.isEmpty());
  }

  private String newIterator() {
    GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamName(streamName).shardId(shardId);
    if (lastSequenceNumber.isPresent()) {
      request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(lastSequenceNumber.get());
    } else {
      request.shardIteratorType(startingPosition);
    }
    return kinesis.getShardIterator(request.build()).shardIterator();
  }
}
