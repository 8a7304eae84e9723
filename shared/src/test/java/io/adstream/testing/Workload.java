package io.adstream.testing;

import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded random traffic for the stateful stage, already masked, with the hard cases dense:
 * out-of-order and late delivery, resends, conflicting resends, clicks before impressions,
 * conversions before clicks, last-click takeovers, bots, devices shared across users (so across
 * shards), click floods from a device and an IP that several users share (so one flood group is
 * written from several shards), search-ads restatements. All of a user's events go to one shard, as
 * producers partition by user token.
 */
public final class Workload {

  /** One record as delivered: its shard and its event, in the shard's delivery order. */
  public record Delivery(String shard, AdEvent event) {}

  /** alerts.clickFlood.maxClicksPerMinute of the configuration the fault tests run with. */
  public static final int FLOOD_THRESHOLD = 4;

  private final SplittableRandom random;
  private final int shards;
  private final List<Timed> timed = new ArrayList<>();
  private long nextId;

  private record Timed(Instant deliveredAt, long order, String shard, AdEvent event) {}

  private Workload(long seed, int shards) {
    this.random = new SplittableRandom(seed);
    this.shards = shards;
  }

  public static List<Delivery> generate(long seed, int shards, int impressions) {
    Workload workload = new Workload(seed, shards);
    workload.build(impressions);
    return workload.timed.stream()
        .sorted(Comparator.comparing(Timed::deliveredAt).thenComparingLong(Timed::order))
        .map(t -> new Delivery(t.shard(), t.event()))
        .toList();
  }

  private void build(int impressions) {
    Instant start = TestEvents.T0;
    List<Impression> shown = new ArrayList<>();
    List<Click> clicked = new ArrayList<>();
    for (int n = 0; n < impressions; n++) {
      Instant time = start.plusMillis(random.nextLong(3 * 3_600_000L));
      String user = "u" + random.nextInt(12);
      Impression impression =
          TestEvents.impression(
              "i" + id(), "c" + random.nextInt(5), user, time, 100 + random.nextInt(900));
      impression = withDevice(impression);
      deliver(impression);
      shown.add(impression);
      if (random.nextInt(4) == 0) {
        Click click = clickFor(impression);
        deliver(click);
        clicked.add(click);
      }
    }
    for (int n = 0; n < impressions / 10; n++) {
      Instant time = start.plusMillis(random.nextLong(3 * 3_600_000L));
      Click click =
          TestEvents.click(
              "k" + id(),
              maybeImpression(),
              "c" + random.nextInt(5),
              "u" + random.nextInt(12),
              time,
              300);
      deliver(click);
      clicked.add(click);
    }
    for (int flood = 0; flood < 3; flood++) {
      Instant minute =
          start
              .plusSeconds(60L * random.nextInt(150))
              .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      int clicks = 2 + random.nextInt(2 * FLOOD_THRESHOLD);
      for (int n = 0; n < clicks; n++) {
        String user = "u" + random.nextInt(12);
        String clickId = "k" + id();
        Instant time = minute.plusMillis(random.nextLong(60_000));
        Click click =
            new Click(
                TestEvents.envelope("e-" + clickId, io.adstream.event.EventType.CLICK, time),
                clickId,
                Optional.empty(),
                "c" + random.nextInt(5),
                "ad-1",
                user,
                random.nextBoolean() ? "flood-dev-" + flood : "dev-" + user,
                "flood-ip-" + flood,
                "Mozilla/5.0",
                400,
                "USD");
        deliver(click);
        clicked.add(click);
      }
    }
    for (Click click : List.copyOf(clicked)) {
      if (random.nextInt(3) != 0) {
        continue;
      }
      Instant time = click.eventTime().plusMillis(random.nextLong(-60_000, 2 * 3_600_000L));
      Optional<String> clickId =
          random.nextBoolean() ? Optional.of(click.clickId()) : Optional.empty();
      deliver(
          TestEvents.conversion(
              "v" + id(), clickId, click.userId(), time, 1_000_000 + random.nextInt(9_000_000)));
    }
    for (int c = 0; c < 3; c++) {
      for (int r = 0; r < 3; r++) {
        deliver(
            TestEvents.semStats(
                "s" + id(),
                "c" + c,
                start.plusSeconds(600 + random.nextInt(7200)),
                random.nextInt(50)));
      }
      deliver(
          TestEvents.campaignUpdate(
              "u" + id(),
              "c" + c,
              start.plusSeconds(random.nextInt(7200)),
              1_000_000L * (1 + random.nextInt(9))));
    }
  }

