package io.adstream.quarantine;

import io.adstream.pii.KeyPurpose;
import io.adstream.pii.PanRedactor;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.VersionedSecret;
import io.adstream.stream.SourcePosition;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.Utf8;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Builds quarantine records and opens their sealed originals again.
 *
 * <p>The original bytes are encrypted with AES-256-GCM under the quarantine sealing key derived
 * from the current PII secret ({@link KeyPurpose#QUARANTINE_SEALING}); the record's stream, shard
 * and sequence number are bound in as associated data, so a sealed payload cannot be passed off as
 * another record's. Safe to share between threads.
 *
 * <pre>{@code
 * QuarantineSealer sealer = QuarantineSealer.builder().keyProvider(keys).build();
 * String line = sealer.quarantine(record, invalid).toJson();   // processor
 * byte[] original = sealer.unseal(QuarantineRecord.parse(line)); // inspect / redrive tooling
 * }</pre>
 */
public final class QuarantineSealer {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PiiKeyProvider keys;
  private final SecureRandom random;

  private QuarantineSealer(Builder builder) {
    this.keys = builder.keys;
    this.random = builder.random;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The quarantine record of a stream record that failed decoding, or a later stage such as dedup.
   */
  public QuarantineRecord quarantine(SourceRecord record, DecodeResult.Invalid invalid) {
    return new QuarantineRecord(
        invalid.reasons(),
        record.position(),
        record.arrivalTime(),
        invalid.eventId().map(PanRedactor::redact),
        invalid.eventType(),
        invalid.eventTime(),
        seal(record.data(), record.position()));
  }

  /**
   * The original bytes of a quarantined record, checked against its length and keyed digest.
   *
   * @throws IllegalStateException if the key version is no longer held, or the record was altered
   */
  public byte[] unseal(QuarantineRecord record) {
    SealedPayload sealed = record.original();
    VersionedSecret secret =
        keys.version(sealed.keyVersion())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PII key version "
                            + sealed.keyVersion()
                            + " is not held by the key provider; it sealed this record"));
    byte[] original;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE,
          KeyPurpose.QUARANTINE_SEALING.deriveFrom(secret),
          new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.nonce())));
      cipher.updateAAD(associatedData(record.source()));
      original = cipher.doFinal(Base64.getDecoder().decode(sealed.ciphertext()));
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "the sealed original of "
              + describe(record.source())
              + " fails authentication: altered, or moved from another record",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every JDK", e);
    }
    if (original.length != sealed.length()
        || !digestHex(secret, original).equals(sealed.hmacSha256())) {
      throw new IllegalStateException(
          "the original of " + describe(record.source()) + " does not match its length and digest");
    }
    return original;
  }

  private SealedPayload seal(byte[] original, SourcePosition source) {
    VersionedSecret secret = keys.current();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ciphertext;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.ENCRYPT_MODE,
          KeyPurpose.QUARANTINE_SEALING.deriveFrom(secret),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(source));
      ciphertext = cipher.doFinal(original);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every JDK", e);
    }
    return new SealedPayload(
        secret.version(),
        Utf8.isWellFormed(original) ? PayloadEncoding.UTF8 : PayloadEncoding.BINARY,
        original.length,
        digestHex(secret, original),
        Base64.getEncoder().encodeToString(nonce),
        Base64.getEncoder().encodeToString(ciphertext));
  }

  private static byte[] associatedData(SourcePosition source) {
    return String.join(
            "\n",
            "adstream-quarantine-v1",
            source.stream(),
            source.shardId(),
            source.sequenceNumber())
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * HMAC-SHA256 under the digest key of the secret's version: a plain hash would confirm a guessed
   * value.
   */
  private static String digestHex(VersionedSecret secret, byte[] bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(KeyPurpose.QUARANTINE_DIGEST.deriveFrom(secret));
      return HexFormat.of().formatHex(mac.doFinal(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  private static String describe(SourcePosition source) {
    return source.stream() + "/" + source.shardId() + "/" + source.sequenceNumber();
  }

  /** Builds a {@link QuarantineSealer}. */
  public static final class Builder {
    private PiiKeyProvider keys;
    private SecureRandom random = new SecureRandom();

    private Builder() {}

    public Builder keyProvider(PiiKeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The source of GCM nonces; a {@link SecureRandom} by default. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @throws IllegalStateException if no key provider was given
     */
    public QuarantineSealer build() {
      if (keys == null) {
        throw new IllegalStateException("a QuarantineSealer needs a keyProvider");
      }
      return new QuarantineSealer(this);
    }
  }
}
