package io.adstream.quarantine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.event.EventType;
import io.adstream.event.Timestamps;
import io.adstream.stream.SourcePosition;
import io.adstream.validation.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A record that was not accepted, as landed under {@code quarantine/}: every reason, where it came
 * from, the identity that could be read from it, and its original bytes sealed ({@link
 * SealedPayload}).
 *
 * @param eventId the record's event_id when it could be read, card numbers redacted
 * @param eventTime the record's event_time when it could be read; landing partitions by it, else by
 *     arrival
 */
public record QuarantineRecord(
    List<Reason> reasons,
    SourcePosition source,
    Instant arrivalTime,
    Optional<String> eventId,
    Optional<EventType> eventType,
    Optional<Instant> eventTime,
    SealedPayload original) {

  /**
   * The version of the JSON shape below; a reader refuses versions it does not know. Version 1
   * landed an unkeyed SHA-256 of the original beside it; version 2 a keyed HMAC.
   */
  public static final int FORMAT_VERSION = 2;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper READER = new ObjectMapper();

  public QuarantineRecord {
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a quarantine record needs at least one reason");
    }
    Objects.requireNonNull(source, "source");
    // Kinesis arrival times may carry microseconds; the landed form has milliseconds
    arrivalTime = arrivalTime.truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(original, "original");
  }

  /** The record as one line of JSON, fields in a fixed order, absent identity fields left out. */
  public String toJson() {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("quarantine_version", FORMAT_VERSION);
      g.writeArrayFieldStart("reasons");
      for (Reason reason : reasons) {
        g.writeStartObject();
        g.writeStringField("code", reason.code());
        g.writeStringField("detail", reason.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("source");
      g.writeStringField("stream", source.stream());
      g.writeStringField("shard_id", source.shardId());
      g.writeStringField("sequence_number", source.sequenceNumber());
      g.writeStringField("arrival_time", Timestamps.format(arrivalTime));
      g.writeEndObject();
      if (eventId.isPresent()) {
        g.writeStringField("event_id", eventId.get());
      }
      if (eventType.isPresent()) {
        g.writeStringField("event_type", eventType.get().wireName());
      }
      if (eventTime.isPresent()) {
        g.writeStringField("event_time", Timestamps.format(eventTime.get()));
      }
      g.writeObjectFieldStart("original");
      g.writeStringField("cipher", SealedPayload.CIPHER);
      g.writeNumberField("key_version", original.keyVersion());
      g.writeStringField("encoding", original.encoding().wireName());
      g.writeNumberField("length", original.length());
      g.writeStringField("hmac_sha256", original.hmacSha256());
      g.writeStringField("nonce", original.nonce());
      g.writeStringField("ciphertext", original.ciphertext());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toString();
  }

  /**
   * Reads a line written by {@link #toJson()}, for the inspect and redrive tools.
   *
   * @throws IllegalArgumentException if the line is not a quarantine record of a known format
   *     version
   */
  public static QuarantineRecord parse(String json) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a JSON quarantine record: " + e.getOriginalMessage(), e);
    }
    int version = required(root, "quarantine_version").asInt();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "quarantine record format " + version + " is not readable by this version");
    }
    List<Reason> reasons = new ArrayList<>();
    for (JsonNode reason : required(root, "reasons")) {
      reasons.add(
          Reason.parse(required(reason, "code").asText(), required(reason, "detail").asText()));
    }
    JsonNode source = required(root, "source");
    JsonNode original = required(root, "original");
    if (!SealedPayload.CIPHER.equals(required(original, "cipher").asText())) {
      throw new IllegalArgumentException("unknown cipher: " + original.get("cipher").asText());
    }
    return new QuarantineRecord(
        reasons,
        new SourcePosition(
            required(source, "stream").asText(),
            required(source, "shard_id").asText(),
            required(source, "sequence_number").asText()),
        time(required(source, "arrival_time")),
        Optional.ofNullable(root.get("event_id")).map(JsonNode::asText),
        Optional.ofNullable(root.get("event_type"))
            .map(
                n ->
                    EventType.fromWireName(n.asText())
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException("unknown event_type: " + n.asText()))),
        Optional.ofNullable(root.get("event_time")).map(QuarantineRecord::time),
        new SealedPayload(
            required(original, "key_version").asInt(),
            PayloadEncoding.fromWireName(required(original, "encoding").asText()),
            required(original, "length").asInt(),
            required(original, "hmac_sha256").asText(),
            required(original, "nonce").asText(),
            required(original, "ciphertext").asText()));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("quarantine record lacks " + field);
    }
    return value;
  }

  private static Instant time(JsonNode node) {
    return Timestamps.parse(node.asText())
        .orElseThrow(() -> new IllegalArgumentException("not an RFC 3339 time: " + node.asText()));
  }
}
