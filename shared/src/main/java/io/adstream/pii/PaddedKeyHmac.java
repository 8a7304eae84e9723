package io.adstream.pii;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) for many short messages under one key: the key's inner and outer padded
 * blocks are hashed once, when the key is set, and each message starts from copies of those two
 * digest states. {@link javax.crypto.Mac} hashes both blocks again for every message, four SHA-256
 * compressions for a token where two suffice. BouncyCastle's {@code HMac} keeps the same two states
 * for the same reason. Gives {@code Mac}'s bytes (tested against it). Not thread-safe.
 */
final class PaddedKeyHmac {
  static final int LENGTH = 32;
  private static final int BLOCK = 64;

  private final MessageDigest innerStart;
  private final MessageDigest outerStart;

  PaddedKeyHmac(byte[] key) {
    MessageDigest sha256 = sha256();
    byte[] block = new byte[BLOCK];
    byte[] shortKey = key.length > BLOCK ? sha256.digest(key) : key;
    System.arraycopy(shortKey, 0, block, 0, shortKey.length);
    innerStart = withPadded(block, (byte) 0x36);
    outerStart = withPadded(block, (byte) 0x5c);
  }

  /** HMAC-SHA256 of {@code prefix} then {@code message}, written into {@code out[0..32)}. */
  void mac(byte[] prefix, byte[] message, byte[] out) {
    MessageDigest inner = copy(innerStart);
    inner.update(prefix);
    inner.update(message);
    finish(inner, out);
    MessageDigest outer = copy(outerStart);
    outer.update(out, 0, LENGTH);
    finish(outer, out);
  }

  private static MessageDigest withPadded(byte[] block, byte pad) {
    byte[] padded = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      padded[i] = (byte) (block[i] ^ pad);
    }
    MessageDigest digest = sha256();
    digest.update(padded);
    return digest;
  }

  private static MessageDigest copy(MessageDigest start) {
    try {
      return (MessageDigest) start.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 digest can be cloned", e);
    }
  }

  private static void finish(MessageDigest digest, byte[] out) {
    try {
      digest.digest(out, 0, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
