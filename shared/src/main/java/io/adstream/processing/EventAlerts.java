package io.adstream.processing;

import io.adstream.alerts.Alert;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.config.AlertSettings;
import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts an accepted record raises as it is processed: a crawler click (bot_click, per device
 * and alerts.botTraffic.window), a conversion credited to a click seconds before it
 * (click_injection, per click), and a flood crossing its threshold (click_flood, per device or IP
 * and minute). All from the event and its stored decision, so a redelivery raises the same alerts.
 */
final class EventAlerts {
  static final String BOT_CLICK = "bot_click";
  static final String CLICK_INJECTION = "click_injection";
  static final String CLICK_FLOOD = "click_flood";

  private EventAlerts() {}

  static List<Alert> of(AdEvent event, Decision decision, AlertSettings settings, Instant now) {
    List<Alert> alerts = new ArrayList<>();
    switch (event) {
      case Click click -> {
        Decision.ClickDecision clicked = (Decision.ClickDecision) decision;
        if (clicked.crawler()) {
          Duration window = settings.botTraffic().window();
          Instant start = windowOf(click.eventTime(), window);
          // the evidence is the click that raised it: the window's later clicks claim the same id
          // and publish nothing, so no count of them is known here
          alerts.add(
              Alert.of(
                  BOT_CLICK,
                  settings.botTraffic().severity(),
                  "device:" + click.deviceId(),
                  Optional.of(click.campaignId()),
                  start,
                  start.plus(window),
                  now,
                  Map.of("crawler_clicks", 1)));
        }
        for (CreditMove move : clicked.credits()) {
          injection(
                  click.clickId(),
                  click.campaignId(),
                  click.eventTime(),
                  move.conversionTime(),
                  settings,
                  now)
              .ifPresent(alerts::add);
        }
      }
      case Conversion conversion -> {
        switch (((Decision.ConversionDecision) decision).join()) {
          case ConversionJoin.ByClickId by ->
              injection(
                      by.clickId(),
                      by.campaign(),
                      by.clickTime(),
                      conversion.eventTime(),
                      settings,
                      now)
                  .ifPresent(alerts::add);
          case ConversionJoin.ByLastClick by ->
              injection(
                      by.clickId(),
                      by.campaign(),
                      by.clickTime(),
                      conversion.eventTime(),
                      settings,
                      now)
                  .ifPresent(alerts::add);
          default -> {}
        }
      }
      default -> {}
    }
    return alerts;
  }

  static Alert flood(FloodKey key, FloodGroup group, AlertSettings settings, Instant now) {
    return Alert.of(
        CLICK_FLOOD,
        settings.clickFlood().severity(),
        key.subject(),
        Optional.empty(),
        key.minute(),
        key.minute().plusSeconds(60),
        now,
        Map.of("clicks", group.clicks(), "threshold", settings.clickFlood().maxClicksPerMinute()));
  }

  private static Optional<Alert> injection(
      String clickId,
      String campaignId,
      Instant clickTime,
      Instant conversionTime,
      AlertSettings settings,
      Instant now) {
    Duration delay = Duration.between(clickTime, conversionTime);
    Duration threshold = settings.clickInjection().maxDelay();
    if (delay.isNegative() || delay.compareTo(threshold) > 0) {
      return Optional.empty();
    }
    Instant minute = minuteOf(conversionTime);
    return Optional.of(
        Alert.of(
            CLICK_INJECTION,
            settings.clickInjection().severity(),
            "click:" + clickId,
            Optional.of(campaignId),
            minute,
            minute.plusSeconds(60),
            now,
            Map.of("delay_ms", delay.toMillis(), "threshold_ms", threshold.toMillis())));
  }

  private static Instant minuteOf(Instant time) {
    return windowOf(time, Duration.ofMinutes(1));
  }

  /**
   * The start of the window {@code time} falls in, windows aligned on the epoch; a window is whole
   * milliseconds (a minute, or a divisor of a day of at least a minute).
   */
  private static Instant windowOf(Instant time, Duration window) {
    long millis = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis);
  }
}
