package io.adstream.stream;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Where a record sits in the stream. Kinesis documents a sequence number as a decimal string
 * without leading zeros (pattern {@code 0|([1-9]\d{0,128})}); real AWS sends 56 digits.
 *
 * <p>Two positions are equal when they name the same stream, shard and sequence <em>number</em>:
 * the stored form ({@link #paddedSequence()}) cannot tell {@code 0042} from {@code 42}, and an
 * emulator that sends leading zeros (MiniStack does) must not make a redelivered record a stranger
 * to its own claim. {@link #sequenceNumber()} keeps the string as Kinesis sent it, for reporting
 * failures back to Lambda.
 */
public record SourcePosition(String stream, String shardId, String sequenceNumber) {

  /** Orders sequence numbers of one shard numerically. */
  public static final Comparator<String> SEQUENCE_ORDER = Comparator.comparing(BigInteger::new);

  private static final int PADDED_LENGTH = 40;
  private static final String ZEROS = "0".repeat(PADDED_LENGTH);

  /**
   * The sequence number left-padded to a fixed width, so that string order (DynamoDB conditions)
   * equals numeric order.
   */
  public String paddedSequence() {
    return padSequence(sequenceNumber);
  }

  public static String padSequence(String sequenceNumber) {
    return "0".repeat(Math.max(0, PADDED_LENGTH - sequenceNumber.length())) + sequenceNumber;
  }

  /**
   * Compares two sequence numbers as their padded forms compare ({@link #padSequence}), either
   * given padded or not, without making those strings: fenced writers compare the position of every
   * record's contribution with the item's fence and with each other, and padding made a string each
   * time. Equal lengths (AWS's sequence numbers all have 56 digits) compare as they are; otherwise
   * the stretches of the padded forms are compared with {@link String#regionMatches}, which
   * compares many characters a step, and only the stretch that differs is walked character by
   * character.
   */
  public static int compareSequences(String a, String b) {
    if (a.length() == b.length()) {
      return a.compareTo(b);
    }
    if (a.length() > b.length()) {
      return -compareSequences(b, a);
    }
    // a is the shorter, so its padded form starts with at least as many zeros as b's
    int aPadding = Math.max(0, PADDED_LENGTH - a.length());
    int bPadding = Math.max(0, PADDED_LENGTH - b.length());
    int facingZeros =
        aPadding - bPadding; // b's first characters stand where a's padded form has zeros
    if (!b.regionMatches(0, ZEROS, 0, facingZeros)) {
      return firstDifference(ZEROS, 0, b, 0, facingZeros);
    }
    int aligned = Math.min(a.length(), b.length() - facingZeros);
    if (!a.regionMatches(0, b, facingZeros, aligned)) {
      return firstDifference(a, 0, b, facingZeros, aligned);
    }
    return (aPadding + a.length()) - (bPadding + b.length());
  }

  /** {@code x - y} at the first character where the two stretches differ; they differ somewhere. */
  private static int firstDifference(String x, int xFrom, String y, int yFrom, int length) {
    for (int i = 0; i < length; i++) {
      if (x.charAt(xFrom + i) != y.charAt(yFrom + i)) {
        return x.charAt(xFrom + i) - y.charAt(yFrom + i);
      }
    }
    throw new IllegalStateException("the stretches were found to differ");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcePosition that
        && stream.equals(that.stream)
        && shardId.equals(that.shardId)
        && canonical(sequenceNumber).equals(canonical(that.sequenceNumber));
  }

  /**
   * {@code Objects.hash(stream, shardId, canonical(sequenceNumber))} without its array: claims hash
   * their owner per record.
   */
  @Override
  public int hashCode() {
    return (31 * (31 + stream.hashCode()) + shardId.hashCode()) * 31
        + canonical(sequenceNumber).hashCode();
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
