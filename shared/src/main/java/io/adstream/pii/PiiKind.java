package io.adstream.pii;

import java.nio.charset.StandardCharsets;

/**
 * What a tokenized value is. The kind is inside the HMAC input: the same text as a user id and as
 * an email gives two tokens.
 */
public enum PiiKind {
  USER("user"),
  DEVICE("device"),
  IP("ip"),
  EMAIL("email");

  private final String label;
  private final byte[] hmacPrefix;

  PiiKind(String label) {
    this.label = label;
    this.hmacPrefix = (label + ":").getBytes(StandardCharsets.US_ASCII);
  }

  public String label() {
    return label;
  }

  /** {@code label:} in bytes, the start of every HMAC input of this kind; shared, so read only. */
  byte[] hmacPrefix() {
    return hmacPrefix;
  }
}
