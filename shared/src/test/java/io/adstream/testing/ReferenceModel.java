package io.adstream.testing;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import io.adstream.features.FeatureVector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A batch recompute of docs/semantics.md over everything delivered, written as plain loops and
 * sharing no code with the streaming stage: the fault-injection tests compare the stream's final
 * state with this.
 */
public final class ReferenceModel {
  public final Map<CampaignMinute, Measures> aggregates = new TreeMap<>();
  public final Map<String, FeatureVector> deviceFeatures = new TreeMap<>();
  public final Map<String, Long> campaignBudgets = new TreeMap<>();
  public final Map<String, Long> semClicks = new TreeMap<>();

  /** Accepted events per source. */
  public final Map<String, Long> sourceEvents = new TreeMap<>();

  public int accepted;
  public int duplicates;
  public int conflicts;

  private final Duration lateness;
  private final Duration impressionWindow;
  private final Duration lookback;
  private final int floodThreshold;
  private final java.util.Set<String> flooded = new java.util.HashSet<>();

  private record Accepted(AdEvent event, boolean late) {}

  public ReferenceModel(
      Duration lateness, Duration impressionWindow, Duration lookback, int floodThreshold) {
    this.lateness = lateness;
    this.impressionWindow = impressionWindow;
    this.lookback = lookback;
    this.floodThreshold = floodThreshold;
  }

  /**
   * Clicks of device and IP minutes with more non-late clicks than the threshold: billed as
   * invalid, all of them. A late click counts towards no flood.
   */
  private void findFloods(List<Accepted> all) {
    Map<String, List<String>> groups = new HashMap<>();
    for (Accepted a : all) {
      if (a.event() instanceof Click c && !a.late()) {
        long minute = Math.floorDiv(c.eventTime().toEpochMilli(), 60_000L);
        groups
            .computeIfAbsent("device " + c.deviceId() + " " + minute, g -> new ArrayList<>())
            .add(c.clickId());
        groups
            .computeIfAbsent("ip " + c.ip() + " " + minute, g -> new ArrayList<>())
            .add(c.clickId());
      }
    }
    groups.values().stream()
        .filter(clicks -> clicks.size() > floodThreshold)
        .forEach(flooded::addAll);
  }

  public ReferenceModel compute(List<Workload.Delivery> deliveries) {
    Map<String, Accepted> byKey = new LinkedHashMap<>();
    Map<String, String> fingerprints = new HashMap<>();
    Map<String, Instant> watermarks = new HashMap<>();
    List<Accepted> all = new ArrayList<>();
    for (Workload.Delivery delivery : deliveries) {
      AdEvent event = delivery.event();
      String key = key(event);
      String fingerprint = StageHarness.fingerprint(event);
      if (byKey.containsKey(key)) {
        if (fingerprints.get(key).equals(fingerprint)) {
          duplicates++;
          if (event instanceof Impression || event instanceof Click) {
            add(campaignOf(event), event.eventTime(), Measures.duplicate());
          }
        } else {
          conflicts++;
        }
        continue;
      }
      Instant watermark = watermarks.get(delivery.shard());
      boolean late = watermark != null && event.eventTime().isBefore(watermark.minus(lateness));
      if (watermark == null || event.eventTime().isAfter(watermark)) {
        watermarks.put(delivery.shard(), event.eventTime());
      }
      Accepted accepted = new Accepted(event, late);
      byKey.put(key, accepted);
      fingerprints.put(key, fingerprint);
      all.add(accepted);
    }
    this.accepted = all.size();
    findFloods(all);

    for (Accepted a : all) {
      sourceEvents.merge(a.event().envelope().source(), 1L, Long::sum);
      switch (a.event()) {
        case Impression i ->
            add(i.campaignId(), i.eventTime(), Measures.impression(i.costMicros()));
        case Click c -> {
          add(
              c.campaignId(),
              c.eventTime(),
              bot(c) || flooded.contains(c.clickId())
                  ? Measures.invalidClick()
                  : Measures.validClick(c.costMicros()));
          if (!a.late() && c.impressionId().isPresent() && !joinsItsImpression(c, byKey)) {
            add(c.campaignId(), c.eventTime(), Measures.orphanClicks(1));
          }
        }
        case Conversion c -> {
          if (!a.late()) {
            creditedCampaign(c, byKey, all)
                .ifPresent(
                    campaign -> add(campaign, c.eventTime(), Measures.conversion(c.valueMicros())));
          }
        }
        case CampaignUpdate u -> {}
        case SemStats s -> {}
      }
    }
    deviceFeatures(all);
    latestRows(all);
    aggregates.values().removeIf(Measures::isZero);
    return this;
  }

