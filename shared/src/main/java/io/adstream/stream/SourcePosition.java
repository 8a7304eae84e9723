package io.adstream.stream;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a record sits in the stream. Kinesis documents a sequence number as a decimal string without
 * leading zeros (pattern {@code 0|([1-9]\d{0,128})}); real AWS sends 56 digits.
 *
 * <p>Two positions are equal when they name the same stream, shard and sequence <em>number</em>: the
 * stored form ({@link #paddedSequence()}) cannot tell {@code 0042} from {@code 42}, and an emulator that
 * sends leading zeros (MiniStack does) must not make a redelivered record a stranger to its own claim.
 * {@link #sequenceNumber()} keeps the string as Kinesis sent it, for reporting failures back to Lambda.
 */
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

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcePosition that
        && stream.equals(that.stream)
        && shardId.equals(that.shardId)
        && canonical(sequenceNumber).equals(canonical(that.sequenceNumber));
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, shardId, canonical(sequenceNumber));
  }

  /** The digits without leading zeros ("0" for zero). */
  private static String canonical(String sequenceNumber) {
    int start = 0;
    while (start < sequenceNumber.length() - 1 && sequenceNumber.charAt(start) == '0') {
      start++;
    }
    return sequenceNumber.substring(start);
  }
}
