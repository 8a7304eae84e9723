package io.adstream.bench;

import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Envelope;
import io.adstream.event.EventType;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The traffic the benchmarks run on, in two mixes. {@link Mix#DISPLAY}, the default: 97%
 * impressions, 1.5% clicks, 0.5% each conversions, campaign updates and search-ads rows, a million
 * users. {@link Mix#SEARCH}, click-heavy search and app-install traffic: 95.5% clicks without an
 * impression, 3.5% conversions (70% naming a click), 0.5% each campaign updates and search-ads
 * rows, 5,000 users clicking about 12 times each in the 64,000 records of a pass. Both: 500
 * campaigns, 20% IPv6. Event {@code i} happens about {@code i * 8 ms} after {@code start} (125
 * events/s, a little above 10M a day), give or take 2 s, as a stream delivers them: a batch spans
 * seconds of event time, not hours. Every id of event {@code i} embeds {@code tag}, and clicks and
 * conversions name impressions and clicks with the same tag, so traffic built with one tag joins
 * within itself.
 */
final class BenchTraffic {
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
  };

  /**
   * What the traffic is made of: per mille of the records impressions, clicks and conversions (the
   * rest split evenly between campaign updates and search-ads rows), and how many users there are.
   */
  record Mix(
      int impressions,
      int clicks,
      int conversions,
      int users,
      boolean clicksNameImpressions,
      int conversionsNamingAClickPercent) {
    static final Mix DISPLAY = new Mix(970, 15, 5, 1_000_000, true, 100);
    static final Mix SEARCH = new Mix(0, 955, 35, 5_000, false, 70);

    /** {@code display} or {@code search}. */
    static Mix named(String name) {
      return switch (name) {
        case "display" -> DISPLAY;
        case "search" -> SEARCH;
        default -> throw new IllegalArgumentException("no traffic mix " + name);
      };
    }

    /** Whether a conversion names its click; draws only where some do not. */
    boolean conversionNamesAClick(SplittableRandom random) {
      return conversionsNamingAClickPercent == 100
          || random.nextInt(100) < conversionsNamingAClickPercent;
    }
  }

  private BenchTraffic() {}

  static AdEvent event(SplittableRandom random, Mix mix, int i, String tag, Instant start) {
    int roll = random.nextInt(1000);
    int others = (1000 - mix.impressions() - mix.clicks() - mix.conversions()) / 2;
    EventType type =
        roll < mix.impressions()
            ? EventType.IMPRESSION
            : roll < mix.impressions() + mix.clicks()
                ? EventType.CLICK
                : roll < mix.impressions() + mix.clicks() + mix.conversions()
                    ? EventType.CONVERSION
                    : roll < 1000 - others ? EventType.CAMPAIGN_UPDATE : EventType.SEM_STATS;
    Instant time = start.plusMillis(i * 8L + random.nextLong(-2_000, 2_000));
    Envelope envelope = new Envelope("evt-" + tag + "-" + i, type, time, 1, "ad-server-eu1");
    String campaign = "cmp-" + random.nextInt(500);
    String user = "usr-" + random.nextInt(mix.users());
    String device = "dev-" + Long.toHexString(random.nextLong());
    String ip =
        random.nextInt(5) == 0
            ? "2001:db8:"
                + Integer.toHexString(random.nextInt(65536))
                + "::"
                + Integer.toHexString(1 + random.nextInt(65535))
            : "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    String userAgent = USER_AGENTS[random.nextInt(USER_AGENTS.length)];
    String earlier = tag + "-" + random.nextInt(Math.max(1, i));
    return switch (type) {
      case IMPRESSION ->
          new Impression(
              envelope,
              "imp-" + tag + "-" + i,
              campaign,
              "ad-" + random.nextInt(5000),
              "crv-300x250-" + random.nextInt(50),
              "plc-" + random.nextInt(200),
              user,
              device,
              ip,
              userAgent,
              1_000 + random.nextInt(5_000),
              "EUR",
              "DE");
      case CLICK ->
          new Click(
              envelope,
              "clk-" + tag + "-" + i,
              mix.clicksNameImpressions() ? Optional.of("imp-" + earlier) : Optional.empty(),
              campaign,
              "ad-" + random.nextInt(5000),
              user,
              device,
              ip,
              userAgent,
              100_000 + random.nextInt(900_000),
              "EUR");
      case CONVERSION ->
          new Conversion(
              envelope,
              "cnv-" + tag + "-" + i,
              mix.conversionNamesAClick(random) ? Optional.of("clk-" + earlier) : Optional.empty(),
              user,
              device,
              random.nextInt(200_000_000),
              "EUR",
              "ORD-20261124-" + i,
              "user" + random.nextInt(1_000_000) + "@example.com");
      case CAMPAIGN_UPDATE ->
          new CampaignUpdate(
              envelope,
              campaign,
              "adv-" + random.nextInt(100),
              "Winter sale " + i,
              CampaignUpdate.CampaignStatus.ACTIVE,
              500_000_000L,
              "EUR");
      case SEM_STATS ->
          new SemStats(
              envelope,
              "google",
              "acc-123-456-7890",
              campaign,
              "adg-" + random.nextInt(100),
              "winter boots",
              SemStats.MatchType.PHRASE,
              time.minus(Duration.ofDays(1)),
              time,
              18_234,
              412,
              203_450_000,
              17,
              1_024_500_000,
              time);
    };
  }
}
