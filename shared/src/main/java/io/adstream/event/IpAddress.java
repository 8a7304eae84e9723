package io.adstream.event;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed from its textual forms, without name resolution. IPv4-mapped IPv6
 * addresses ({@code ::ffff:192.0.2.1}) are the IPv4 address they map: one client, one identity,
 * whichever socket family saw it.
 */
public final class IpAddress {
  private static final int IPV6_GROUPS = 8;
  private static final int MAX_TEXT_LENGTH = 45; // ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255

  private final boolean ipv4;
  private final long high;
  private final long low;

  /** The text parsed when it is the canonical one (every dotted quad this parses), else empty. */
  private final String canonicalInput;

  private IpAddress(boolean ipv4, long high, long low) {
    this(ipv4, high, low, "");
  }

  private IpAddress(boolean ipv4, long high, long low, String canonicalInput) {
    this.ipv4 = ipv4;
    this.high = high;
    this.low = low;
    this.canonicalInput = canonicalInput;
  }

  /**
   * Dotted-quad IPv4 (no leading zeros: {@code 010} means 8 to some parsers and 10 to others) or
   * any RFC 4291 IPv6 text form (compressed, uppercase, embedded IPv4); no zone ids, brackets or
   * ports.
   */
  public static Optional<IpAddress> parse(String text) {
    if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      long v4 = parseIpv4(text, 0);
      // no leading zeros are admitted, so a dotted quad is its canonical text
      return v4 < 0 ? Optional.empty() : Optional.of(new IpAddress(true, 0, v4, text));
    }
    return parseIpv6(text);
  }

  public boolean isIpv4() {
    return ipv4;
  }

  /**
   * The canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lowercase, longest zero run as
   * {@code ::}).
   */
  public String canonical() {
    if (!canonicalInput.isEmpty()) {
      return canonicalInput;
    }
    return ipv4 ? ipv4Text(low) : ipv6Text(high, low);
  }

  /**
   * The network a geo lookup may use: the /24 of an IPv4 address, the /48 of an IPv6 one, in CIDR
   * form.
   */
  public String networkPrefix() {
    return ipv4
        ? ipv4Text(low & 0xFFFF_FF00L) + "/24"
        : ipv6Text(high & 0xFFFF_FFFF_FFFF_0000L, 0) + "/48";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpAddress that
        && ipv4 == that.ipv4
        && high == that.high
        && low == that.low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low) + (ipv4 ? 1 : 0);
  }

  @Override
  public String toString() {
    return canonical();
  }

  /** The 32-bit address of a dotted quad running from {@code from} to the end, or -1. */
  private static long parseIpv4(String text, int from) {
    long address = 0;
    int octets = 0;
    int i = from;
    int n = text.length();
    while (true) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int length = i - start;
      if (length == 0 || value > 255 || (length > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      address = address << 8 | value;
      octets++;
      if (octets == 4) {
        return i == n ? address : -1;
      }
      if (i >= n || text.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  private static Optional<IpAddress> parseIpv6(String text) {
    int[] groups = new int[IPV6_GROUPS];
    int count = 0;
    int compressedAt = -1;
    int n = text.length();
    int i = 0;
    if (text.startsWith("::")) {
      compressedAt = 0;
      i = 2;
    } else if (text.charAt(0) == ':') {
      return Optional.empty();
    }
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && hexValue(text.charAt(i)) >= 0) {
        value = value * 16 + hexValue(text.charAt(i));
        i++;
        if (i - start > 4) {
          return Optional.empty();
        }
      }
      if (i < n && text.charAt(i) == '.') {
        // an embedded IPv4 address is the last 32 bits
        long v4 = parseIpv4(text, start);
        if (v4 < 0 || count > IPV6_GROUPS - 2) {
          return Optional.empty();
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xFFFF);
        i = n;
        break;
      }
      if (i == start || count == IPV6_GROUPS) {
        return Optional.empty();
      }
      groups[count++] = value;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != ':') {
        return Optional.empty();
      }
      if (i + 1 < n && text.charAt(i + 1) == ':') {
        if (compressedAt >= 0) {
          return Optional.empty();
        }
        compressedAt = count;
        i += 2;
      } else if (i + 1 == n) {
        return Optional.empty();
      } else {
        i++;
      }
    }
    if (compressedAt < 0 ? count != IPV6_GROUPS : count >= IPV6_GROUPS) {
      return Optional.empty();
    }
    int[] full = new int[IPV6_GROUPS];
    int tail = count - Math.max(compressedAt, 0);
    int head = compressedAt < 0 ? count : compressedAt;
    System.arraycopy(groups, 0, full, 0, head);
    System.arraycopy(groups, head, full, IPV6_GROUPS - tail, compressedAt < 0 ? 0 : tail);
    long high = 0;
    long low = 0;
    for (int g = 0; g < 4; g++) {
      high = high << 16 | full[g];
      low = low << 16 | full[g + 4];
    }
    if (high == 0 && (low >>> 32) == 0xFFFF) {
      return Optional.of(new IpAddress(true, 0, low & 0xFFFF_FFFFL));
    }
    return Optional.of(new IpAddress(false, high, low));
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String ipv4Text(long address) {
    return (address >>> 24 & 0xFF)
        + "."
        + (address >>> 16 & 0xFF)
        + "."
        + (address >>> 8 & 0xFF)
        + "."
        + (address & 0xFF);
  }

  private static String ipv6Text(long high, long low) {
    int[] groups = new int[IPV6_GROUPS];
    for (int g = 0; g < 4; g++) {
      groups[g] = (int) (high >>> (48 - 16 * g) & 0xFFFF);
      groups[g + 4] = (int) (low >>> (48 - 16 * g) & 0xFFFF);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a tie
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < IPV6_GROUPS; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < IPV6_GROUPS && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int g = 0; g < IPV6_GROUPS; g++) {
      if (g == bestStart) {
        text.append("::");
        g += bestLength - 1;
        continue;
      }
      if (g > 0 && g != bestStart + bestLength) {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[g]));
    }
    return text.toString();
  }
}
