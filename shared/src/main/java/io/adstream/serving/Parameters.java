package io.adstream.serving;

import io.adstream.event.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and validates one request's query parameters; every failure names the parameter. */
final class Parameters {
  static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,15}");

  private final Map<String, String> query;

  Parameters(Map<String, String> query, Set<String> allowed) {
    this.query = query;
    TreeSet<String> unknown = new TreeSet<>(query.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new BadParameterException(
          unknown.first(), "unknown parameter; this endpoint takes " + new TreeSet<>(allowed));
    }
  }

  Optional<String> text(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /**
   * RFC 3339 (2024-05-01T12:00:00Z) or epoch milliseconds, read as the event contract reads them.
   */
  Optional<Instant> instant(String name) {
    return text(name)
        .map(
            value ->
                time(value)
                    .orElseThrow(
                        () ->
                            new BadParameterException(
                                name,
                                "not a time: '"
                                    + abbreviated(value)
                                    + "'; use RFC 3339 (2024-05-01T12:00:00Z) or epoch milliseconds")));
  }

  private static Optional<Instant> time(String value) {
    if (EPOCH_MILLIS.matcher(value).matches()) {
      long epochMilli = Long.parseLong(value);
      return Timestamps.inRange(epochMilli)
          ? Optional.of(Instant.ofEpochMilli(epochMilli))
          : Optional.empty();
    }
    return Timestamps.parse(value);
  }

  int limit(int defaultLimit, int max) {
    return text("limit")
        .map(
            value -> {
              int limit;
              try {
                limit = Integer.parseInt(value);
              } catch (NumberFormatException e) {
                throw new BadParameterException(
                    "limit", "not a whole number: '" + abbreviated(value) + "'");
              }
              if (limit < 1 || limit > max) {
                throw new BadParameterException(
                    "limit", "must be between 1 and " + max + ", was " + limit);
              }
              return limit;
            })
        .orElse(defaultLimit);
  }

  Optional<String> matching(String name, Pattern pattern, String expected) {
    return text(name)
        .map(
            value -> {
              if (!pattern.matcher(value).matches()) {
                throw new BadParameterException(
                    name, "must be " + expected + ", was '" + abbreviated(value) + "'");
              }
              return value;
            });
  }

  /** The opaque pagination cursor: what the previous page's next_cursor said. */
  Optional<String> cursor() {
    return text("cursor")
        .map(
            value -> {
              try {
                return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
              } catch (IllegalArgumentException e) {
                throw new BadParameterException(
                    "cursor", "not a cursor this API issued; pass next_cursor unchanged");
              }
            });
  }

  static String cursorOf(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  /** Echoing a whole bad value back would let a caller reflect anything into the response. */
  static String abbreviated(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
