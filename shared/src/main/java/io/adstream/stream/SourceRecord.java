package io.adstream.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as it came off the stream, before decoding: the bytes and where they came from.
 *
 * @param arrivalTime the stream's approximate arrival timestamp
 */
public record SourceRecord(
    String stream,
    String shardId,
    String sequenceNumber,
    String partitionKey,
    Instant arrivalTime,
    byte[] data) {
  public SourceRecord {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(arrivalTime, "arrivalTime");
    Objects.requireNonNull(data, "data");
  }

  public SourcePosition position() {
    return new SourcePosition(stream, shardId, sequenceNumber);
  }
}
