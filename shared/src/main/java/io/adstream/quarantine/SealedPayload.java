package io.adstream.quarantine;

import java.util.Objects;

/**
 * The original bytes of a quarantined record, encrypted with AES-256-GCM so that the unmasked
 * personal data they may hold never lands in S3 in the clear (guarantee 1 (docs/guarantees.md)
 * keeps the bytes, §5.8 forbids clear PII).
 *
 * @param keyVersion version of the PII secret whose sealing key was used
 * @param encoding whether the original is UTF-8 text
 * @param length length of the original in bytes
 * @param hmacSha256 lowercase hex HMAC-SHA256 of the original under the quarantine digest key of
 *     the same version: matches a record to its source without opening it, yet confirms no guessed
 *     card or email to someone without the key, as a plain hash would
 * @param nonce base64 of the 12-byte GCM nonce
 * @param ciphertext base64 of the ciphertext followed by the 16-byte GCM tag
 */
public record SealedPayload(
    int keyVersion,
    PayloadEncoding encoding,
    int length,
    String hmacSha256,
    String nonce,
    String ciphertext) {
  public static final String CIPHER = "AES-256-GCM";

  public SealedPayload {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(hmacSha256, "hmacSha256");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (keyVersion < 1 || length < 0) {
      throw new IllegalArgumentException(
          "a sealed payload needs a positive key version and a length of at least 0");
    }
  }
}
