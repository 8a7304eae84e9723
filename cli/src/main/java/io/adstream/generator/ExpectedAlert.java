package io.adstream.generator;

import java.time.Duration;
import java.time.Instant;

/**
 * An alert the pipeline should raise: its deterministic identity (rule, subject, window start). The
 * window start is an event-time minute for floods and click injections, an alerts.botTraffic.window
 * (an hour by default) for crawler clicks, an hour for orphan clicks, a UTC day for budgets and a
 * source's last event time for source silence. Subjects name raw ids ({@code device:<device_id>},
 * {@code ip:<ip>}, {@code click:<click_id>}) or campaigns and sources ({@code campaign:<id>},
 * {@code source:<name>}); the pipeline names device and IP subjects by their tokens.
 */
public record ExpectedAlert(String rule, String subject, Instant minute)
    implements Comparable<ExpectedAlert> {

  /**
   * More than alerts.clickFlood.maxClicksPerMinute accepted clicks of one device or IP in a minute.
   */
  public static final String CLICK_FLOOD = "click_flood";

  /**
   * An accepted click whose user agent matches the crawler list; one alert per device and
   * alerts.botTraffic.window.
   */
  public static final String BOT_CLICK = "bot_click";

  /** A conversion attributed to a click at most {@link #CLICK_INJECTION_MAX_DELAY} before it. */
  public static final String CLICK_INJECTION = "click_injection";

  /**
   * Real people take longer than this from click to conversion; the generator's genuine conversions
   * take at least 15 s and its injected ones at most 5 s.
   */
  public static final Duration CLICK_INJECTION_MAX_DELAY = Duration.ofSeconds(10);

  /**
   * More than alerts.orphanClicks.maxRate of a campaign's clicks in an hour without an impression.
   */
  public static final String ORPHAN_CLICKS = "orphan_clicks";

  /** A campaign's spend in a UTC day above its daily budget. */
  public static final String BUDGET_OVERRUN = "budget_overrun";

  /** A campaign's spend early in a UTC day far ahead of its budget's pro-rata share. */
  public static final String BUDGET_PACING = "budget_pacing";

  /** A campaign minute's CTR or spend more than alerts.anomaly.sigmas from its baseline. */
  public static final String ANOMALY = "anomaly";

  /** A source quiet for longer than its silence period. */
  public static final String SOURCE_SILENCE = "source_silence";

  public static String campaignSubject(String campaignId) {
    return "campaign:" + campaignId;
  }

  public static String sourceSubject(String source) {
    return "source:" + source;
  }

  public static String deviceSubject(String deviceId) {
    return "device:" + deviceId;
  }

  public static String ipSubject(String ip) {
    return "ip:" + ip;
  }

  public static String clickSubject(String clickId) {
    return "click:" + clickId;
  }

  /** The event-time minute an epoch-millisecond time falls in. */
  public static Instant minuteOf(long epochMillis) {
    return windowOf(epochMillis, Duration.ofMinutes(1));
  }

  /**
   * The start of the event-time window an epoch-millisecond time falls in, aligned on the epoch.
   */
  public static Instant windowOf(long epochMillis, Duration window) {
    long millis = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(epochMillis, millis) * millis);
  }

  @Override
  public int compareTo(ExpectedAlert other) {
    int byMinute = minute.compareTo(other.minute);
    if (byMinute != 0) {
      return byMinute;
    }
    int byRule = rule.compareTo(other.rule);
    return byRule != 0 ? byRule : subject.compareTo(other.subject);
  }
}
