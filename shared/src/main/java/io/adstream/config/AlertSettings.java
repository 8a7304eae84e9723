package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/** Thresholds, windows and severities of the alert rules. */
public record AlertSettings(ClickFlood clickFlood) {

  public static AlertSettings defaults() {
    return new AlertSettings(new ClickFlood(30, Severity.HIGH));
  }

  public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
  }

  /**
   * More than {@code maxClicksPerMinute} clicks from one device or IP token in one event-time minute
   * makes every click of that minute invalid and raises an alert.
   */
  public record ClickFlood(int maxClicksPerMinute, Severity severity) {
    public ClickFlood {
      require(
          maxClicksPerMinute >= 1, "alerts.clickFlood.maxClicksPerMinute must be at least 1, was " + maxClicksPerMinute);
    }
  }
}
