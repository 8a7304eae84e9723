package io.adstream.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The Kinesis partition key a producer puts a record with, so that the local runner puts each line
 * where the generator meant it to go:
 *
 * <ul>
 *   <li>impression, click, conversion: the user's token, the lowercase hex of the first 8 bytes of
 *       SHA-256 of the user_id (never the raw id), so one user's events stay in order on one shard;
 *   <li>campaign_update, sem_stats: the campaign_id;
 *   <li>anything else (a line that is no JSON object, or lacks a string key field): the same hash
 *       of the line's bytes, stable across runs.
 * </ul>
 */
public final class PartitionKeys {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final Set<String> BY_USER = Set.of("impression", "click", "conversion");
  private static final Set<String> BY_CAMPAIGN = Set.of("campaign_update", "sem_stats");

  private PartitionKeys() {}

  /** The partition key of one line (without its line break). */
  public static String forLine(byte[] line) {
    return keyFields(line)
        .flatMap(
            fields -> {
              if (BY_USER.contains(fields.eventType()) && fields.userId() != null) {
                return Optional.of(hash(fields.userId().getBytes(StandardCharsets.UTF_8)));
              }
              return BY_CAMPAIGN.contains(fields.eventType())
                  ? Optional.ofNullable(fields.campaignId())
                  : Optional.empty();
            })
        .orElseGet(() -> hash(line));
  }

  private record KeyFields(String eventType, String userId, String campaignId) {}

  /** The top-level string fields the key depends on, when the line is a UTF-8 JSON object. */
  private static Optional<KeyFields> keyFields(byte[] line) {
    if (!Utf8.isValid(line)) {
      return Optional.empty();
    }
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      String eventType = null;
      String userId = null;
      String campaignId = null;
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        switch (name) {
          case "event_type" -> eventType = text;
          case "user_id" -> userId = text;
          case "campaign_id" -> campaignId = text;
          default -> {
            // other fields do not key the record
          }
        }
        parser.skipChildren();
      }
      // only a complete object counts: a record cut short is keyed by its bytes like other non-JSON
      return parser.currentToken() == JsonToken.END_OBJECT
              && parser.nextToken() == null
              && eventType != null
          ? Optional.of(new KeyFields(eventType, userId, campaignId))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Lowercase hex of the first 8 bytes of SHA-256. */
  private static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
