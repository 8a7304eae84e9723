package io.adstream.generator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulated market: advertisers and their campaigns (with Zipf popularity), placements, and a
 * user population with devices. Built once per seed; every id in it is a raw, producer-side id.
 */
final class World {
  private static final double CAMPAIGN_POPULARITY_ZIPF_S = 1.1;
  private static final List<String> BRANDS =
      List.of(
          "Acme",
          "Nordlicht",
          "Café Olé",
          "Zürich Optics",
          "Brightside",
          "Kōgen",
          "Maple & Oak",
          "Helios",
          "Bluefin",
          "Årstid");
  private static final List<String> THEMES =
      List.of(
          "Winter Sale",
          "Brand Awareness",
          "Retargeting",
          "Prospecting",
          "App Installs",
          "Black Friday",
          "New Arrivals",
          "Loyalty");
  private static final List<String> KEYWORDS =
      List.of(
          "running shoes",
          "winter jacket",
          "cheap flights",
          "coffee beans",
          "noise cancelling headphones",
          "yoga mat",
          "standing desk",
          "organic tea",
          "car insurance",
          "hotel paris",
          "laptop deals",
          "gift ideas",
          "smart watch",
          "hiking boots",
          "espresso machine",
          "sunglasses");
  private static final List<String> COUNTRIES =
      List.of("US", "GB", "DE", "FR", "CA", "ES", "IT", "NL", "BR", "JP", "AU");
  private static final double[] COUNTRY_WEIGHTS = {40, 10, 10, 8, 6, 5, 5, 4, 4, 4, 4};

  /**
   * The IPv4 networks reserved for documentation (RFC 5737): fake, but shaped like real addresses.
   */
  private static final List<String> IPV4_NETWORKS =
      List.of("192.0.2.", "198.51.100.", "203.0.113.");

  enum DeviceKind {
    DESKTOP,
    IOS,
    ANDROID
  }

  record Device(String deviceId, DeviceKind kind, String userAgent, String ip) {}

  record User(String userId, String email, String country, List<Device> devices) {}

  record Ad(String adId, List<String> creativeIds) {}

  /**
   * @param impressionCostMicros the mean price of an impression (0 for campaigns billed per click)
   * @param clickCostMicros the mean price of a click (0 for campaigns billed per impression)
   * @param conversionRate the share of this campaign's clicks that convert, sooner or later
   */
  record Campaign(
      String campaignId,
      String advertiserId,
      String name,
      String currency,
      long impressionCostMicros,
      long clickCostMicros,
      double clickThroughRate,
      double conversionRate,
      long dailyBudgetMicros,
      List<Ad> ads,
      List<String> placementIds,
      List<String> adGroupIds,
      String googleAccountId,
      String bingAccountId) {}

  final List<Campaign> campaigns;
  final WeightedChoice<Campaign> campaignPopularity;
  final List<User> users;
  final WeightedChoice<User> userActivity;
  final List<String> keywords = KEYWORDS;

  private World(
      List<Campaign> campaigns,
      WeightedChoice<Campaign> popularity,
      List<User> users,
      WeightedChoice<User> activity) {
    this.campaigns = campaigns;
    this.campaignPopularity = popularity;
    this.users = users;
    this.userActivity = activity;
  }

