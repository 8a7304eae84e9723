package io.adstream.generator;

import io.adstream.generator.GenerationReport.MalformedLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the producers' events into the delivered sequence: decides per record whether it is
 * malformed, held back (out of order), late, duplicated or re-sent with a conflicting payload,
 * orders everything by delivery time and encodes each record. Single use: one plan per generation.
 */
final class DeliveryPlan {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;

  /** Share of well-formed records whose event time is written as epoch milliseconds. */
  private static final double EPOCH_MILLIS_TIME_SHARE = 0.1;

  /** A duplicate or a conflicting re-send follows its original by up to this much delivery time. */
  private static final long MAX_RESEND_GAP = 10 * MINUTE;

  private enum Fate {
    NORMAL,
    MALFORMED,
    OUT_OF_ORDER,
    LATE
  }

  private enum Copy {
    ORIGINAL,
    DUPLICATE,
    CONFLICT
  }

  /** One producer event on its way to the stream. */
  private static final class Planned {
    final TrafficEvent event;

    /** The event time delivered: the producer's, or an older one for a late record. */
    long eventTime;

    Fate fate = Fate.NORMAL;
    boolean timeAsEpochMillis;
    byte[] line;

    Planned(TrafficEvent event) {
      this.event = event;
      this.eventTime = event.eventTime();
    }

    WireRecord wire() {
      return event
          .toWire(timeAsEpochMillis)
          .put("event_time", new WireRecord.Time(eventTime, timeAsEpochMillis));
    }
  }

  private record Delivery(long time, int order, Planned planned, Copy copy) {}

  private final TrafficProfile profile;
  private final long allowedLateness;
  private final long maxDisplacement;
  private final Rng fates;
  private final Rng delays;
  private final Rng defects;
  private int duplicates;
  private int conflicts;
  private int outOfOrder;

  DeliveryPlan(TrafficProfile profile) {
    this.profile = profile;
    this.allowedLateness = profile.config().windows().allowedLateness().toMillis();
    this.maxDisplacement = TrafficProfile.maxDisplacement(profile.config()).toMillis();
    this.fates = Rng.stream(profile.seed(), "fates");
    this.delays = Rng.stream(profile.seed(), "delays");
    this.defects = Rng.stream(profile.seed(), "defects");
  }

  GeneratedTraffic deliver(BaseTraffic base) {
    Planned[] planned = new Planned[base.events().size()];
    List<Delivery> deliveries = schedule(base, planned);
    int late = stampLateEvents(deliveries);
    List<MalformedLine> malformed = new ArrayList<>();
    List<byte[]> lines = encode(deliveries, malformed);

    Map<String, Long> baseRecords = new TreeMap<>();
    base.events().forEach(e -> baseRecords.merge(e.eventType(), 1L, Long::sum));
    List<InjectedPattern> patterns = new ArrayList<>(base.patterns());
    patterns.addAll(botPatterns(base, planned, profile.config().alerts().botTraffic().window()));
    return new GeneratedTraffic(
        lines,
        new GenerationReport(
            baseRecords,
            malformed,
            duplicates,
            conflicts,
            outOfOrder,
            late,
            base.botClicks().size(),
            patterns));
  }

  /**
   * Decides each event's fate and copies, in event-time order; returns the deliveries in delivery
   * order.
   */
  private List<Delivery> schedule(BaseTraffic base, Planned[] planned) {
    List<Integer> byEventTime = new ArrayList<>(planned.length);
    for (int i = 0; i < planned.length; i++) {
      byEventTime.add(i);
    }
    byEventTime.sort(
        Comparator.comparingLong((Integer i) -> base.events().get(i).eventTime())
            .thenComparing(i -> i));
    List<Delivery> deliveries = new ArrayList<>();
    for (int index : byEventTime) {
      Planned p = new Planned(base.events().get(index));
      planned[index] = p;
      // the same draws for every record whatever its fate, so one rate does not reshuffle the
      // others
      double malformed = fates.uniform();
      double displaced = fates.uniform();
      double duplicated = fates.uniform();
      double conflicting = fates.uniform();
      p.timeAsEpochMillis = fates.chance(EPOCH_MILLIS_TIME_SHARE);
      long deliveryTime = p.eventTime;
      boolean pinned = base.pinned().get(index);
      if (pinned) {
        deliveryTime += base.forcedDelays().getOrDefault(index, 0L);
      } else if (malformed < profile.malformedRate()) {
        p.fate = Fate.MALFORMED;
      } else if (displaced < profile.outOfOrderRate()) {
        p.fate = Fate.OUT_OF_ORDER;
        deliveryTime += delays.between(Math.max(1, maxDisplacement / 10), maxDisplacement);
        outOfOrder++;
      } else if (displaced < profile.outOfOrderRate() + profile.lateRate()
          && lateEligible(p.event)) {
        p.fate = Fate.LATE;
      }
      deliveries.add(new Delivery(deliveryTime, deliveries.size(), p, Copy.ORIGINAL));
      boolean resendable = !pinned && p.fate != Fate.MALFORMED;
      if (resendable && duplicated < profile.duplicateRate()) {
        deliveries.add(
            new Delivery(
                deliveryTime + delays.between(SECOND, MAX_RESEND_GAP),
                deliveries.size(),
                p,
                Copy.DUPLICATE));
        duplicates++;
      }
      if (resendable && conflicting < profile.idConflictRate()) {
        deliveries.add(
            new Delivery(
                deliveryTime + delays.between(SECOND, MAX_RESEND_GAP),
                deliveries.size(),
                p,
                Copy.CONFLICT));
        conflicts++;
      }
    }
    deliveries.sort(Comparator.comparingLong(Delivery::time).thenComparingInt(Delivery::order));
    return deliveries;
  }

