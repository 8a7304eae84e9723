package io.adstream.pii;

import java.util.Arrays;

/**
 * One version of the PII master secret. Purpose keys are derived from it ({@link KeyPurpose}), so
 * rotating the secret rotates every key at once; tokens and sealed records name the version they
 * were made with.
 */
public final class VersionedSecret {
  /** 256 bits: the derived keys are HMAC-SHA256 and AES-256 keys. */
  public static final int MIN_SECRET_BYTES = 32;

  private final int version;
  private final byte[] secret;

  /**
   * @throws IllegalArgumentException if the version is not positive or the secret is shorter than
   *     32 bytes
   */
  public VersionedSecret(int version, byte[] secret) {
    if (version < 1) {
      throw new IllegalArgumentException(
          "a PII key version must be a positive integer, was " + version);
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "PII key version "
              + version
              + " has "
              + secret.length
              + " bytes; at least "
              + MIN_SECRET_BYTES
              + " are required");
    }
    this.version = version;
    this.secret = secret.clone();
  }

  public int version() {
    return version;
  }

  byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionedSecret that
        && version == that.version
        && Arrays.equals(secret, that.secret);
  }

  @Override
  public int hashCode() {
    return version;
  }

  /** Names the version only: a secret must never reach a log. */
  @Override
  public String toString() {
    return "VersionedSecret[version=" + version + "]";
  }
}
