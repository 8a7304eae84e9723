package io.adstream.validation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
public final class Utf8 {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
      if (b >= 0xC2 && b <= 0xDF) {
        if (!continuation(bytes, i + 1)) {
          return false;
        }
        i += 2;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (i + 2 >= n || !continuation(bytes, i + 2)) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xFF;
        // E0 needs A0..BF (else overlong), ED needs 80..9F (else a surrogate)
        int low = b == 0xE0 ? 0xA0 : 0x80;
        int high = b == 0xED ? 0x9F : 0xBF;
        if (b1 < low || b1 > high) {
          return false;
        }
        i += 3;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (i + 3 >= n || !continuation(bytes, i + 2) || !continuation(bytes, i + 3)) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xFF;
        // F0 needs 90..BF (else overlong), F4 needs 80..8F (else above U+10FFFF)
        int low = b == 0xF0 ? 0x90 : 0x80;
        int high = b == 0xF4 ? 0x8F : 0xBF;
        if (b1 < low || b1 > high) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte[] bytes, int index) {
    return index < bytes.length && (bytes[index] & 0xC0) == 0x80;
  }
}