  private Optional<String> creditedCampaign(
      Conversion conversion, Map<String, Accepted> byKey, List<Accepted> all) {
    if (conversion.clickId().isPresent()) {
      Accepted click = byKey.get("clk#" + conversion.clickId().get());
      if (click == null || click.late() || bot((Click) click.event())) {
        return Optional.empty();
      }
      return credits(click.event().eventTime(), conversion.eventTime())
          ? Optional.of(((Click) click.event()).campaignId())
          : Optional.empty();
    }
    Click best = null;
    for (Accepted a : all) {
      if (a.event() instanceof Click click
          && !a.late()
          && !bot(click)
          && click.userId().equals(conversion.userId())
          && credits(click.eventTime(), conversion.eventTime())) {
        if (best == null
            || click.eventTime().isAfter(best.eventTime())
            || (click.eventTime().equals(best.eventTime())
                && click.clickId().compareTo(best.clickId()) > 0)) {
          best = click;
        }
      }
    }
    return Optional.ofNullable(best).map(Click::campaignId);
  }

  private boolean credits(Instant clickTime, Instant conversionTime) {
    return !conversionTime.isBefore(clickTime) && !conversionTime.isAfter(clickTime.plus(lookback));
  }

  private boolean joinsItsImpression(Click click, Map<String, Accepted> byKey) {
    Accepted impression = click.impressionId().map(id -> byKey.get("imp#" + id)).orElse(null);
    return impression != null
        && !impression.late()
        && joins(impression.event().eventTime(), click.eventTime());
  }

  /** Whether a click joins its impression; kept for the join-outcome comparisons. */
  public boolean joins(Instant impressionTime, Instant clickTime) {
    return !clickTime.isBefore(impressionTime)
        && !clickTime.isAfter(impressionTime.plus(impressionWindow));
  }

  private void deviceFeatures(List<Accepted> all) {
    Map<String, List<AdEvent>> byDevice = new HashMap<>();
    for (Accepted a : all) {
      switch (a.event()) {
        case Click c -> byDevice.computeIfAbsent(c.deviceId(), d -> new ArrayList<>()).add(c);
        case Conversion c -> byDevice.computeIfAbsent(c.deviceId(), d -> new ArrayList<>()).add(c);
        default -> {}
      }
    }
    byDevice.forEach(
        (device, events) -> {
          Instant asOf =
              events.stream().map(AdEvent::eventTime).max(Comparator.naturalOrder()).orElseThrow();
          long asOfMinute = Math.floorDiv(asOf.toEpochMilli(), 60_000L);
          long clicks1h = 0;
          long clicks24h = 0;
          long conversions7d = 0;
          Instant lastClick = null;
          for (AdEvent e : events) {
            long minute = Math.floorDiv(e.eventTime().toEpochMilli(), 60_000L);
            if (e instanceof Click) {
              clicks1h += minute > asOfMinute - 60 ? 1 : 0;
              clicks24h += minute > asOfMinute - 1440 ? 1 : 0;
              lastClick =
                  lastClick == null || e.eventTime().isAfter(lastClick) ? e.eventTime() : lastClick;
            } else if (e.eventTime().isAfter(asOf.minus(Duration.ofDays(7)))) {
              conversions7d++;
            }
          }
          deviceFeatures.put(
              device,
              new FeatureVector(
                  asOf, clicks1h, clicks24h, Optional.ofNullable(lastClick), conversions7d));
        });
  }

  private void latestRows(List<Accepted> all) {
    Map<String, CampaignUpdate> settings = new HashMap<>();
    Map<String, SemStats> rows = new HashMap<>();
    for (Accepted a : all) {
      if (a.event() instanceof CampaignUpdate u) {
        CampaignUpdate current = settings.get(u.campaignId());
        if (current == null
            || u.eventTime().isAfter(current.eventTime())
            || (u.eventTime().equals(current.eventTime())
                && u.eventId().compareTo(current.eventId()) > 0)) {
          settings.put(u.campaignId(), u);
        }
      } else if (a.event() instanceof SemStats s) {
        SemStats current = rows.get(s.rowKey());
        if (current == null
            || s.reportTime().isAfter(current.reportTime())
            || (s.reportTime().equals(current.reportTime())
                && s.eventId().compareTo(current.eventId()) > 0)) {
          rows.put(s.rowKey(), s);
        }
      }
    }
    settings.forEach((campaign, u) -> campaignBudgets.put(campaign, u.dailyBudgetMicros()));
    rows.forEach((key, s) -> semClicks.put(key, s.clicks()));
  }

  private static boolean bot(Click click) {
    return click.userAgent().contains("bot");
  }

  private static String key(AdEvent event) {
    return switch (event) {
      case Impression i -> "imp#" + i.impressionId();
      case Click c -> "clk#" + c.clickId();
      case Conversion c -> "cnv#" + c.conversionId();
      default -> "evt#" + event.eventId();
    };
  }

  private static String campaignOf(AdEvent event) {
    return switch (event) {
      case Impression i -> i.campaignId();
      case Click c -> c.campaignId();
      default -> throw new IllegalArgumentException(event.type().wireName());
    };
  }

  private void add(String campaign, Instant time, Measures measures) {
    aggregates.merge(CampaignMinute.of(campaign, time), measures, Measures::plus);
  }
}