  static World create(int campaignCount, int userCount, Rng rng) {
    List<String> placements = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      placements.add("plc-" + rng.hex(4));
    }
    List<Campaign> campaigns = campaigns(campaignCount, placements, rng);
    // popularity ranks are a shuffle of the campaigns, so rank 1 is not always the first one listed
    List<Campaign> byRank = new ArrayList<>(campaigns);
    for (int i = byRank.size() - 1; i > 0; i--) {
      java.util.Collections.swap(byRank, i, rng.below(i + 1));
    }
    List<User> users = new ArrayList<>(userCount);
    double[] activity = new double[userCount];
    WeightedChoice<String> countries = new WeightedChoice<>(COUNTRIES, COUNTRY_WEIGHTS);
    for (int i = 0; i < userCount; i++) {
      users.add(user(countries.draw(rng), rng));
      activity[i] = rng.lognormal(1.0, 1.0);
    }
    return new World(
        List.copyOf(campaigns),
        WeightedChoice.zipf(byRank, CAMPAIGN_POPULARITY_ZIPF_S),
        List.copyOf(users),
        new WeightedChoice<>(users, activity));
  }

  private static List<Campaign> campaigns(int count, List<String> placements, Rng rng) {
    int advertiserCount = Math.max(1, (count + 2) / 3);
    List<String> advertisers = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    for (int a = 0; a < advertiserCount; a++) {
      advertisers.add(String.format(Locale.ROOT, "adv-%05d", rng.between(10_000, 99_999)));
      double u = rng.uniform();
      currencies.add(u < 0.75 ? "USD" : u < 0.9 ? "EUR" : "GBP");
    }
    List<Campaign> campaigns = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (int c = 0; c < count; c++) {
      int advertiser = rng.below(advertiserCount);
      String id;
      do {
        id = "cmp-" + rng.hex(3);
      } while (!ids.add(id));
      boolean perClick = rng.chance(0.4);
      long impressionCost =
          perClick ? 0 : Math.round(rng.uniform(0.8, 6.0) * 1_000); // CPM $0.80-6.00
      long clickCost = perClick ? Math.round(rng.uniform(0.15, 2.5) * 1_000_000) : 0;
      List<Ad> ads = new ArrayList<>();
      for (int a = 0, n = (int) rng.between(2, 5); a < n; a++) {
        List<String> creatives = new ArrayList<>();
        for (int k = 0, m = (int) rng.between(1, 3); k < m; k++) {
          creatives.add("cr-" + rng.hex(4));
        }
        ads.add(new Ad("ad-" + rng.hex(4), List.copyOf(creatives)));
      }
      List<String> campaignPlacements = new ArrayList<>();
      for (int p = 0, n = (int) rng.between(8, 30); p < n; p++) {
        campaignPlacements.add(rng.pick(placements));
      }
      List<String> adGroups = new ArrayList<>();
      for (int g = 0, n = (int) rng.between(1, 3); g < n; g++) {
        adGroups.add("ag-" + rng.hex(4));
      }
      campaigns.add(
          new Campaign(
              id,
              advertisers.get(advertiser),
              rng.pick(BRANDS) + " – " + rng.pick(THEMES) + " #" + (c + 1),
              currencies.get(advertiser),
              impressionCost,
              clickCost,
              Math.clamp(rng.lognormal(0.014, 0.35), 0.004, 0.035),
              rng.uniform(0.02, 0.06),
              Math.max(50, Math.round(rng.lognormal(800, 0.8) / 10) * 10) * 1_000_000,
              List.copyOf(ads),
              List.copyOf(campaignPlacements),
              List.copyOf(adGroups),
              String.format(
                  Locale.ROOT,
                  "%03d-%03d-%04d",
                  rng.between(100, 999),
                  rng.between(100, 999),
                  rng.between(0, 9999)),
              String.format(Locale.ROOT, "B%08d", rng.between(0, 99_999_999))));
    }
    return campaigns;
  }

  private static User user(String country, Rng rng) {
    String userId = "usr-" + rng.hex(8);
    List<Device> devices = new ArrayList<>();
    for (int d = 0, n = rng.chance(0.3) ? 2 : 1; d < n; d++) {
      devices.add(device(rng));
    }
    return new User(userId, "u" + rng.hex(5) + "@example.com", country, List.copyOf(devices));
  }

  static Device device(Rng rng) {
    double u = rng.uniform();
    DeviceKind kind = u < 0.4 ? DeviceKind.DESKTOP : u < 0.65 ? DeviceKind.IOS : DeviceKind.ANDROID;
    return switch (kind) {
      case DESKTOP -> new Device("web-" + rng.hex(8), kind, rng.pick(UserAgents.DESKTOP), ip(rng));
      case IOS ->
          new Device(rng.uuid().toUpperCase(Locale.ROOT), kind, rng.pick(UserAgents.IOS), ip(rng));
      case ANDROID -> new Device(rng.uuid(), kind, rng.pick(UserAgents.ANDROID), ip(rng));
    };
  }

  /** A documentation address: mostly IPv4 (RFC 5737), some IPv6 in 2001:db8::/32 (RFC 3849). */
  static String ip(Rng rng) {
    return rng.chance(0.12) ? ipv6("2001:db8", rng) : rng.pick(IPV4_NETWORKS) + rng.between(1, 254);
  }

  /**
   * An IPv6 address under {@code prefix} in its canonical text form (RFC 5952): the random groups
   * are never zero, so there is nothing to compress and every tool prints it the same way.
   */
  static String ipv6(String prefix, Rng rng) {
    StringBuilder address = new StringBuilder(prefix);
    for (int group = prefix.split(":").length; group < 8; group++) {
      address.append(':').append(Long.toHexString(rng.between(1, 0xffff)));
    }
    return address.toString();
  }
}
