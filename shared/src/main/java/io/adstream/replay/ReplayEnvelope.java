package io.adstream.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A lake event put on the stream again (replay). The lake holds only masked events, so a replayed record
 * carries the masked event, the fingerprint of its original content (so dedup recognises it against the
 * original claim, whatever key rotated since) and the masking's ip prefix and redactions:
 *
 * <pre>{"adstream_replay":1,"fingerprint":"…","ip_prefix":"203.0.113.0/24","pii_redacted":[],"event":{…}}</pre>
 *
 * The processor takes such a record without masking it again.
 */
public final class ReplayEnvelope {
  public static final String MARKER = "adstream_replay";
  private static final byte[] PREFIX = ("{\"" + MARKER + "\"").getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields the processor adds to an enriched line; the rest is the event. */
  private static final Set<String> ENRICHMENT =
      Set.of("ip_prefix", "pii_redacted", "late", "invalid", "shard_id", "sequence_number", "arrival_time", "fingerprint");

  private ReplayEnvelope() {}

  /** The contents of a replay envelope. */
  public record Replayed(byte[] event, String fingerprint, Optional<String> ipPrefix, Set<String> redactedFields) {}

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
   * The record to put for one enriched line.
   *
   * @throws IllegalArgumentException naming what the line lacks
   */
  public static byte[] fromEnrichedLine(byte[] line) {
    JsonNode enriched;
    try {
      enriched = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON line (at byte " + e.getLocation().getByteOffset() + ")");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading memory cannot fail", e);
    }
    if (enriched == null || !enriched.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!enriched.path("fingerprint").isTextual()) {
      throw new IllegalArgumentException("field fingerprint is missing: not an enriched line of this pipeline");
    }
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put(MARKER, 1);
    envelope.put("fingerprint", enriched.get("fingerprint").asText());
    if (enriched.path("ip_prefix").isTextual()) {
      envelope.put("ip_prefix", enriched.get("ip_prefix").asText());
    }
    envelope.set("pii_redacted", enriched.path("pii_redacted").isArray() ? enriched.get("pii_redacted") : JSON.createArrayNode());
    ObjectNode event = envelope.putObject("event");
    enriched.fields().forEachRemaining(f -> {
      if (!ENRICHMENT.contains(f.getKey())) {
        event.set(f.getKey(), f.getValue());
      }
    });
    try {
      return JSON.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The envelope's parts, or empty when the record is not a well-formed envelope. */
  public static Optional<Replayed> parse(byte[] record) {
    try {
      JsonNode envelope = JSON.readTree(record);
      if (envelope == null
          || !envelope.path(MARKER).isInt()
          || envelope.get(MARKER).asInt() != 1
          || !envelope.path("fingerprint").isTextual()
          || !envelope.path("event").isObject()) {
        return Optional.empty();
      }
      Set<String> redacted = new LinkedHashSet<>();
      envelope.path("pii_redacted").forEach(f -> redacted.add(f.asText()));
      return Optional.of(
          new Replayed(
              JSON.writeValueAsBytes(envelope.get("event")),
              envelope.get("fingerprint").asText(),
              envelope.path("ip_prefix").isTextual() ? Optional.of(envelope.get("ip_prefix").asText()) : Optional.empty(),
              redacted));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
