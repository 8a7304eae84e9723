package io.adstream.pii;

/**
 * Finds payment card numbers (PANs) in free text and replaces each with {@value #REDACTION}.
 *
 * <p>A PAN here is 12-19 digits, either unbroken or in groups separated by single separators, that
 * passes the Luhn check <em>and</em> starts with the IIN prefix of a card brand at a length that
 * brand issues (12 digits only for Maestro). The brand rule is what leaves order ids, timestamps
 * and phone numbers alone: one number in ten passes Luhn by chance. An unbroken run of more than 19
 * digits is never a PAN; a card number inside a longer separated run (a PAN followed by its expiry,
 * say) is found on group boundaries.
 *
 * <p>What counts as written: any Unicode decimal digit (fullwidth {@code ４１１１}, Arabic-Indic, …) is
 * its digit; a separator is a space of any kind (NBSP included), a dash or hyphen of any kind (en
 * and em dashes included), {@code .}, {@code /} or {@code _}; invisible format characters
 * (zero-width space and joiners, soft hyphen, BOM) are skipped wherever they stand, so they neither
 * split nor separate a number.
 *
 * <p>A separated card number stands on its own: it is not glued to letters, and every group has 4
 * to 6 digits, as cards are printed (4-4-4-4, 4-6-5, 4-6-4). That is what leaves identifiers alone:
 * in a UUID the digit runs are cut by hex letters or grouped 8-4-4-4-12, so neither {@code
 * 4-026147630082} in {@code …-a2a4-026147630082} nor {@code 4026-9452-45422} in {@code
 * …-4026-9452-45422bf54339} is a card. An unbroken run is a card even glued to letters ({@code
 * card4111111111111111}): no UUID holds 12 digits in a row that pass the brand and Luhn rules but
 * by a chance far below one in a million.
 */
public final class PanRedactor {
  public static final String REDACTION = "[REDACTED:PAN]";

  private static final int MIN_DIGITS = 12;
  private static final int MIN_NON_MAESTRO_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  /** Digits per group of a separated card number, as cards are printed. */
  private static final int MIN_GROUP_DIGITS = 4;

  private static final int MAX_GROUP_DIGITS = 6;

  private PanRedactor() {}

  /** The text with every PAN replaced; the very same instance when there is none. */
  public static String redact(String text) {
    return mayHoldCardNumber(text) ? redactRuns(text) : text;
  }