  private Click clickFor(Impression impression) {
    long delayMillis =
        switch (random.nextInt(6)) {
          case 0 -> -random.nextLong(1, 60_000); // before its impression: never joins
          case 1 -> 3_600_000L + random.nextLong(-2, 3); // at the window edge
          default -> random.nextLong(0, 1_800_000L);
        };
    String agent = random.nextInt(15) == 0 ? StageHarness.BOT_AGENT : "Mozilla/5.0";
    String clickId = "k" + id();
    Instant time = impression.eventTime().plusMillis(delayMillis);
    return new Click(
        TestEvents.envelope("e-" + clickId, io.adstream.event.EventType.CLICK, time),
        clickId,
        Optional.of(impression.impressionId()),
        impression.campaignId(),
        "ad-1",
        impression.userId(),
        impression.deviceId(),
        impression.ip(),
        agent,
        200 + random.nextInt(800),
        "USD");
  }

  private Optional<String> maybeImpression() {
    return random.nextBoolean() ? Optional.empty() : Optional.of("missing-" + id());
  }

  /** Most devices belong to one user; a few are shared across users, hence across shards. */
  private Impression withDevice(Impression i) {
    String device =
        random.nextInt(10) == 0 ? "shared-dev-" + random.nextInt(2) : "dev-" + i.userId();
    return new Impression(
        i.envelope(),
        i.impressionId(),
        i.campaignId(),
        i.adId(),
        i.creativeId(),
        i.placementId(),
        i.userId(),
        device,
        i.ip(),
        i.userAgent(),
        i.costMicros(),
        i.currency(),
        i.country());
  }

  private void deliver(AdEvent event) {
    String shard = "shard-" + Math.floorMod(partitionKey(event).hashCode(), shards);
    long delay =
        switch (random.nextInt(40)) {
          case 0 ->
              2 * 3_600_000L
                  + random.nextLong(3_600_000L); // late: beyond twice the allowed lateness
          default -> random.nextLong(0, 15 * 60_000L); // out of order within a quarter of it
        };
    Instant deliveredAt = event.eventTime().plusMillis(delay);
    timed.add(new Timed(deliveredAt, timed.size(), shard, event));
    switch (random.nextInt(25)) {
      case 0 ->
          timed.add(
              new Timed(
                  deliveredAt.plus(Duration.ofMinutes(random.nextInt(90))),
                  timed.size(),
                  shard,
                  event));
      case 1 ->
          conflictOf(event)
              .ifPresent(
                  conflict ->
                      timed.add(
                          new Timed(deliveredAt.plusSeconds(30), timed.size(), shard, conflict)));
      default -> {}
    }
  }

  /** The same key with other content: a producer bug the pipeline must quarantine, not count. */
  private Optional<AdEvent> conflictOf(AdEvent event) {
    if (event instanceof Impression i) {
      return Optional.of(
          new Impression(
              TestEvents.envelope(i.eventId() + "-x", i.type(), i.eventTime()),
              i.impressionId(),
              i.campaignId(),
              i.adId(),
              i.creativeId(),
              i.placementId(),
              i.userId(),
              i.deviceId(),
              i.ip(),
              i.userAgent(),
              i.costMicros() + 1,
              i.currency(),
              i.country()));
    }
    return Optional.empty();
  }

  private static String partitionKey(AdEvent event) {
    return switch (event) {
      case Impression i -> i.userId();
      case Click c -> c.userId();
      case Conversion c -> c.userId();
      case io.adstream.event.CampaignUpdate u -> u.campaignId();
      case io.adstream.event.SemStats s -> s.campaignId();
    };
  }

  private long id() {
    return nextId++;
  }
}
