package io.adstream.pii;

/**
 * Finds payment card numbers (PANs) in free text and replaces each with {@value #REDACTION}.
 *
 * <p>A PAN here is 13-19 ASCII digits, either unbroken or in groups separated by single spaces or dashes,
 * that passes the Luhn check <em>and</em> starts with the IIN prefix of a card brand at a length that brand
 * issues. The brand rule is what leaves order ids, timestamps and phone numbers alone: one number in ten
 * passes Luhn by chance. An unbroken run of more than 19 digits is never a PAN; a card number inside a
 * longer separated run (a PAN followed by its expiry, say) is found on group boundaries.
 *
 * <p>A card number stands on its own: it is not glued to letters, and when separated every group has 4 to
 * 6 digits, as cards are printed (4-4-4-4, 4-6-5, 4-6-4). That is what leaves identifiers alone: in a UUID
 * the digit runs are cut by hex letters or grouped 8-4-4-4-12, so neither {@code 4-026147630082} in
 * {@code …-a2a4-026147630082} nor {@code 4026-9452-45422} in {@code …-4026-9452-45422bf54339} is a card.
 */
public final class PanRedactor {
  public static final String REDACTION = "[REDACTED:PAN]";

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;
  /** Digits per group of a separated card number, as cards are printed. */
  private static final int MIN_GROUP_DIGITS = 4;

  private static final int MAX_GROUP_DIGITS = 6;

  private PanRedactor() {}

  /** The text with every PAN replaced; the very same instance when there is none. */
  public static String redact(String text) {
    return hasLongDigitRun(text) ? redactRuns(text) : text;
  }

  /**
   * Whether some run of digits and single separators holds at least {@value #MIN_DIGITS} digits: one tight
   * pass that lets almost every field of almost every event skip the search below.
   */
  private static boolean hasLongDigitRun(String text) {
    int digits = 0;
    boolean afterSeparator = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits >= MIN_DIGITS) {
          return true;
        }
        afterSeparator = false;
      } else if ((c == ' ' || c == '-') && digits > 0 && !afterSeparator) {
        afterSeparator = true;
      } else {
        digits = 0;
        afterSeparator = false;
      }
    }
    return false;
  }

  private static String redactRuns(String text) {
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int runStart = i;
      int digits = 0;
      while (true) {
        while (i < n && isDigit(text.charAt(i))) {
          i++;
          digits++;
        }
        if (i + 1 < n && isSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1))) {
          i++;
        } else {
          break;
        }
      }
      if (digits < MIN_DIGITS) {
        continue;
      }
      int[] groups = groupBounds(text, runStart, i);
      int g = 0;
      while (g < groups.length / 2) {
        int end = panEndingGroup(text, groups, g);
        if (end < 0) {
          g++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, groups[2 * g]).append(REDACTION);
        copied = groups[2 * end + 1];
        g = end + 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /** Start and end (exclusive) of each digit group of a run, flattened: [s0, e0, s1, e1, ...]. */
  private static int[] groupBounds(String text, int from, int to) {
    int count = 1;
    for (int i = from; i < to; i++) {
      count += isSeparator(text.charAt(i)) ? 1 : 0;
    }
    int[] bounds = new int[2 * count];
    int g = 0;
    bounds[0] = from;
    for (int i = from; i < to; i++) {
      if (isSeparator(text.charAt(i))) {
        bounds[2 * g + 1] = i;
        g++;
        bounds[2 * g] = i + 1;
      }
    }
    bounds[2 * g + 1] = to;
    return bounds;
  }

  /** The last group of a PAN that starts at group {@code first}, or -1 if none does. */
  private static int panEndingGroup(String text, int[] groups, int first) {
    if (gluedToLetter(text, groups[2 * first] - 1)) {
      return -1;
    }
    int[] digits = new int[MAX_DIGITS];
    int length = 0;
    for (int g = first; g < groups.length / 2; g++) {
      if (g > first && !cardGroup(groups, g - 1) || g > first && groups[2 * g + 1] - groups[2 * g] > MAX_GROUP_DIGITS) {
        return -1;
      }
      for (int i = groups[2 * g]; i < groups[2 * g + 1]; i++) {
        if (length == MAX_DIGITS) {
          return -1;
        }
        digits[length++] = text.charAt(i) - '0';
      }
      if (length >= MIN_DIGITS && isCardNumber(digits, length) && !gluedToLetter(text, groups[2 * g + 1])) {
        return g;
      }
    }
    return -1;
  }

  /** Whether the character at {@code i}, just outside a candidate, is a letter. */
  private static boolean gluedToLetter(String text, int i) {
    return i >= 0 && i < text.length() && Character.isLetter(text.charAt(i));
  }

  /** Whether group {@code g} has the 4 to 6 digits of a printed card group. */
  private static boolean cardGroup(int[] groups, int g) {
    int digits = groups[2 * g + 1] - groups[2 * g];
    return digits >= MIN_GROUP_DIGITS && digits <= MAX_GROUP_DIGITS;
  }

  /** Whether the digits have a card brand's IIN prefix and length and pass the Luhn check. */
  private static boolean isCardNumber(int[] digits, int length) {
    return hasBrandPrefix(digits, length) && passesLuhn(digits, length);
  }

  private static boolean hasBrandPrefix(int[] d, int length) {
    int p2 = d[0] * 10 + d[1];
    int p3 = p2 * 10 + d[2];
    int p4 = p3 * 10 + d[3];
    int p6 = (p4 * 10 + d[4]) * 10 + d[5];
    boolean sixteenToNineteen = length >= 16;
    return (d[0] == 4 && (length == 13 || length == 16 || length == 19)) // Visa
        || (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && length == 16) // Mastercard
        || ((p2 == 34 || p2 == 37) && length == 15) // American Express
        || ((p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) && sixteenToNineteen) // Discover
        || (p2 == 62 && sixteenToNineteen) // UnionPay
        || (p4 >= 3528 && p4 <= 3589 && sixteenToNineteen) // JCB
        || (((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) && length >= 14) // Diners Club
        || (p4 >= 2200 && p4 <= 2204 && sixteenToNineteen) // Mir
        || isMaestroPrefix(p4); // Maestro issues 12-19 digits
  }

  private static boolean isMaestroPrefix(int p4) {
    return switch (p4) {
      case 5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763 -> true;
      default -> false;
    };
  }

  private static boolean passesLuhn(int[] digits, int length) {
    int sum = 0;
    for (int i = length - 1, position = 0; i >= 0; i--, position++) {
      int d = digits[i];
      if (position % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-';
  }
}
