package io.adstream.quarantine;

import java.util.Objects;

/**
 * The original bytes of a quarantined record, encrypted with AES-256-GCM so that the unmasked personal data
 * they may hold never lands in S3 in the clear (DESIGN §5.1 keeps the bytes, §5.8 forbids clear PII).
 *
 * @param keyVersion version of the PII secret whose sealing key was used
 * @param encoding whether the original is UTF-8 text
 * @param length length of the original in bytes
 * @param sha256 lowercase hex SHA-256 of the original, to match a record to its source without opening it
 * @param nonce base64 of the 12-byte GCM nonce
 * @param ciphertext base64 of the ciphertext followed by the 16-byte GCM tag
 */
public record SealedPayload(
    int keyVersion, PayloadEncoding encoding, int length, String sha256, String nonce, String ciphertext) {
  public static final String CIPHER = "AES-256-GCM";

  public SealedPayload {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (keyVersion < 1 || length < 0) {
      throw new IllegalArgumentException("a sealed payload needs a positive key version and a length of at least 0");
    }
  }
}
