package io.adstream.generator;

import io.adstream.generator.TrafficEvent.CampaignUpdate;
import io.adstream.generator.TrafficEvent.Click;
import io.adstream.generator.TrafficEvent.Conversion;
import io.adstream.generator.TrafficEvent.Impression;
import io.adstream.generator.TrafficEvent.SemKey;
import io.adstream.generator.TrafficEvent.SemRow;
import io.adstream.generator.World.Campaign;
import io.adstream.generator.World.Device;
import io.adstream.generator.World.User;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Simulates the producers: campaign logs, ad serving (impressions over a diurnal curve, clicks,
 * conversions after lognormal delays), search-ads reports with restatements, and the planted fraud
 * patterns. Every event time lies in [start, end].
 */
final class TrafficSimulation {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** Share of the requested records that are search-ads report rows. */
  private static final double SEM_SHARE = 0.02;

  private static final double SEM_RESTATEMENT_CHANCE = 0.15;
  private static final double SEM_OUT_OF_ORDER_RESTATEMENT_CHANCE = 0.03;

  /** Genuine conversions take at least this long; see ExpectedAlert#CLICK_INJECTION_MAX_DELAY. */
  private static final long MIN_CONVERSION_DELAY = 15 * SECOND;

  /** Ad serving emits per impression ~1.5% clicks and a few conversions of those. */
  private static final double RECORDS_PER_IMPRESSION = 1.0153;

  /** Search clicks convert at the campaign's rate, 2-6%. */
  private static final double RECORDS_PER_SEARCH_CLICK = 1.04;

  /**
   * Search conversions that name their click (postbacks); the rest are left to last-click
   * attribution.
   */
  private static final double SEARCH_CONVERSION_WITH_CLICK_ID = 0.7;

  /** Search users click many ads each: one user per this many clicks of the span. */
  private static final int SEARCH_CLICKS_PER_USER = 12;

  private final TrafficProfile profile;
  private final long start;
  private final long end;
  private final long impressionWindow;
  private final int maxClicksPerMinute;
  private final CrawlerList crawlers;

  private final List<TrafficEvent> events = new ArrayList<>();
  private final BitSet pinned = new BitSet();
  private final Map<Integer, Long> forcedDelays = new HashMap<>();
  private final List<Integer> botClicks = new ArrayList<>();
  private final List<InjectedPattern> patterns = new ArrayList<>();
  private final Map<String, CampaignTimeline> timelines = new HashMap<>();
  private final List<Bot> bots = new ArrayList<>();

  private final int semKeys;

  /**
   * Impressions (display) or clicks (search) the ad servers emit, before their clicks and
   * conversions.
   */
  private final int servings;

  private final World world;

  private record Bot(String userId, Device device) {}

  TrafficSimulation(TrafficProfile profile, CrawlerList crawlers) {
    this.profile = profile;
    this.start = profile.start().toEpochMilli();
    this.end = profile.end().toEpochMilli();
    this.impressionWindow = profile.config().windows().impressionWindow().toMillis();
    this.maxClicksPerMinute = profile.config().alerts().clickFlood().maxClicksPerMinute();
    this.crawlers = crawlers;

    long requested = profile.events();
    this.semKeys =
        (int)
            Math.max(
                1,
                Math.round(requested * SEM_SHARE / Math.max(1.0, (end - start) / (double) HOUR)));
    long floodClicks =
        (long) profile.clickFloods() * (maxClicksPerMinute + 1 + maxClicksPerMinute / 4);
    long otherRecords =
        profile.campaigns()
            + Math.round(requested * SEM_SHARE)
            + floodClicks
            + 2L * profile.clickInjections()
            + plantedForScheduledRules(profile);
    boolean search = profile.mix() == TrafficProfile.Mix.SEARCH;
    this.servings =
        (int)
            Math.max(
                0,
                Math.round(
                    (requested - otherRecords)
                        / (search ? RECORDS_PER_SEARCH_CLICK : RECORDS_PER_IMPRESSION)));
    int users =
        profile
            .users()
            .orElse(
                Math.clamp(
                    search ? servings / SEARCH_CLICKS_PER_USER : servings / 25,
                    100,
                    TrafficProfile.MAX_USERS));
    this.world = World.create(profile.campaigns(), users, rng("world"));
  }

