package io.adstream.event;

import java.math.BigInteger;
import java.util.Comparator;

/** Where a record sits in the stream. Kinesis sequence numbers are decimal strings of up to 128 bits. */
public record SourcePosition(String stream, String shardId, String sequenceNumber) {

  /** Orders sequence numbers of one shard numerically. */
  public static final Comparator<String> SEQUENCE_ORDER = Comparator.comparing(BigInteger::new);

  /**
   * The sequence number left-padded to a fixed width, so that string order (DynamoDB conditions) equals
   * numeric order.
   */
  public String paddedSequence() {
    return padSequence(sequenceNumber);
  }

  public static String padSequence(String sequenceNumber) {
    return "0".repeat(Math.max(0, 40 - sequenceNumber.length())) + sequenceNumber;
  }
}
