package io.adstream.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of comparing the streaming output with the batch job's output over a range, per
 * campaign and metric.
 *
 * @param streamingSource where the streaming side was read (e.g. the aggregates table)
 * @param batchSource where the batch side was read
 * @param settled whether the range ended at least the lateness grace period ago: before that, late
 *     events may still change the streaming side, and drift is reported but is not a failure
 */
public record Reconciliation(
    TimeRange range,
    Instant reconciledAt,
    Duration grace,
    boolean settled,
    String batchSource,
    String streamingSource,
    ToleranceRules tolerances,
    List<CampaignDrift> campaigns) {

  public Reconciliation {
    campaigns = List.copyOf(campaigns);
  }

  /** How a campaign compares. */
  public enum Status {
    /** Every metric equal. */
    MATCH,
    /** Some metric differs, all within tolerance. */
    WITHIN_TOLERANCE,
    /** Some metric differs beyond its tolerance. */
    DRIFT,
    /** The batch side has the campaign, the streaming side does not. */
    MISSING_IN_STREAMING,
    /** The streaming side has the campaign, the batch side does not. */
    MISSING_IN_BATCH;

    public boolean outsideTolerance() {
      return this == DRIFT || this == MISSING_IN_STREAMING || this == MISSING_IN_BATCH;
    }
  }

  /**
   * One metric of one campaign. {@code relative} is difference / batch, empty when batch is zero.
   */
  public record MetricDrift(
      Metric metric,
      long batch,
      long streaming,
      long difference,
      java.util.OptionalDouble relative,
      boolean withinTolerance) {}

  /** One campaign: its status and every metric. */
  public record CampaignDrift(String campaignId, Status status, Map<Metric, MetricDrift> metrics) {
    public CampaignDrift {
      metrics = Map.copyOf(metrics);
    }

    /**
     * The largest |relative difference| among its metrics; 1.0 (100%) where the batch side is zero
     * and the stream is not.
     */
    public double maxRelativeDrift() {
      double max = 0;
      for (MetricDrift m : metrics.values()) {
        double r =
            m.difference() == 0
                ? 0
                : m.relative().isPresent() ? Math.abs(m.relative().getAsDouble()) : 1.0;
        max = Math.max(max, r);
      }
      return max;
    }
  }

  public long count(Status status) {
    return campaigns.stream().filter(c -> c.status() == status).count();
  }

  /** Campaigns outside tolerance (drifting or missing on a side). */
  public long campaignsOutsideTolerance() {
    return campaigns.stream().filter(c -> c.status().outsideTolerance()).count();
  }

  /**
   * Whether this reconciliation fails the shadow run: outside tolerance once the range has settled.
   */
  public boolean failed() {
    return settled && campaignsOutsideTolerance() > 0;
  }

  /** Per metric, the sum of differences (streaming - batch) over every campaign. */
  public Map<Metric, Long> totalDifference() {
    Map<Metric, Long> total = new java.util.EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      total.put(
          metric, campaigns.stream().mapToLong(c -> c.metrics().get(metric).difference()).sum());
    }
    return total;
  }
}