  /**
   * About how many records the scheduled-rule patterns take, so that the total stays near the
   * request.
   */
  private static long plantedForScheduledRules(TrafficProfile profile) {
    TrafficProfile.ScheduledPatterns planted = profile.scheduledPatterns();
    var alerts = profile.config().alerts();
    long spikeMinutes = alerts.anomaly().warmupMinutes() + 4L;
    long perSpike = Math.round(spikeMinutes * 1.5 * alerts.anomaly().minImpressions() * 1.05);
    return planted.orphanBursts() * 2L * alerts.orphanClicks().minClicks()
        + (planted.budgetOverruns() + planted.budgetPacings()) * 31L
        + planted.anomalies() * perSpike
        + planted.silentSources() * (3L * alerts.sourceSilence().minExpectedEvents() + 3);
  }

  BaseTraffic run() {
    campaignLogs(rng("campaign-logs"));
    searchReports(semKeys, rng("search-reports"));
    switch (profile.mix()) {
      case DISPLAY -> adServing(servings, rng("ad-serving"), rng("bots"));
      case SEARCH -> searchClicks(servings, rng("ad-serving"), rng("bots"));
    }
    clickFloods(rng("click-floods"));
    clickInjections(rng("click-injections"));
    TrafficProfile.ScheduledPatterns planted = profile.scheduledPatterns();
    orphanBursts(planted.orphanBursts(), rng("orphan-bursts"));
    budgetSpends(planted.budgetOverruns(), false, rng("budget-overruns"));
    budgetSpends(planted.budgetPacings(), true, rng("budget-pacings"));
    ctrSpikes(planted.anomalies(), rng("ctr-spikes"));
    silentSources(planted.silentSources(), rng("silent-sources"));
    return new BaseTraffic(
        List.copyOf(events),
        pinned,
        Map.copyOf(forcedDelays),
        List.copyOf(botClicks),
        List.copyOf(patterns));
  }

  private Rng rng(String purpose) {
    return Rng.stream(profile.seed(), purpose);
  }

  private int emit(TrafficEvent event) {
    events.add(event);
    return events.size() - 1;
  }

  private void emitPinned(TrafficEvent event) {
    pinned.set(emit(event));
  }

  // ---- campaign logs -------------------------------------------------------------------------

  /** When a campaign serves: status changes in time order. */
  private static final class CampaignTimeline {
    private final List<Long> times = new ArrayList<>();
    private final List<Boolean> active = new ArrayList<>();

    void add(long time, boolean isActive) {
      times.add(time);
      active.add(isActive);
    }

    boolean activeAt(long time) {
      int i = times.size() - 1;
      while (i > 0 && times.get(i) > time) {
        i--;
      }
      return active.get(i);
    }
  }

  /** One row per campaign at the start, then occasional budget and status changes (~1 per 12 h). */
  private void campaignLogs(Rng rng) {
    for (int c = 0; c < world.campaigns.size(); c++) {
      Campaign campaign = world.campaigns.get(c);
      String status = rng.chance(0.1) ? "paused" : "active";
      long floor = budgetFloor(campaign);
      long budget = Math.max(campaign.dailyBudgetMicros(), floor);
      long time = Math.min(start + c, end);
      CampaignTimeline timeline = new CampaignTimeline();
      timelines.put(campaign.campaignId(), timeline);
      while (time <= end) {
        timeline.add(time, status.equals("active"));
        emit(
            new CampaignUpdate(
                rng.uuid(),
                time,
                "campaign-manager",
                campaign.campaignId(),
                campaign.advertiserId(),
                campaign.name(),
                status,
                budget,
                campaign.currency()));
        if (status.equals("archived")) {
          break;
        }
        time += Math.round(-Math.log(1 - rng.uniform()) * 12 * HOUR);
        double change = rng.uniform();
        if (change < 0.65) {
          budget =
              Math.max(
                  floor,
                  Math.max(10, Math.round(budget * rng.uniform(0.7, 1.5) / 10_000_000.0))
                      * 10_000_000);
        } else if (change < 0.95) {
          status = status.equals("active") ? "paused" : "active";
        } else {
          status = "archived";
        }
      }
    }
  }

