package io.adstream.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values; picocli names the option in front of each message (flink-local uses
 * them too).
 */
public final class OptionConverters {
  private OptionConverters() {}

  /** A probability: a decimal number from 0 to 1. */
  static final class Rate implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        double rate = Double.parseDouble(value);
        if (rate >= 0 && rate <= 1) {
          return rate;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException(
          "'" + value + "' is not a rate: give a number from 0 to 1, e.g. 0.01");
    }
  }

  /** A traffic mix by its lower-case name. */
  public static final class MixName
      implements ITypeConverter<io.adstream.generator.TrafficProfile.Mix> {
    @Override
    public io.adstream.generator.TrafficProfile.Mix convert(String value) {
      for (var mix : io.adstream.generator.TrafficProfile.Mix.values()) {
        if (mix.name().toLowerCase(Locale.ROOT).equals(value)) {
          return mix;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a traffic profile: give display or search");
    }
  }

  /** A whole number of at least 0, optionally with a k (thousand) or M (million) suffix. */
  static final class Count implements ITypeConverter<Integer> {
    private static final Pattern COUNT = Pattern.compile("(\\d{1,10})([kM]?)");

    @Override
    public Integer convert(String value) {
      Matcher m = COUNT.matcher(value.replace("_", ""));
      if (m.matches()) {
        long count =
            Long.parseLong(m.group(1))
                * switch (m.group(2)) {
                  case "k" -> 1_000L;
                  case "M" -> 1_000_000L;
                  default -> 1L;
                };
        if (count <= Integer.MAX_VALUE) {
          return (int) count;
        }
      }
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a count: give a whole number of at least 0, optionally with k or M, e.g. 1M");
    }
  }

  /** Records a second: 116/s, 580/s, 10k/s, or a bare number. */
  public static final class PerSecond implements ITypeConverter<Double> {
    private static final Pattern RATE = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)(k?)(/s)?");

    @Override
    public Double convert(String value) {
      Matcher m = RATE.matcher(value.replace("_", ""));
      if (m.matches()) {
        double rate = Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1_000);
        if (rate > 0) {
          return rate;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a rate: give records a second above 0, e.g. 116/s or 2k/s");
    }
  }

  /** A duration such as 90s, 15m, 1h, 2d or ISO-8601 PT1H30M. */
  public static final class Span implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value);
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration: give e.g. 90s, 15m, 1h, 2d or PT1H30M");
      }
    }
  }

  /** An RFC 3339 timestamp, e.g. 2026-11-24T10:00:00Z or 2026-11-24T11:00:00+01:00. */
  static final class Timestamp implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an RFC 3339 timestamp: give e.g. 2026-11-24T10:00:00Z");
      }
    }
  }
}
