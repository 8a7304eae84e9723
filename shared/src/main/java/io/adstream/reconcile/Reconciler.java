package io.adstream.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares per-campaign totals of the two sides over a range. A campaign with nothing but zeros on
 * one side counts as absent there (the batch table may carry all-zero rows, the aggregates never
 * keep them).
 *
 * <pre>{@code
 * Reconciliation result = Reconciler.builder().range(TimeRange.day(date)).tolerances(rules)
 *     .grace(Duration.ofHours(2)).build().reconcile(batch, streaming);
 * }</pre>
 */
public final class Reconciler {
  private final Builder settings;

  private Reconciler(Builder settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sums the table's rows of a range per campaign; a row reaching outside the range is an error.
   */
  public static Map<String, CampaignTotals> totals(List<TableRow> rows, TimeRange range) {
    Map<String, CampaignTotals> totals = new TreeMap<>();
    for (TableRow row : rows) {
      if (!range.overlaps(row.start(), row.end())) {
        continue;
      }
      if (!range.covers(row.start(), row.end())) {
        throw new IllegalArgumentException(
            "the batch table's row for "
                + row.campaignId()
                + " covers "
                + row.start()
                + " .. "
                + row.end()
                + ", more than the range "
                + range
                + ": reconcile whole days against a daily table");
      }
      totals.merge(row.campaignId(), row.totals(), CampaignTotals::plus);
    }
    return totals;
  }

  public Reconciliation reconcile(
      Map<String, CampaignTotals> batch, Map<String, CampaignTotals> streaming) {
    TreeSet<String> campaigns = new TreeSet<>();
    batch.forEach(
        (id, totals) -> {
          if (!totals.isZero()) {
            campaigns.add(id);
          }
        });
    streaming.forEach(
        (id, totals) -> {
          if (!totals.isZero()) {
            campaigns.add(id);
          }
        });
    List<Reconciliation.CampaignDrift> drifts = new ArrayList<>();
    for (String campaign : campaigns) {
      CampaignTotals b = batch.getOrDefault(campaign, CampaignTotals.ZERO);
      CampaignTotals s = streaming.getOrDefault(campaign, CampaignTotals.ZERO);
      Map<Metric, Reconciliation.MetricDrift> metrics = new EnumMap<>(Metric.class);
      boolean differs = false;
      boolean outside = false;
      for (Metric metric : Metric.values()) {
        long bv = b.get(metric);
        long sv = s.get(metric);
        long difference = Math.subtractExact(sv, bv);
        boolean within = settings.tolerances.of(metric).allows(bv, sv);
        metrics.put(
            metric,
            new Reconciliation.MetricDrift(
                metric,
                bv,
                sv,
                difference,
                bv == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) difference / bv),
                within));
        differs |= difference != 0;
        outside |= !within;
      }
      Reconciliation.Status status =
          b.isZero()
              ? Reconciliation.Status.MISSING_IN_BATCH
              : s.isZero()
                  ? Reconciliation.Status.MISSING_IN_STREAMING
                  : outside
                      ? Reconciliation.Status.DRIFT
                      : differs
                          ? Reconciliation.Status.WITHIN_TOLERANCE
                          : Reconciliation.Status.MATCH;
      drifts.add(new Reconciliation.CampaignDrift(campaign, status, metrics));
    }
    boolean settled = !settings.now.isBefore(settings.range.to().plus(settings.grace));
    return new Reconciliation(
        settings.range,
        settings.now,
        settings.grace,
        settled,
        settings.batchSource,
        settings.streamingSource,
        settings.tolerances,
        drifts);
  }

  /** range is required; tolerances default to exact, grace to zero, now to the system clock. */
  public static final class Builder {
    private TimeRange range;
    private ToleranceRules tolerances = ToleranceRules.EXACT;
    private Duration grace = Duration.ZERO;
    private Instant now = Instant.now();
    private String batchSource = "batch table";
    private String streamingSource = "streaming aggregates";

    private Builder() {}

    public Builder range(TimeRange range) {
      this.range = range;
      return this;
    }

    public Builder tolerances(ToleranceRules tolerances) {
      this.tolerances = tolerances;
      return this;
    }

    /** How long after the range's end late events may still arrive. */
    public Builder grace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("the grace period is not negative: " + grace);
      }
      this.grace = grace;
      return this;
    }

    public Builder now(Instant now) {
      this.now = now;
      return this;
    }

    public Builder sources(String batchSource, String streamingSource) {
      this.batchSource = batchSource;
      this.streamingSource = streamingSource;
      return this;
    }

    public Reconciler build() {
      java.util.Objects.requireNonNull(range, "range");
      return new Reconciler(this);
    }
  }
}