  /**
   * Eight times what the campaign would spend in a day at this traffic's rate, in whole $10:
   * compressed or dense traffic must not make regular campaigns overrun or outpace their budgets
   * (the planted budget patterns do that on campaigns of their own).
   */
  private long budgetFloor(Campaign campaign) {
    double spendPerServing =
        switch (profile.mix()) {
          case DISPLAY ->
              campaign.impressionCostMicros()
                  + campaign.clickThroughRate() * campaign.clickCostMicros();
          case SEARCH -> searchClickCost(campaign);
        };
    double daily =
        servings
            * world.campaignPopularity.share(campaign)
            * spendPerServing
            * DAY
            / (double) (end - start);
    return (long) Math.ceil(8 * daily / 10_000_000.0) * 10_000_000;
  }

  private Optional<Campaign> servingCampaign(long time, Rng rng) {
    for (int attempt = 0; attempt < 16; attempt++) {
      Campaign campaign = world.campaignPopularity.draw(rng);
      if (timelines.get(campaign.campaignId()).activeAt(time)) {
        return Optional.of(campaign);
      }
    }
    return Optional.empty();
  }

  // ---- search-ads reports --------------------------------------------------------------------

  /**
   * Hourly rows per engine/account/campaign/ad group/keyword/match type, reported 5-45 minutes
   * after the hour; some restated hours later with changed numbers, a few restated within minutes
   * and delivered before the row they restate.
   */
  private void searchReports(int keyCount, Rng rng) {
    long maxDisplacement = TrafficProfile.maxDisplacement(profile.config()).toMillis();
    Set<List<String>> keys = new LinkedHashSet<>();
    for (int attempt = 0; keys.size() < keyCount && attempt < keyCount * 20; attempt++) {
      Campaign campaign = world.campaignPopularity.draw(rng);
      boolean google = rng.chance(0.7);
      keys.add(
          List.of(
              google ? "google" : "bing",
              google ? campaign.googleAccountId() : campaign.bingAccountId(),
              campaign.campaignId(),
              rng.pick(campaign.adGroupIds()),
              rng.pick(world.keywords),
              rng.pick(List.of("exact", "phrase", "broad"))));
    }
    for (List<String> k : keys) {
      double hourlyImpressions = rng.lognormal(150, 1.0);
      double ctr = rng.uniform(0.02, 0.08);
      long cpc = Math.round(rng.uniform(0.3, 3.0) * 1_000_000);
      String source = k.get(0).equals("google") ? "sem-google-ads" : "sem-microsoft-ads";
      for (long hour = Math.floorDiv(start, HOUR) * HOUR - HOUR; hour + HOUR <= end; hour += HOUR) {
        long reportTime = hour + HOUR + rng.between(5 * MINUTE, 45 * MINUTE);
        if (reportTime < start || reportTime > end) {
          continue;
        }
        SemKey key =
            new SemKey(
                k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), hour, hour + HOUR);
        long impressions =
            Math.round(hourlyImpressions * diurnal(hour + HOUR / 2) * rng.uniform(0.7, 1.3));
        long clicks = Math.round(impressions * ctr * rng.uniform(0.7, 1.3));
        long conversions = Math.round(clicks * rng.uniform(0.0, 0.1));
        SemRow row =
            new SemRow(
                rng.uuid(),
                reportTime,
                source,
                key,
                impressions,
                clicks,
                Math.round(clicks * cpc * rng.uniform(0.9, 1.1)),
                conversions,
                conversions * Math.round(rng.lognormal(60, 0.5)) * 1_000_000);
        int original = emit(row);
        if (maxDisplacement >= 2 * SECOND
            && rng.chance(SEM_OUT_OF_ORDER_RESTATEMENT_CHANCE)
            && reportTime + maxDisplacement <= end) {
          // restated within minutes; the row it restates is held back until after the restatement
          SemRow restated =
              restate(row, reportTime + rng.between(SECOND, maxDisplacement / 2), rng);
          emitPinned(restated);
          pinned.set(original);
          forcedDelays.put(
              original, restated.eventTime() - reportTime + rng.between(1, maxDisplacement / 2));
          patterns.add(
              new InjectedPattern.RestatementOutOfOrder(row.eventId(), restated.eventId()));
          continue;
        }
        while (rng.chance(SEM_RESTATEMENT_CHANCE)) {
          long restatedAt = row.eventTime() + Math.round(rng.lognormal(3 * HOUR, 0.8));
          if (restatedAt > end) {
            break;
          }
          row = restate(row, restatedAt, rng);
          emit(row);
        }
      }
    }
  }

  /** Engines restate rows as invalid clicks are credited back and late conversions come in. */
  private static SemRow restate(SemRow row, long reportTime, Rng rng) {
    long clicks = row.clicks() - Math.round(row.clicks() * rng.uniform(0.0, 0.05));
    long cost =
        row.clicks() == 0 ? 0 : Math.round(row.costMicros() * (double) clicks / row.clicks());
    long extraConversions = rng.between(0, 2);
    long value =
        row.conversionValueMicros()
            + extraConversions * Math.round(rng.lognormal(60, 0.5)) * 1_000_000;
    return new SemRow(
        rng.uuid(),
        reportTime,
        row.source(),
        row.key(),
        row.impressions(),
        clicks,
        cost,
        row.conversions() + extraConversions,
        value);
  }

  // ---- ad serving ----------------------------------------------------------------------------

  /** Relative traffic at a time of day (UTC): lowest around 04:00, highest around 16:00. */
  private static double diurnal(long epochMillis) {
    double hour = Math.floorMod(epochMillis, DAY) / (double) HOUR;
    return 1 - 0.6 * Math.cos(2 * Math.PI * (hour - 4) / 24);
  }

  /**
   * {@code count} impression (or search click) times spread over [start, end) along the diurnal
   * curve, in order.
   */
  private long[] servingTimes(int count, Rng rng) {
    List<Long> slots = new ArrayList<>();
    for (long slot = start; slot < end; slot += MINUTE) {
      slots.add(slot);
    }
    double[] weights = new double[slots.size()];
    for (int i = 0; i < weights.length; i++) {
      long slot = slots.get(i);
      weights[i] = diurnal(slot + MINUTE / 2) * (Math.min(end, slot + MINUTE) - slot);
    }
    WeightedChoice<Long> slotChoice = new WeightedChoice<>(slots, weights);
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      long slot = slotChoice.draw(rng);
      times[i] = slot + (long) (rng.uniform() * (Math.min(end, slot + MINUTE) - slot));
    }
    Arrays.sort(times);
    return times;
  }

  /** Crawlers enough for about six clicks each. */
  private void makeBots(int expectedBotClicks, Rng botRng) {
    for (int b = 0, n = Math.max(1, expectedBotClicks / 6); b < n && profile.botRate() > 0; b++) {
      String ua = botRng.pick(crawlers.instances());
      bots.add(
          new Bot(
              "usr-" + botRng.hex(8),
              new Device("web-" + botRng.hex(8), World.DeviceKind.DESKTOP, ua, World.ip(botRng))));
    }
  }

  private void adServing(int impressionCount, Rng rng, Rng botRng) {
    makeBots((int) Math.ceil(impressionCount * 0.015 * profile.botRate()), botRng);
    serve(
        impressionCount,
        rng,
        (time, campaign, user, userDevice) -> {
          Device device = userDevice;
          World.Ad ad = rng.pick(campaign.ads());
          String impressionId = "imp-" + rng.hex(8);
          Optional<Long> clickTime =
              rng.chance(campaign.clickThroughRate()) ? clickTime(time, rng) : Optional.empty();
          boolean bot = clickTime.isPresent() && botRng.chance(profile.botRate());
          String userId = user.userId();
          if (bot) {
            Bot crawler = bots.get(botRng.below(bots.size()));
            userId = crawler.userId();
            device = crawler.device();
          }
          String region = region(user.country());
          emit(
              new Impression(
                  rng.uuid(),
                  time,
                  "ad-server-" + region,
                  impressionId,
                  campaign.campaignId(),
                  ad.adId(),
                  rng.pick(ad.creativeIds()),
                  rng.pick(campaign.placementIds()),
                  userId,
                  device.deviceId(),
                  device.ip(),
                  device.userAgent(),
                  Math.round(campaign.impressionCostMicros() * rng.uniform(0.7, 1.3)),
                  campaign.currency(),
                  bot ? "US" : user.country()));
          if (clickTime.isEmpty()) {
            return;
          }
          String clickId = "clk-" + rng.hex(8);
          int click =
              emit(
                  new Click(
                      rng.uuid(),
                      clickTime.get(),
                      "click-tracker-" + region,
                      clickId,
                      rng.chance(0.95) ? Optional.of(impressionId) : Optional.empty(),
                      campaign.campaignId(),
                      ad.adId(),
                      userId,
                      device.deviceId(),
                      device.ip(),
                      device.userAgent(),
                      Math.round(campaign.clickCostMicros() * rng.uniform(0.8, 1.2)),
                      campaign.currency()));
          if (bot) {
            botClicks.add(click);
          } else if (rng.chance(campaign.conversionRate())) {
            conversion(campaign, user, device, clickId, clickTime.get(), 0.85, rng);
          }
        });
  }

  /** What ad serving does at one serving time, for the campaign, user and device drawn for it. */
  @FunctionalInterface
  private interface Serving {
    void serve(long time, Campaign campaign, User user, Device device);
  }

  /**
   * {@code count} serving times along the diurnal curve, each for an active campaign and a user's
   * device.
   */
  private void serve(int count, Rng rng, Serving serving) {
    for (long time : servingTimes(count, rng)) {
      Optional<Campaign> campaign = servingCampaign(time, rng);
      if (campaign.isEmpty()) {
        continue;
      }
      User user = world.userActivity.draw(rng);
      serving.serve(time, campaign.get(), user, rng.pick(user.devices()));
    }
  }

  /** A conversion some time after a click, naming the click with the given chance. */
  private void conversion(
      Campaign campaign,
      User user,
      Device device,
      String clickId,
      long clickTime,
      double withClickId,
      Rng rng) {
    long conversionTime = clickTime + conversionDelay(rng);
    if (conversionTime <= end) {
      Device converting = rng.chance(0.8) ? device : rng.pick(user.devices());
      emit(
          new Conversion(
              rng.uuid(),
              conversionTime,
              device.kind() == World.DeviceKind.DESKTOP ? "pixel" : "s2s-postback",
              "cnv-" + rng.hex(8),
              rng.chance(withClickId) ? Optional.of(clickId) : Optional.empty(),
              user.userId(),
              converting.deviceId(),
              Math.max(10_000, Math.round(rng.lognormal(45, 0.8) * 100) * 10_000),
              campaign.currency(),
              "ord-" + rng.hex(6),
              user.email()));
    }
  }

  /**
   * Search and app-install traffic: the click tracker sees no impression, so no click names one;
   * each user clicks about {@link #SEARCH_CLICKS_PER_USER} times in the span (more for the most
   * active), and a campaign's conversion rate of the clicks convert.
   */
  private void searchClicks(int clickCount, Rng rng, Rng botRng) {
    makeBots((int) Math.ceil(clickCount * profile.botRate()), botRng);
    serve(
        clickCount,
        rng,
        (time, campaign, user, userDevice) -> {
          Device device = userDevice;
          boolean bot = botRng.chance(profile.botRate());
          String userId = user.userId();
          if (bot) {
            Bot crawler = bots.get(botRng.below(bots.size()));
            userId = crawler.userId();
            device = crawler.device();
          }
          String clickId = "clk-" + rng.hex(8);
          int click =
              emit(
                  new Click(
                      rng.uuid(),
                      time,
                      "click-tracker-" + region(user.country()),
                      clickId,
                      Optional.empty(),
                      campaign.campaignId(),
                      rng.pick(campaign.ads()).adId(),
                      userId,
                      device.deviceId(),
                      device.ip(),
                      device.userAgent(),
                      Math.round(searchClickCost(campaign) * rng.uniform(0.8, 1.2)),
                      campaign.currency()));
          if (bot) {
            botClicks.add(click);
          } else if (rng.chance(campaign.conversionRate())) {
            conversion(campaign, user, device, clickId, time, SEARCH_CONVERSION_WITH_CLICK_ID, rng);
          }
        });
  }

  /**
   * Search campaigns are billed per click; a campaign billed per impression elsewhere pays 200 CPMs
   * a click.
   */
  private static long searchClickCost(Campaign campaign) {
    return campaign.clickCostMicros() > 0
        ? campaign.clickCostMicros()
        : 200 * campaign.impressionCostMicros();
  }

  /**
   * Most clicks follow within seconds; a few come back to a stale tab after the impression window.
   */
  private Optional<Long> clickTime(long impressionTime, Rng rng) {
    long delay =
        rng.chance(0.005)
            ? rng.between(impressionWindow + 1, 3 * impressionWindow)
            : SECOND + Math.round(rng.lognormal(8 * SECOND, 1.0));
    long time = impressionTime + delay;
    return time <= end ? Optional.of(time) : Optional.empty();
  }

  /** Mostly within hours of the click; a tail of days, some beyond the default 7-day lookback. */
  private static long conversionDelay(Rng rng) {
    double delay = rng.chance(0.04) ? rng.lognormal(5 * DAY, 0.6) : rng.lognormal(40 * MINUTE, 1.6);
    return MIN_CONVERSION_DELAY + Math.round(delay);
  }

  private static String region(String country) {
    return switch (country) {
      case "US", "CA", "BR" -> "us-east-1";
      case "JP", "AU" -> "ap-northeast-1";
      default -> "eu-west-1";
    };
  }

  // ---- planted fraud -------------------------------------------------------------------------

  /**
   * Alternately one device (each click through another IPv6 address) and one IP (each click from
   * another device) firing more than the threshold of clicks within one event-time minute.
   */
  private void clickFloods(Rng rng) {
    long firstMinute = Math.floorDiv(start, MINUTE) * MINUTE;
    int minutes = (int) ((end - firstMinute + MINUTE - 1) / MINUTE);
    Set<String> floodedIps = new HashSet<>();
    for (int f = 0; f < profile.clickFloods(); f++) {
      long minute = firstMinute + rng.below(minutes) * MINUTE;
      long from = Math.max(start, minute);
      long to = Math.min(end, minute + MINUTE - 1);
      Campaign campaign = world.campaignPopularity.draw(rng);
      int clicks = maxClicksPerMinute + 1 + (int) rng.between(0, maxClicksPerMinute / 4);
      boolean byDevice = f % 2 == 0;
      Device floodingDevice = World.device(rng);
      String floodingUser = "usr-" + rng.hex(8);
      String floodingIp;
      do {
        floodingIp = World.ip(rng);
      } while (!floodedIps.add(floodingIp));
      for (int c = 0; c < clicks; c++) {
        Device device = byDevice ? floodingDevice : World.device(rng);
        String ip = byDevice ? World.ipv6("2001:db8:f100", rng) : floodingIp;
        emitPinned(
            new Click(
                rng.uuid(),
                rng.between(from, to),
                "click-tracker-us-east-1",
                "clk-" + rng.hex(8),
                Optional.empty(),
                campaign.campaignId(),
                rng.pick(campaign.ads()).adId(),
                byDevice ? floodingUser : "usr-" + rng.hex(8),
                device.deviceId(),
                ip,
                device.userAgent(),
                campaign.clickCostMicros(),
                campaign.currency()));
      }
      String subject =
          byDevice
              ? ExpectedAlert.deviceSubject(floodingDevice.deviceId())
              : ExpectedAlert.ipSubject(floodingIp);
      patterns.add(new InjectedPattern.ClickFlood(subject, ExpectedAlert.minuteOf(minute), clicks));
    }
  }

  // ---- planted for the scheduled alert check ---------------------------------------------------

  private static final String PLANTED_SOURCE = "click-tracker-us-east-1";

  private long minuteStartAtOrAfter(long time) {
    return Math.floorDiv(time + MINUTE - 1, MINUTE) * MINUTE;
  }

  private void campaignSettings(String campaignId, long budgetMicros, Rng rng) {
    emitPinned(
        new CampaignUpdate(
            rng.uuid(),
            start,
            "campaign-manager",
            campaignId,
            "adv-planted",
            campaignId,
            "active",
            budgetMicros,
            "USD"));
  }

  private Impression plantedImpression(
      String campaignId, long time, String source, long costMicros, Rng rng) {
    Device device = World.device(rng);
    return new Impression(
        rng.uuid(),
        time,
        source,
        "imp-" + rng.hex(10),
        campaignId,
        "ad-planted",
        "cr-planted",
        "plc-planted",
        "usr-" + rng.hex(8),
        device.deviceId(),
        device.ip(),
        device.userAgent(),
        costMicros,
        "USD",
        "US");
  }

  private Click plantedClick(
      String campaignId, Optional<Impression> impression, long time, Rng rng) {
    Device device =
        impression.isPresent()
            ? new Device(
                impression.get().deviceId(),
                World.DeviceKind.DESKTOP,
                impression.get().userAgent(),
                impression.get().ip())
            : World.device(rng);
    return new Click(
        rng.uuid(),
        time,
        PLANTED_SOURCE,
        "clk-" + rng.hex(10),
        impression.map(Impression::impressionId),
        campaignId,
        "ad-planted",
        impression.map(Impression::userId).orElse("usr-" + rng.hex(8)),
        device.deviceId(),
        device.ip(),
        device.userAgent(),
        0,
        "USD");
  }

  /**
   * A campaign's clicks naming impressions that never arrive (an ad server losing its impression
   * log), twice alerts.orphanClicks.minClicks of them in the first hour.
   */
  private void orphanBursts(int count, Rng rng) {
    int clicks = 2 * profile.config().alerts().orphanClicks().minClicks();
    long hour = Math.floorDiv(start, HOUR) * HOUR;
    long to = Math.min(end, hour + HOUR - 1);
    for (int i = 1; i <= count; i++) {
      String campaign = "cmp-orphans-" + i;
      for (int c = 0; c < clicks; c++) {
        Click untracked = plantedClick(campaign, Optional.empty(), rng.between(start, to), rng);
        emitPinned(
            new Click(
                untracked.eventId(),
                untracked.eventTime(),
                untracked.source(),
                untracked.clickId(),
                Optional.of("imp-lost-" + rng.hex(8)),
                untracked.campaignId(),
                untracked.adId(),
                untracked.userId(),
                untracked.deviceId(),
                untracked.ip(),
                untracked.userAgent(),
                untracked.costMicros(),
                untracked.currency()));
      }
      patterns.add(
          new InjectedPattern.OrphanBurst(campaign, java.time.Instant.ofEpochMilli(hour), clicks));
    }
  }

  /**
   * A campaign with a daily budget spending in the day of the first event: 1.5 x the budget over
   * the day (overrun), or, {@code early}, in the first whole minute, enough to break the pacing
   * rule. Pacing is planted only when that minute ends before alerts.budget.pacingUntilDayFraction
   * of its day.
   */
  private void budgetSpends(int count, boolean early, Rng rng) {
    var budget = profile.config().alerts().budget();
    long day = Math.floorDiv(start, DAY) * DAY;
    long minute = minuteStartAtOrAfter(start);
    long dayEnd = Math.min(end, day + DAY - 1);
    if (early
        && (minute + MINUTE
            > Math.min(end, day + (long) (budget.pacingUntilDayFraction() * DAY)))) {
      return;
    }
    for (int i = 1; i <= count; i++) {
      String campaign = (early ? "cmp-pacing-" : "cmp-budget-") + i;
      long budgetMicros = 100_000_000;
      double share =
          early
              ? 1.2
                  * Math.max(
                      budget.minBudgetFraction(),
                      budget.pacingFactor() * (minute + MINUTE - day) / DAY)
              : 1.5;
      long each = (long) Math.ceil(share * budgetMicros / 30);
      campaignSettings(campaign, budgetMicros, rng);
      for (int k = 0; k < 30; k++) {
        long time =
            early
                ? rng.between(minute, Math.min(end, minute + MINUTE - 1))
                : rng.between(start, dayEnd);
        emitPinned(plantedImpression(campaign, time, "ad-server-us-east-1", each, rng));
      }
      patterns.add(
          new InjectedPattern.BudgetSpend(
              campaign, java.time.Instant.ofEpochMilli(day), budgetMicros, 30 * each, early));
    }
  }

  /**
   * A campaign of 1.5 x alerts.anomaly.minImpressions impressions a minute at a 3% CTR for warmup +
   * 3 minutes, then a minute at 30%. Needs warmup + 5 whole minutes in the span; planted only then.
   */
  private void ctrSpikes(int count, Rng rng) {
    var anomaly = profile.config().alerts().anomaly();
    int perMinute = (int) Math.ceil(1.5 * anomaly.minImpressions());
    int steady = anomaly.warmupMinutes() + 3;
    long first = minuteStartAtOrAfter(start) + MINUTE;
    if (first + (steady + 1) * MINUTE > end) {
      return;
    }
    for (int i = 1; i <= count; i++) {
      String campaign = "cmp-anomaly-" + i;
      campaignSettings(campaign, 1_000_000_000_000L, rng);
      for (int m = 0; m <= steady; m++) {
        long minute = first + m * MINUTE;
        double ctr = m == steady ? 0.3 : 0.03;
        for (int k = 0; k < perMinute; k++) {
          long time = rng.between(minute, minute + MINUTE - 2 * SECOND);
          Impression impression =
              plantedImpression(
                  campaign, time, "ad-server-us-east-1", rng.between(1_500, 2_500), rng);
          emitPinned(impression);
          if (rng.chance(ctr)) {
            emitPinned(
                plantedClick(
                    campaign,
                    Optional.of(impression),
                    rng.between(time, minute + MINUTE - 1),
                    rng));
          }
        }
      }
      patterns.add(
          new InjectedPattern.CtrSpike(
              campaign, java.time.Instant.ofEpochMilli(first + steady * MINUTE), steady));
    }
  }

  /**
   * A partner ad server sending impressions steadily from the start until twice its silence period
   * before the end, fast enough that its rate predicts 1.5 x alerts.sourceSilence.minExpectedEvents
   * in that period.
   */
  private void silentSources(int count, Rng rng) {
    var silence = profile.config().alerts().sourceSilence();
    for (int i = 1; i <= count; i++) {
      String source = "ad-server-partner-" + i;
      long period = silence.after(source).toMillis();
      long last = end - 2 * period;
      if (last - start < 2 * period) {
        return;
      }
      int events =
          (int) Math.ceil(1.5 * silence.minExpectedEvents() * (last - start) / (double) period) + 2;
      String campaign = "cmp-partner-" + i;
      campaignSettings(campaign, 1_000_000_000_000L, rng);
      for (int k = 0; k < events; k++) {
        long time = k == 0 ? start : k == events - 1 ? last : rng.between(start, last);
        emitPinned(plantedImpression(campaign, time, source, 1_000, rng));
      }
      patterns.add(
          new InjectedPattern.SilentSource(source, java.time.Instant.ofEpochMilli(last), events));
    }
  }

  /**
   * A click fired 1-5 seconds before a user's conversion (which names it), from a fresh address.
   */
  private void clickInjections(Rng rng) {
    for (int i = 0; i < profile.clickInjections(); i++) {
      User user = world.userActivity.draw(rng);
      Device device = rng.pick(user.devices());
      Campaign campaign = world.campaignPopularity.draw(rng);
      long clickTime = rng.between(start, end - 5 * SECOND);
      long delay = rng.between(SECOND, 5 * SECOND);
      String clickId = "clk-" + rng.hex(8);
      String conversionId = "cnv-" + rng.hex(8);
      emitPinned(
          new Click(
              rng.uuid(),
              clickTime,
              "click-tracker-us-east-1",
              clickId,
              Optional.empty(),
              campaign.campaignId(),
              rng.pick(campaign.ads()).adId(),
              user.userId(),
              device.deviceId(),
              World.ipv6("2001:db8:f200", rng),
              device.userAgent(),
              campaign.clickCostMicros(),
              campaign.currency()));
      emitPinned(
          new Conversion(
              rng.uuid(),
              clickTime + delay,
              "s2s-postback",
              conversionId,
              Optional.of(clickId),
              user.userId(),
              device.deviceId(),
              Math.max(10_000, Math.round(rng.lognormal(45, 0.8) * 100) * 10_000),
              campaign.currency(),
              "ord-" + rng.hex(6),
              user.email()));
      patterns.add(
          new InjectedPattern.ClickInjection(
              clickId, conversionId, delay, ExpectedAlert.minuteOf(clickTime + delay)));
    }
  }
}
