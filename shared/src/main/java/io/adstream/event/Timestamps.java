package io.adstream.event;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The contract's times: RFC 3339 date-times with an offset, or epoch milliseconds, both within the
 * years 0000-9999 in UTC so that every accepted time has a canonical RFC 3339 form. Sub-millisecond
 * digits are truncated: the pipeline compares times at millisecond precision. Hand-written because
 * it runs for every event and {@code DateTimeFormatter} is several times slower.
 */
public final class Timestamps {
  /** 0000-01-01T00:00:00.000Z */
  public static final long MIN_EPOCH_MILLI = -62_167_219_200_000L;

  /** 9999-12-31T23:59:59.999Z */
  public static final long MAX_EPOCH_MILLI = 253_402_300_799_999L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Timestamps() {}

  /** Whether epoch milliseconds are inside the range every time must fall in. */
  public static boolean inRange(long epochMilli) {
    return epochMilli >= MIN_EPOCH_MILLI && epochMilli <= MAX_EPOCH_MILLI;
  }

  /**
   * Parses {@code YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)} ({@code t} and {@code z} in
   * either case, as RFC 3339 allows). Empty when the text has another shape, names a day or time
   * that does not exist, or falls outside the years 0000-9999 in UTC.
   */
  public static Optional<Instant> parse(String text) {
    int n = text.length();
    if (n < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return Optional.empty();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return Optional.empty();
    }
    int i = 19;
    int millis = 0;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(text.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (text.charAt(i) - '0');
        }
        i++;
      }
      int fractionDigits = i - start;
      if (fractionDigits == 0) {
        return Optional.empty();
      }
      for (int d = fractionDigits; d < 3; d++) {
        millis *= 10;
      }
    }
    if (i >= n) {
      return Optional.empty();
    }
    int offsetMinutes;
    char zone = text.charAt(i);
    if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
      offsetMinutes = 0;
    } else if ((zone == '+' || zone == '-') && i + 6 == n && text.charAt(i + 3) == ':') {
      int offsetHour = digits(text, i + 1, 2);
      int offsetMinute = digits(text, i + 4, 2);
      if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) {
        return Optional.empty();
      }
      offsetMinutes = (offsetHour * 60 + offsetMinute) * (zone == '-' ? -1 : 1);
    } else {
      return Optional.empty();
    }
    if (month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return Optional.empty();
    }
    long epochMilli =
        daysFromCivil(year, month, day) * MILLIS_PER_DAY
            + ((hour * 60L + minute - offsetMinutes) * 60L + second) * 1000L
            + millis;
    return inRange(epochMilli) ? Optional.of(Instant.ofEpochMilli(epochMilli)) : Optional.empty();
  }

  /**
   * The canonical form: UTC, {@code Z}, exactly three fraction digits, e.g. {@code
   * 2026-11-24T10:15:30.123Z}.
   *
   * @throws IllegalArgumentException for instants outside the years 0000-9999 or with
   *     sub-millisecond parts
   */
  public static String format(Instant instant) {
    return new String(formatChars(instant));
  }

  /**
   * Writes {@link #format}'s form as a JSON string value from its characters: the JSON writers put
   * three times a record, and a string of each would be made only to be copied out again.
   */
  public static void writeValue(Instant instant, JsonGenerator out) throws IOException {
    char[] text = formatChars(instant);
    out.writeString(text, 0, text.length);
  }

  private static char[] formatChars(Instant instant) {
    long epochMilli = instant.toEpochMilli();
    if (!inRange(epochMilli) || instant.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "event times must be whole milliseconds within the years 0000-9999, was " + instant);
    }
    long days = Math.floorDiv(epochMilli, MILLIS_PER_DAY);
    long millisOfDay = Math.floorMod(epochMilli, MILLIS_PER_DAY);
    // civil-from-days, Howard Hinnant's algorithm (proleptic Gregorian)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    char[] out = new char[24];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, (int) (millisOfDay / 3_600_000), 2);
    out[13] = ':';
    put(out, 14, (int) (millisOfDay / 60_000 % 60), 2);
    out[16] = ':';
    put(out, 17, (int) (millisOfDay / 1000 % 60), 2);
    out[19] = '.';
    put(out, 20, (int) (millisOfDay % 1000), 3);
    out[23] = 'Z';
    return out;
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * The decimal value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit.
   */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  private static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
