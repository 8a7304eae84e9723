package io.adstream.quarantine;

import java.util.Arrays;

/** What the sealed original bytes are: UTF-8 text, or bytes that are not. */
public enum PayloadEncoding {
  UTF8("utf8"),
  BINARY("binary");

  private final String wireName;

  PayloadEncoding(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException for a name this version does not write
   */
  public static PayloadEncoding fromWireName(String name) {
    return Arrays.stream(values())
        .filter(e -> e.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown payload encoding: " + name));
  }
}