  /**
   * Whether the text has the digits a card number needs, as {@link #panEndingGroup} reads groups: a
   * group of at least {@value #MIN_DIGITS} digits, or groups of {@value #MIN_GROUP_DIGITS} to
   * {@value #MAX_GROUP_DIGITS} digits followed by one of at most {@value #MAX_GROUP_DIGITS},
   * {@value #MIN_DIGITS} digits together. One tight pass, without allocating, that lets almost
   * every field of almost every event skip the search: ids such as {@code ORD-20261124-000913} hold
   * 12 digits between single separators, but not in groups a card is printed in.
   */
  private static boolean mayHoldCardNumber(String text) {
    int group = 0; // digits of the group being read
    int chain = 0; // digits of the card-sized groups right before it
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      boolean asciiDigit = c >= '0' && c <= '9';
      if (asciiDigit || c >= 0x80 && Character.isDigit(text.codePointAt(i))) {
        group++;
        if (group >= MIN_DIGITS
            || chain > 0 && group <= MAX_GROUP_DIGITS && chain + group >= MIN_DIGITS) {
          return true;
        }
        if (!asciiDigit) { // a digit outside the BMP takes two chars
          i += Character.charCount(text.codePointAt(i)) - 1;
        }
      } else if (isSeparator(c) && group > 0) {
        boolean cardGroup = group >= MIN_GROUP_DIGITS && group <= MAX_GROUP_DIGITS;
        chain = cardGroup ? chain + group : 0;
        group = 0; // a second separator in a row ends the run, as below
      } else if (!isInvisible(c)) {
        group = 0;
        chain = 0;
      }
    }
    return false;
  }

  /**
   * The digit groups of one run, as found: digit values, and where each group starts and ends in
   * the text.
   */
  private static final class Run {
    final int[] digits;
    final int[] groupStart;
    final int[] groupEnd;

    /**
     * Index into {@link #digits} of each group's first digit; one more entry than groups. Reused
     * run after run.
     */
    final int[] groupFirstDigit;

    int groups;
    int digitCount;

    Run(int capacity) {
      digits = new int[capacity];
      groupStart = new int[capacity];
      groupEnd = new int[capacity];
      groupFirstDigit = new int[capacity + 1];
    }

    int groupDigits(int g) {
      return groupFirstDigit[g + 1] - groupFirstDigit[g];
    }
  }

  /**
   * The search itself, without the {@link #mayHoldCardNumber} pass: package-private for the test
   * that compares the two.
   */
  static String redactRuns(String text) {
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int i = 0;
    Run run = new Run(n);
    while (i < n) {
      if (digitAt(text, i) < 0) {
        i++;
        continue;
      }
      i = readRun(text, i, run);
      if (run.digitCount < MIN_DIGITS) {
        continue;
      }
      int g = 0;
      while (g < run.groups) {
        int end = panEndingGroup(text, run, g);
        if (end < 0) {
          g++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, run.groupStart[g]).append(REDACTION);
        copied = run.groupEnd[end];
        g = end + 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /**
   * Reads the run of digit groups starting at {@code i}, a digit; returns the index just after it.
   */
  private static int readRun(String text, int i, Run run) {
    int n = text.length();
    run.groups = 0;
    run.digitCount = 0;
    while (true) {
      run.groupStart[run.groups] = i;
      run.groupFirstDigit[run.groups] = run.digitCount;
      int groupEnd = i;
      while (i < n) {
        int digit = digitAt(text, i);
        if (digit >= 0) {
          run.digits[run.digitCount++] = digit;
          i += Character.charCount(text.codePointAt(i));
          groupEnd = i;
        } else if (isInvisible(text.charAt(i))) {
          i++;
        } else {
          break;
        }
      }
      run.groupEnd[run.groups] = groupEnd;
      run.groups++;
      run.groupFirstDigit[run.groups] = run.digitCount;
      int next = i < n && isSeparator(text.charAt(i)) ? skipInvisible(text, i + 1) : -1;
      if (next < 0 || next >= n || digitAt(text, next) < 0) {
        return groupEnd;
      }
      i = next;
    }
  }

  private static int skipInvisible(String text, int i) {
    while (i < text.length() && isInvisible(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The last group of a PAN that starts at group {@code first}, or -1 if none does. */
  private static int panEndingGroup(String text, Run run, int first) {
    int from = run.groupFirstDigit[first];
    for (int g = first; g < run.groups; g++) {
      if (g > first && (!cardGroup(run, g - 1) || run.groupDigits(g) > MAX_GROUP_DIGITS)) {
        return -1;
      }
      int length = run.groupFirstDigit[g + 1] - from;
      if (length > MAX_DIGITS) {
        return -1;
      }
      boolean standsAlone =
          g == first
              || !gluedToLetter(text, run.groupStart[first], true)
                  && !gluedToLetter(text, run.groupEnd[g], false);
      if (length >= MIN_DIGITS && standsAlone && isCardNumber(run.digits, from, length)) {
        return g;
      }
    }
    return -1;
  }

  /**
   * Whether the character just before {@code i} (or at {@code i}, after a candidate) is a letter.
   */
  private static boolean gluedToLetter(String text, int i, boolean before) {
    if (before) {
      return i > 0 && Character.isLetter(text.codePointBefore(i));
    }
    return i < text.length() && Character.isLetter(text.codePointAt(i));
  }

  /** Whether group {@code g} has the 4 to 6 digits of a printed card group. */
  private static boolean cardGroup(Run run, int g) {
    int digits = run.groupDigits(g);
    return digits >= MIN_GROUP_DIGITS && digits <= MAX_GROUP_DIGITS;
  }

  /** Whether the digits have a card brand's IIN prefix and length and pass the Luhn check. */
  private static boolean isCardNumber(int[] digits, int from, int length) {
    return hasBrandPrefix(digits, from, length) && passesLuhn(digits, from, length);
  }

  private static boolean hasBrandPrefix(int[] digits, int from, int length) {
    int p2 = digits[from] * 10 + digits[from + 1];
    int p3 = p2 * 10 + digits[from + 2];
    int p4 = p3 * 10 + digits[from + 3];
    int p6 = (p4 * 10 + digits[from + 4]) * 10 + digits[from + 5];
    if (isMaestroPrefix(p4)) {
      return true; // Maestro issues 12-19 digits
    }
    if (length < MIN_NON_MAESTRO_DIGITS) {
      return false;
    }
    boolean sixteenToNineteen = length >= 16;
    return (digits[from] == 4 && (length == 13 || length == 16 || length == 19)) // Visa
        || (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && length == 16) // Mastercard
        || ((p2 == 34 || p2 == 37) && length == 15) // American Express
        || ((p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925))
            && sixteenToNineteen) // Discover
        || (p2 == 62 && sixteenToNineteen) // UnionPay
        || (p4 >= 3528 && p4 <= 3589 && sixteenToNineteen) // JCB
        || (((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39)
            && length >= 14) // Diners Club
        || (p4 >= 2200 && p4 <= 2204 && sixteenToNineteen); // Mir
  }

  private static boolean isMaestroPrefix(int p4) {
    return switch (p4) {
      case 5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763 -> true;
      default -> false;
    };
  }

  private static boolean passesLuhn(int[] digits, int from, int length) {
    int sum = 0;
    for (int i = from + length - 1, position = 0; i >= from; i--, position++) {
      int d = digits[i];
      if ((position & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  /** The decimal digit at {@code i} in any script, or -1. */
  private static int digitAt(String text, int i) {
    char c = text.charAt(i);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c < 0x80 ? -1 : Character.digit(text.codePointAt(i), 10);
  }

  /** A single character that may stand between groups of a printed number. */
  private static boolean isSeparator(char c) {
    if (c < 0x80) {
      return c == ' ' || c == '-' || c == '.' || c == '/' || c == '_';
    }
    return Character.isSpaceChar(c)
        || Character.getType(c) == Character.DASH_PUNCTUATION
        || c == '\u2212'
        || c == '\uFF0E'
        || c == '\uFF0F'
        || c == '\uFF3F';
  }

  /** Zero-width and other format characters: invisible, so skipped wherever they are. */
  private static boolean isInvisible(char c) {
    return c >= 0x80 && Character.getType(c) == Character.FORMAT;
  }
}
