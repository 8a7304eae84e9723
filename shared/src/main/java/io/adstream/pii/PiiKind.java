package io.adstream.pii;

/** What a tokenized value is. The kind is inside the HMAC input: the same text as a user id and as an email gives two tokens. */
public enum PiiKind {
  USER("user"),
  DEVICE("device"),
  IP("ip"),
  EMAIL("email");

  private final String label;

  PiiKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
