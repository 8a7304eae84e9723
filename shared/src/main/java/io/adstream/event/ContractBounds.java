package io.adstream.event;

import java.time.Instant;
import java.util.Map;

/**
 * The bounds contract v1 puts on values (events/schemas, docs/semantics.md): what is accepted can
 * be stored, summed and served. Ids fit DynamoDB keys and the API's paths; text is bounded in
 * length; money has a maximum per event type far above any real price and far enough below 2^63
 * that no sum of a day's events can overflow; times start in 2000 so that every accepted time has a
 * non-negative epoch minute.
 */
public final class ContractBounds {
  /** The longest id (event_id, source and every *_id that is not personal data), in characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** The characters of an id: what DynamoDB keys, S3 keys and the API's paths carry unescaped. */
  public static final String ID_CHARACTERS = "letters A-Z and a-z, digits, '.', '_', ':' and '-'";

  /** The earliest time any time field may hold: 2000-01-01T00:00:00Z. */
  public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /** The largest count (sem_stats impressions, clicks, conversions). */
  public static final long MAX_COUNT = 1_000_000_000_000L;

  private static final Map<String, Integer> TEXT_LENGTHS =
      Map.of(
          "user_id",
          256,
          "device_id",
          256,
          "email",
          254,
          "user_agent",
          2048,
          "name",
          256,
          "keyword",
          256);

  /**
   * Money maxima in micros, per type and field: 1,000 a impression, 10,000 a click, 10 million a
   * conversion.
   */
  private static final Map<EventType, Map<String, Long>> MONEY =
      Map.of(
          EventType.IMPRESSION, Map.of("cost_micros", 1_000_000_000L),
          EventType.CLICK, Map.of("cost_micros", 10_000_000_000L),
          EventType.CONVERSION, Map.of("value_micros", 10_000_000_000_000L),
          EventType.CAMPAIGN_UPDATE, Map.of("daily_budget_micros", 1_000_000_000_000_000L),
          EventType.SEM_STATS,
              Map.of(
                  "cost_micros",
                  1_000_000_000_000_000L,
                  "conversion_value_micros",
                  1_000_000_000_000_000L));

  /**
   * {@link #ID_CHARACTERS} as a table: one lookup per character of every id of every event, where a
   * chain of range tests mispredicts on ids that mix letters, digits and dashes.
   */
  private static final boolean[] ID_TABLE = new boolean[128];

  static {
    for (char c = 0; c < ID_TABLE.length; c++) {
      ID_TABLE[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
    }
  }

  private ContractBounds() {}

  /** The longest value of a free-text or personal field, in characters (Unicode code points). */
  public static int maxTextLength(String field) {
    return TEXT_LENGTHS.getOrDefault(field, MAX_ID_LENGTH);
  }

  /**
   * The largest amount of micros a money field of a type may hold.
   *
   * @throws IllegalArgumentException if the type has no such money field
   */
  public static long maxMicros(EventType type, String field) {
    Long max = MONEY.get(type).get(field);
    if (max == null) {
      throw new IllegalArgumentException(type.wireName() + " events have no money field " + field);
    }
    return max;
  }

  /** Whether a character may appear in an id. */
  public static boolean isIdCharacter(char c) {
    return c < ID_TABLE.length && ID_TABLE[c];
  }
}
