package io.adstream.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Masked events for tests: user and device fields already hold tokens. */
public final class TestEvents {
  public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private TestEvents() {}

  public static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  /**
   * Traffic spread over a long range: an impression every {@code every} from {@code from} until
   * {@code to}, the campaigns taking turns, and a click on every third 20 seconds after it; an odd
   * step puts them in every hour of the day and many minutes of the hour.
   */
  public static List<AdEvent> spread(
      Instant from, Instant to, Duration every, String... campaigns) {
    List<AdEvent> events = new ArrayList<>();
    int n = 0;
    for (Instant at = from; at.isBefore(to); at = at.plus(every), n++) {
      String campaign = campaigns[n % campaigns.length];
      events.add(impression("i" + n, campaign, "u" + n, at, 1_000 + n));
      if (n % 3 == 0) {
        events.add(
            click("k" + n, Optional.of("i" + n), campaign, "u" + n, at.plusSeconds(20), 250_000));
      }
    }
    return events;
  }

  public static Impression impression(
      String id, String campaign, String user, Instant time, long cost) {
    return new Impression(
        envelope("e-" + id, EventType.IMPRESSION, time),
        id,
        campaign,
        "ad-1",
        "cr-1",
        "pl-1",
        user,
        "dev-" + user,
        "ip-" + user,
        "Mozilla/5.0",
        cost,
        "USD",
        "US");
  }

  public static Click click(
      String id,
      Optional<String> impressionId,
      String campaign,
      String user,
      Instant time,
      long cost) {
    return click(id, impressionId, campaign, user, time, cost, "Mozilla/5.0");
  }

  public static Click click(
      String id,
      Optional<String> impressionId,
      String campaign,
      String user,
      Instant time,
      long cost,
      String userAgent) {
    return new Click(
        envelope("e-" + id, EventType.CLICK, time),
        id,
        impressionId,
        campaign,
        "ad-1",
        user,
        "dev-" + user,
        "ip-" + user,
        userAgent,
        cost,
        "USD");
  }

  public static Conversion conversion(
      String id, Optional<String> clickId, String user, Instant time, long value) {
    return new Conversion(
        envelope("e-" + id, EventType.CONVERSION, time),
        id,
        clickId,
        user,
        "dev-" + user,
        value,
        "USD",
        "order-" + id,
        "email-" + user);
  }

  public static CampaignUpdate campaignUpdate(
      String eventId, String campaign, Instant time, long budget) {
    return new CampaignUpdate(
        envelope(eventId, EventType.CAMPAIGN_UPDATE, time),
        campaign,
        "adv-1",
        "Campaign " + campaign,
        CampaignUpdate.CampaignStatus.ACTIVE,
        budget,
        "USD");
  }

  public static SemStats semStats(
      String eventId, String campaign, Instant reportTime, long clicks) {
    return new SemStats(
        envelope(eventId, EventType.SEM_STATS, reportTime),
        "google",
        "acct-1",
        campaign,
        "ag-1",
        "running shoes",
        SemStats.MatchType.EXACT,
        T0,
        T0.plusSeconds(3600),
        clicks * 10,
        clicks,
        clicks * 500_000,
        1,
        2_000_000,
        reportTime);
  }

  public static Envelope envelope(String eventId, EventType type, Instant time) {
    return new Envelope(eventId, type, time, 1, "test");
  }
}
