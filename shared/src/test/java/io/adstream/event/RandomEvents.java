package io.adstream.event;

import io.adstream.event.CampaignUpdate.CampaignStatus;
import io.adstream.event.SemStats.MatchType;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random valid events for property tests: every field varied, every text a fresh value (so a
 * personal value found in some output can only have come from its own event), times whole
 * milliseconds before {@link EventSamples#NOW}.
 */
public final class RandomEvents {
  private static final List<String> CURRENCIES =
      List.of("USD", "EUR", "GBP", "JPY", "CHF", "BRL", "INR", "SEK");
  private static final List<String> COUNTRIES =
      List.of("US", "DE", "GB", "FR", "JP", "BR", "IN", "SE", "CH");
  private static final List<String> NETWORKS_V4 = List.of("192.0.2.", "198.51.100.", "203.0.113.");

  /**
   * Text that stresses escaping: quotes, backslashes, control characters, accents, a pair of
   * surrogates.
   */
  private static final List<String> AWKWARD =
      List.of("\"", "\\", "\n", "\t", "\u0001", "é", "ß", "日本", "😀", "</script>", " ");

  private final SplittableRandom random;
  private long serial;

  public RandomEvents(SplittableRandom random) {
    this.random = random;
  }

  /** An event of the traffic mix: mostly impressions, a few of every other type. */
  public AdEvent next() {
    int roll = random.nextInt(100);
    EventType type =
        roll < 80
            ? EventType.IMPRESSION
            : roll < 88
                ? EventType.CLICK
                : roll < 94
                    ? EventType.CONVERSION
                    : roll < 97 ? EventType.CAMPAIGN_UPDATE : EventType.SEM_STATS;
    return next(type);
  }

  public AdEvent next(EventType type) {
    Envelope envelope = new Envelope(id("evt"), type, time(), 1, id("src"));
    return switch (type) {
      case IMPRESSION ->
          new Impression(
              envelope,
              id("imp"),
              id("cmp"),
              id("ad"),
              id("crv"),
              id("plc"),
              userId(),
              deviceId(),
              ip(),
              text("ua"),
              money(type, "cost_micros"),
              pick(CURRENCIES),
              pick(COUNTRIES));
      case CLICK ->
          new Click(
              envelope,
              id("clk"),
              random.nextBoolean() ? Optional.of(id("imp")) : Optional.empty(),
              id("cmp"),
              id("ad"),
              userId(),
              deviceId(),
              ip(),
              text("ua"),
              money(type, "cost_micros"),
              pick(CURRENCIES));
      case CONVERSION ->
          new Conversion(
              envelope,
              id("cnv"),
              random.nextBoolean() ? Optional.of(id("clk")) : Optional.empty(),
              userId(),
              deviceId(),
              money(type, "value_micros"),
              pick(CURRENCIES),
              id("ORD"),
              email());
      case CAMPAIGN_UPDATE ->
          new CampaignUpdate(
              envelope,
              id("cmp"),
              id("adv"),
              text("name"),
              pick(List.of(CampaignStatus.values())),
              money(type, "daily_budget_micros"),
              pick(CURRENCIES));
      case SEM_STATS -> {
        Instant start = time();
        yield new SemStats(
            envelope,
            pick(List.of("google", "bing", "yahoo-jp")),
            id("acc"),
            id("cmp"),
            id("adg"),
            text("kw"),
            pick(List.of(MatchType.values())),
            start,
            start.plusMillis(1 + random.nextLong(86_400_000L)),
            count(),
            count(),
            money(type, "cost_micros"),
            count(),
            money(type, "conversion_value_micros"),
            time());
      }
    };
  }

  /** Two hex halves joined by an x: no run of digits long enough to read as a card number. */
  private String id(String prefix) {
    return prefix
        + "-"
        + (++serial)
        + "-"
        + Integer.toHexString(random.nextInt())
        + "x"
        + Integer.toHexString(random.nextInt());
  }

  private String userId() {
    return id("user");
  }

  private String deviceId() {
    return id("device");
  }

  /**
   * A documentation address (RFC 5737 / RFC 3849), never a network address, in varied textual
   * forms.
   */
  private String ip() {
    int host = 1 + random.nextInt(254);
    String v4 = pick(NETWORKS_V4) + host;
    byte[] groups = new byte[12];
    random.nextBytes(groups);
    String hex = HexFormat.of().formatHex(groups);
    String v6 =
        "2001:db8:"
            + hex.substring(0, 4)
            + ":"
            + hex.substring(4, 8)
            + ":"
            + hex.substring(8, 12)
            + ":"
            + hex.substring(12, 16)
            + ":"
            + hex.substring(16, 20)
            + ":"
            + Integer.toHexString(1 + random.nextInt(0xfffe));
    return switch (random.nextInt(4)) {
      case 0, 1 -> v4;
      case 2 -> "::ffff:" + v4;
      default -> random.nextBoolean() ? v6 : v6.toUpperCase();
    };
  }

  private String email() {
    String local = "person." + (++serial) + "." + Long.toHexString(random.nextLong());
    String email = local + "@example.com";
    return switch (random.nextInt(3)) {
      case 0 -> email;
      case 1 -> " " + email.toUpperCase() + " ";
      default -> Character.toUpperCase(email.charAt(0)) + email.substring(1);
    };
  }

  private String text(String prefix) {
    StringBuilder text = new StringBuilder(prefix).append(++serial);
    int parts = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      text.append(pick(AWKWARD)).append(Long.toString(random.nextLong(1_000_000), 36));
    }
    return text.toString();
  }

  private Instant time() {
    long earliest = EventSamples.NOW.minusSeconds(400L * 86_400).toEpochMilli();
    return Instant.ofEpochMilli(random.nextLong(earliest, EventSamples.NOW.toEpochMilli()));
  }

  /** Mostly a plain price; one in ten near or at the contract's maximum for the field. */
  private long money(EventType type, String field) {
    long max = ContractBounds.maxMicros(type, field);
    return random.nextInt(10) == 0
        ? max - random.nextLong(1 + max / 1000)
        : random.nextLong(100_000_000L);
  }

  private long count() {
    return random.nextLong(1_000_000);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
