package io.adstream.pii;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The uses of the PII secret, each with a key of its own derived by HKDF-SHA256 (RFC 5869), so that
 * a key leaking from one use reveals nothing about another and one rotation of the secret rotates
 * all of them.
 */
public enum KeyPurpose {
  /** HMAC-SHA256 key of the PII tokens. */
  TOKEN("adstream/v1/pii-token", "HmacSHA256"),
  /** AES-256-GCM key sealing the original bytes of quarantined records. */
  QUARANTINE_SEALING("adstream/v1/quarantine-sealing", "AES"),
  /**
   * HMAC-SHA256 key of the digest landed beside a sealed original: keyed, so a guessed value cannot
   * be confirmed.
   */
  QUARANTINE_DIGEST("adstream/v1/quarantine-digest", "HmacSHA256"),
  /**
   * HMAC-SHA256 key authenticating replay envelopes: only a holder of the PII secret can make one.
   */
  REPLAY_AUTHENTICATION("adstream/v1/replay-authentication", "HmacSHA256");

  private static final byte[] SALT =
      "adstream-pii-key-derivation".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_BYTES = 32;

  private final byte[] info;
  private final String algorithm;

  KeyPurpose(String info, String algorithm) {
    this.info = info.getBytes(StandardCharsets.US_ASCII);
    this.algorithm = algorithm;
  }

  /**
   * This purpose's key under a secret: HKDF-Extract with a fixed salt, then one HKDF-Expand block
   * whose info is the purpose's label and the version ({@code adstream/v1/pii-token/k3}), so a new
   * version gives new keys even if a secret were reused.
   */
  public SecretKeySpec deriveFrom(VersionedSecret secret) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(SALT, "HmacSHA256"));
      byte[] pseudoRandomKey = hmac.doFinal(secret.secret());
      hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
      hmac.update(info);
      hmac.update(("/k" + secret.version()).getBytes(StandardCharsets.US_ASCII));
      hmac.update((byte) 1);
      byte[] key = hmac.doFinal();
      return new SecretKeySpec(key, 0, KEY_BYTES, algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
