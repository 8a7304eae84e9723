package io.adstream.pii;

/**
 * Finds email addresses in free text (a user agent, a campaign name, a keyword) and replaces each
 * with {@value #REDACTION}: the email field itself is tokenized, but producers also paste addresses
 * elsewhere.
 *
 * <p>An address here is a local part of letters, digits and {@code . _ % + - ' !#$&*=?^`{|}~}, an
 * {@code @} (or a fullwidth {@code ＠}), and a domain of at least two labels of letters, digits and
 * hyphens. Letters and digits of any script count, so internationalized addresses are found too.
 * Deliberately broad: redacting something that only looks like an address costs a few characters of
 * a free-text field.
 */
public final class EmailRedactor {
  public static final String REDACTION = "[REDACTED:EMAIL]";

  private static final char FULLWIDTH_AT = '\uFF20';

  private EmailRedactor() {}

  /** The text with every email address replaced; the very same instance when there is none. */
  public static String redact(String text) {
    int at = nextAt(text, 0);
    if (at < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    while (at >= 0) {
      int start = at;
      while (start > copied && isLocalPart(text.charAt(start - 1))) {
        start--;
      }
      int end = domainEnd(text, at + 1);
      if (start < at && end > at + 1) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, start).append(REDACTION);
        copied = end;
        at = nextAt(text, end);
      } else {
        at = nextAt(text, at + 1);
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * The first {@code @} or fullwidth {@code ＠} from {@code from}, or -1. {@link String#indexOf}
   * scans many characters at a time (every text field of every event is scanned), and answers at
   * once for a character a Latin-1 string cannot hold.
   */
  private static int nextAt(String text, int from) {
    int at = text.indexOf('@', from);
    int fullwidth = text.indexOf(FULLWIDTH_AT, from);
    return at < 0 || fullwidth < 0 ? Math.max(at, fullwidth) : Math.min(at, fullwidth);
  }

  /**
   * The end of a domain of two or more labels starting at {@code from}, or {@code from} when there
   * is none.
   */
  private static int domainEnd(String text, int from) {
    int i = from;
    int labels = 0;
    int end = from;
    while (true) {
      int labelStart = i;
      while (i < text.length() && isDomainCharacter(text.charAt(i))) {
        i++;
      }
      if (i == labelStart) {
        break;
      }
      labels++;
      end = i;
      if (i + 1 < text.length() && isDot(text.charAt(i)) && isDomainCharacter(text.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    return labels >= 2 ? end : from;
  }

  private static boolean isLocalPart(char c) {
    return Character.isLetterOrDigit(c) || ".!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
  }

  private static boolean isDomainCharacter(char c) {
    return Character.isLetterOrDigit(c) || c == '-';
  }

  /** A dot, or an ideographic or fullwidth one as some keyboards type them. */
  private static boolean isDot(char c) {
    return c == '.' || c == '\u3002' || c == '\uFF0E';
  }
}
