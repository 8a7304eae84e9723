package io.adstream.pii;

/**
 * The token format: {@code k<version>.<22 base64url characters>}, the characters being the first 16
 * bytes of HMAC-SHA256(token key of that version, kind + ":" + normalized value), without padding.
 */
public final class PiiToken {
  static final int HASH_BYTES = 16;
  static final int ENCODED_LENGTH = 22;

  /**
   * The base64url alphabet as a table: a lookup per character, where a chain of range tests
   * mispredicts on random characters (every event has three tokens checked).
   */
  private static final boolean[] ENCODED = new boolean[128];

  static {
    for (char c = 0; c < ENCODED.length; c++) {
      ENCODED[c] =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
    }
  }

  private PiiToken() {}

  /**
   * Whether the text has the shape of a token: a cheap guard against unmasked values passing as
   * masked.
   */
  public static boolean isToken(String text) {
    int dot = text.indexOf('.');
    if (dot < 2 || text.charAt(0) != 'k' || text.length() != dot + 1 + ENCODED_LENGTH) {
      return false;
    }
    for (int i = 1; i < dot; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    for (int i = dot + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= ENCODED.length || !ENCODED[c]) {
        return false;
      }
    }
    return true;
  }

  /** The key version a token was made with. */
  public static int keyVersion(String token) {
    if (!isToken(token)) {
      throw new IllegalArgumentException("not a PII token");
    }
    return Integer.parseInt(token, 1, token.indexOf('.'), 10);
  }
}
