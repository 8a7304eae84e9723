package io.adstream.reconcile;

import java.util.Locale;

/**
 * The measures the batch job's daily per-campaign table carries, and so the ones a reconciliation
 * compares. Money is in micros. {@code spend} is the billable cost (impressions plus valid clicks),
 * {@code revenue} the value of attributed conversions (docs/semantics.md).
 */
public enum Metric {
  IMPRESSIONS,
  CLICKS,
  CONVERSIONS,
  SPEND,
  REVENUE;

  /** The name in tables, reports and options: lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean money() {
    return this == SPEND || this == REVENUE;
  }

  public static Metric ofKey(String key) {
    for (Metric metric : values()) {
      if (metric.key().equals(key)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + key
            + "'; metrics are impressions, clicks, conversions, spend, revenue");
  }
}
