package io.adstream.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.pii.KeyPurpose;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.VersionedSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;

/**
 * A lake event put on the stream again (replay). The lake holds only masked events, so a replayed
 * record carries the masked event, the fingerprint of its original content (so dedup recognises it
 * against the original claim, whatever key rotated since) and the masking's ip prefix and
 * redactions:
 *
 * <pre>
 * {"adstream_replay":2,"auth":"k3.…","fingerprint":"…","ip_prefix":"203.0.113.0/24","pii_redacted":[],"event":{…}}
 * </pre>
 *
 * The processor takes such a record without masking it again, so it must come from the replay tool
 * and from nobody else: {@code auth} is an HMAC-SHA256 over the rest under a key derived from the
 * PII secret ({@link KeyPurpose#REPLAY_AUTHENTICATION}), named by its version like a token. A
 * producer holds no PII secret; an envelope whose code does not verify is quarantined as {@code
 * unauthenticated_replay}. Safe to share between threads.
 *
 * <pre>{@code
 * ReplayEnvelope envelopes = ReplayEnvelope.builder().keyProvider(keys).build();
 * byte[] record = envelopes.fromEnrichedLine(line);            // the replay tool
 * switch (envelopes.open(record)) { case Opened.Authentic a -> …; case Opened.Rejected r -> …; } // the processor
 * }</pre>
 */
public final class ReplayEnvelope {
  public static final String MARKER = "adstream_replay";

  /** The envelope format; 1 had no authentication code and is refused. */
  static final int FORMAT = 2;

  private static final byte[] PREFIX = ("{\"" + MARKER + "\"").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DOMAIN = "adstream-replay-v2\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** Fields the processor adds to an enriched line; the rest is the event. */
  private static final Set<String> ENRICHMENT =
      Set.of(
          "ip_prefix",
          "pii_redacted",
          "late",
          "invalid",
          "shard_id",
          "sequence_number",
          "arrival_time",
          "fingerprint");

  private final PiiKeyProvider keys;

  private ReplayEnvelope(Builder builder) {
    this.keys = builder.keys;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The contents of an authentic replay envelope. */
  public record Replayed(
      byte[] event, String fingerprint, Optional<String> ipPrefix, Set<String> redactedFields) {}

  /** What a record shaped as a replay envelope turned out to be. */
  public sealed interface Opened {
    record Authentic(Replayed replayed) implements Opened {}

    /** Not JSON, or not an envelope of this format. */
    record Malformed() implements Opened {}

    /**
     * An envelope the replay tool did not make: no code, a code under an unknown key, or a wrong
     * one.
     */
    record Unauthenticated() implements Opened {}
  }

  /** Whether the record is shaped as a replay envelope: it starts with the marker field. */
  public static boolean isReplay(byte[] record) {
    if (record.length < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (record[i] != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The record to put for one enriched line, authenticated under the current PII key.
   *
   * @throws IllegalArgumentException naming what the line lacks
   */
  public byte[] fromEnrichedLine(byte[] line) {
    JsonNode enriched;
    try {
      enriched = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a JSON line (at byte " + e.getLocation().getByteOffset() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("reading memory cannot fail", e);
    }
    if (enriched == null || !enriched.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!enriched.path("fingerprint").isTextual()) {
      throw new IllegalArgumentException(
          "field fingerprint is missing: not an enriched line of this pipeline");
    }
    ObjectNode event = JSON.createObjectNode();
    enriched
        .properties()
        .forEach(
            f -> {
              if (!ENRICHMENT.contains(f.getKey())) {
                event.set(f.getKey(), f.getValue());
              }
            });
    Set<String> redacted = new LinkedHashSet<>();
    enriched.path("pii_redacted").forEach(f -> redacted.add(f.asText()));
    Replayed replayed =
        new Replayed(
            write(event),
            enriched.get("fingerprint").asText(),
            enriched.path("ip_prefix").isTextual()
                ? Optional.of(enriched.get("ip_prefix").asText())
                : Optional.empty(),
            redacted);
    VersionedSecret secret = keys.current();
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put(MARKER, FORMAT);
    envelope.put(
        "auth", "k" + secret.version() + "." + BASE64URL.encodeToString(code(secret, replayed)));
    envelope.put("fingerprint", replayed.fingerprint());
    replayed.ipPrefix().ifPresent(prefix -> envelope.put("ip_prefix", prefix));
    var redactedArray = envelope.putArray("pii_redacted");
    redacted.forEach(redactedArray::add);
    envelope.set("event", event);
    return write(envelope);
  }

  /** Opens a record that {@link #isReplay} says is shaped as an envelope. */
  public Opened open(byte[] record) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(record);
    } catch (IOException e) {
      return new Opened.Malformed();
    }
    if (envelope == null
        || !envelope.path(MARKER).isInt()
        || !envelope.path("fingerprint").isTextual()
        || !envelope.path("event").isObject()
        || !envelope.path("pii_redacted").isArray()) {
      return new Opened.Malformed();
    }
    if (envelope.get(MARKER).asInt() != FORMAT || !envelope.path("auth").isTextual()) {
      return new Opened.Unauthenticated();
    }
    Set<String> redacted = new LinkedHashSet<>();
    envelope.get("pii_redacted").forEach(f -> redacted.add(f.asText()));
    Replayed replayed =
        new Replayed(
            write(envelope.get("event")),
            envelope.get("fingerprint").asText(),
            envelope.path("ip_prefix").isTextual()
                ? Optional.of(envelope.get("ip_prefix").asText())
                : Optional.empty(),
            redacted);
    return verifies(envelope.get("auth").asText(), replayed)
        ? new Opened.Authentic(replayed)
        : new Opened.Unauthenticated();
  }

  private boolean verifies(String auth, Replayed replayed) {
    int dot = auth.indexOf('.');
    if (dot < 2 || auth.charAt(0) != 'k' || dot > 10) {
      return false;
    }
    Optional<VersionedSecret> secret;
    byte[] claimed;
    try {
      secret = keys.version(Integer.parseInt(auth, 1, dot, 10));
      claimed = Base64.getUrlDecoder().decode(auth.substring(dot + 1));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      return false;
    }
    return secret.isPresent() && MessageDigest.isEqual(claimed, code(secret.get(), replayed));
  }

  /** The authentication code: over every part the processor takes on trust, each part delimited. */
  private static byte[] code(VersionedSecret secret, Replayed replayed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(KeyPurpose.REPLAY_AUTHENTICATION.deriveFrom(secret));
      mac.update(DOMAIN);
      for (String part :
          new String[] {
            replayed.fingerprint(),
            replayed.ipPrefix().orElse(""),
            String.join(",", replayed.redactedFields())
          }) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update(lengthPrefix(bytes.length));
        mac.update(bytes);
      }
      return mac.doFinal(replayed.event());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  private static byte[] lengthPrefix(int length) {
    return new byte[] {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
  }

  private static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Builds a {@link ReplayEnvelope}. */
  public static final class Builder {
    private PiiKeyProvider keys;

    private Builder() {}

    /** The PII key ring: the replay tool and the processor must hold the same secret. */
    public Builder keyProvider(PiiKeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * @throws IllegalStateException if no key provider was given
     */
    public ReplayEnvelope build() {
      if (keys == null) {
        throw new IllegalStateException("a ReplayEnvelope needs a keyProvider");
      }
      return new ReplayEnvelope(this);
    }
  }
}
