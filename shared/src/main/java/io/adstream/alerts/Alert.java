package io.adstream.alerts;

import io.adstream.config.AlertSettings.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A fraud or anomaly alert (guarantee 6 (docs/guarantees.md)). Its id is a function of (rule,
 * subject, window), so raising the same alert twice claims the same id and publishes once.
 *
 * @param subject what the alert is about, as a token or id, never raw PII: e.g. {@code
 *     device:k1.x…}, {@code campaign:cmp-7}, {@code source:ad-server-eu1}
 * @param evidence the numbers behind the alert: counts, baseline, threshold
 */
public record Alert(
    String rule,
    Severity severity,
    String subject,
    Optional<String> campaignId,
    Instant windowStart,
    Instant windowEnd,
    Instant raisedAt,
    SortedMap<String, Number> evidence) {

  public Alert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(raisedAt, "raisedAt");
    evidence = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(evidence));
  }

  public static Alert of(
      String rule,
      Severity severity,
      String subject,
      Optional<String> campaignId,
      Instant windowStart,
      Instant windowEnd,
      Instant raisedAt,
      Map<String, ? extends Number> evidence) {
    return new Alert(
        rule,
        severity,
        subject,
        campaignId,
        windowStart,
        windowEnd,
        raisedAt,
        new TreeMap<>(evidence));
  }

  /** Deterministic: {@code <rule>|<subject>|<window start epoch ms>}. */
  public String id() {
    return rule + "|" + subject + "|" + windowStart.toEpochMilli();
  }
}