  private static boolean lateEligible(TrafficEvent event) {
    return event instanceof TrafficEvent.Impression
        || event instanceof TrafficEvent.Click
        || event instanceof TrafficEvent.Conversion;
  }

  /**
   * Walks the deliveries with the watermark (the newest event time among well-formed originals so
   * far) and stamps each late record 2 x allowedLateness + 1 s or more behind it. A late record
   * before any watermark exists is delivered on time instead.
   */
  private int stampLateEvents(List<Delivery> deliveries) {
    Optional<Long> watermark = Optional.empty();
    int late = 0;
    for (Delivery delivery : deliveries) {
      Planned p = delivery.planned();
      if (delivery.copy() != Copy.ORIGINAL || p.fate == Fate.MALFORMED) {
        continue;
      }
      if (p.fate == Fate.LATE && watermark.isPresent()) {
        long behind =
            2 * allowedLateness + SECOND + delays.between(0, Math.max(allowedLateness, MINUTE));
        p.eventTime = watermark.get() - behind;
        late++;
      } else {
        p.fate = p.fate == Fate.LATE ? Fate.NORMAL : p.fate;
        watermark = Optional.of(Math.max(watermark.orElse(Long.MIN_VALUE), p.eventTime));
      }
    }
    return late;
  }

  /** The lines in delivery order; a duplicate repeats its original's bytes. */
  private List<byte[]> encode(List<Delivery> deliveries, List<MalformedLine> malformed) {
    List<byte[]> lines = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      Planned p = delivery.planned();
      switch (delivery.copy()) {
        case ORIGINAL -> {
          WireRecord wire = p.wire();
          if (p.fate == Fate.MALFORMED) {
            List<Malformation> applicable =
                Arrays.stream(Malformation.values()).filter(m -> m.appliesTo(wire)).toList();
            Malformation.Malformed defect = defects.pick(applicable).apply(p.event, wire, defects);
            p.line = defect.line();
            malformed.add(new MalformedLine(lines.size() + 1, defect.reason()));
          } else {
            p.line = wire.encode();
          }
          lines.add(p.line);
        }
        case DUPLICATE -> lines.add(p.line);
        case CONFLICT -> {
          WireRecord wire = p.wire();
          String field = p.event.conflictField();
          wire.put(field, (Long) wire.get(field) + defects.between(1, 1_000));
          lines.add(wire.encode());
        }
      }
    }
    return lines;
  }

  /**
   * Per crawler device, its well-formed clicks and the alert windows they fall in (after late
   * stamping).
   */
  private static List<InjectedPattern> botPatterns(
      BaseTraffic base, Planned[] planned, Duration window) {
    Map<String, List<Planned>> byDevice = new TreeMap<>();
    for (int index : base.botClicks()) {
      Planned p = planned[index];
      if (p.fate != Fate.MALFORMED) {
        byDevice
            .computeIfAbsent(((TrafficEvent.Click) p.event).deviceId(), d -> new ArrayList<>())
            .add(p);
      }
    }
    List<InjectedPattern> patterns = new ArrayList<>();
    byDevice.forEach(
        (device, clicks) ->
            patterns.add(
                new InjectedPattern.BotClicks(
                    device,
                    ((TrafficEvent.Click) clicks.get(0).event).userAgent(),
                    clicks.stream().map(p -> ((TrafficEvent.Click) p.event).clickId()).toList(),
                    clicks.stream()
                        .map(p -> ExpectedAlert.windowOf(p.eventTime, window))
                        .distinct()
                        .sorted()
                        .toList())));
    return patterns;
  }
}
