package io.adstream.validation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF.
 */
public final class Utf8 {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ASCII_MASK = 0x8080_8080_8080_8080L;

  private Utf8() {}

  public static boolean isWellFormed(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      // JSON is mostly ASCII: step over eight ASCII bytes at a time
      while (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & ASCII_MASK) == 0) {
        i += Long.BYTES;
      }
      if (i >= n) {
        break;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int length;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        if (!isSequence(bytes, i, length, 0x80, 0xBF)) {
          return false;
        }
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        // E0 needs A0..BF (else overlong), ED needs 80..9F (else a surrogate)
        if (!isSequence(bytes, i, length, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF)) {
          return false;
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        // F0 needs 90..BF (else overlong), F4 needs 80..8F (else above U+10FFFF)
        if (!isSequence(bytes, i, length, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF)) {
          return false;
        }
      } else {
        return false;
      }
      i += length;
    }
    return true;
  }

  /**
   * Whether the {@code length} bytes from {@code start} are a lead byte, a second byte within
   * {@code [secondLow, secondHigh]} and continuation bytes after it.
   */
  private static boolean isSequence(
      byte[] bytes, int start, int length, int secondLow, int secondHigh) {
    if (start + length > bytes.length) {
      return false;
    }
    int second = bytes[start + 1] & 0xFF;
    if (second < secondLow || second > secondHigh) {
      return false;
    }
    for (int i = start + 2; i < start + length; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        return false;
      }
    }
    return true;
  }
}
