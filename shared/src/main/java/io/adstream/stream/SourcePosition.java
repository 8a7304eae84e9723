package io.adstream.stream;

import java.math.BigInteger;
import java.util.Comparator;

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

  private static final int PADDED_LENGTH = 40;

  /**
   * The sequence number left-padded to a fixed width, so that string order (DynamoDB conditions) equals
   * numeric order.
   */
  public String paddedSequence() {
    return padSequence(sequenceNumber);
  }

  public static String padSequence(String sequenceNumber) {
    return "0".repeat(Math.max(0, PADDED_LENGTH - sequenceNumber.length())) + sequenceNumber;
  }

  /**
   * Compares two sequence numbers as their padded forms compare ({@link #padSequence}), either given
   * padded or not, without making those strings: fenced writers compare the position of every record's
   * contribution with the item's fence and with each other, and padding made a string each time.
   */
  public static int compareSequences(String a, String b) {
    int aPadding = Math.max(0, PADDED_LENGTH - a.length());
    int bPadding = Math.max(0, PADDED_LENGTH - b.length());
    int aLength = aPadding + a.length();
    int bLength = bPadding + b.length();
    for (int i = 0, n = Math.min(aLength, bLength); i < n; i++) {
      char aDigit = i < aPadding ? '0' : a.charAt(i - aPadding);
      char bDigit = i < bPadding ? '0' : b.charAt(i - bPadding);
      if (aDigit != bDigit) {
        return aDigit - bDigit;
      }
    }
    return aLength - bLength;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcePosition that
        && stream.equals(that.stream)
        && shardId.equals(that.shardId)
        && canonical(sequenceNumber).equals(canonical(that.sequenceNumber));
  }

  /** {@code Objects.hash(stream, shardId, canonical(sequenceNumber))} without its array: claims hash their owner per record. */
  @Override
  public int hashCode() {
    return (31 * (31 + stream.hashCode()) + shardId.hashCode()) * 31 + canonical(sequenceNumber).hashCode();
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
