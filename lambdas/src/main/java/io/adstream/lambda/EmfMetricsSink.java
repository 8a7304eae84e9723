package io.adstream.lambda;

import io.adstream.observability.BatchMetrics;
import io.adstream.observability.MetricNames;
import io.adstream.observability.MetricsSink;
import io.adstream.validation.Reason;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Batch metrics as EMF log lines through Powertools (CloudWatch extracts them; no PutMetricData).
 * The CDK dashboard and alarms read {Function}, and {Function, Reason} and {Function, Rule} by
 * SEARCH; {Function, ShardId} is guarantee 1's conservation per shard, which none of them reads.
 * Every line is billed as log ingestion (EmfLogBytesTest measures them): one for the batch, one per
 * quarantine reason and alert rule, one for the shard.
 */
final class EmfMetricsSink implements MetricsSink {
  /**
   * EMF keeps at most 100 values per metric and line; the library writes the rest in another line,
   * which repeats the metadata.
   */
  private static final int MAX_AGE_SAMPLES = 100;

  private final Metrics metrics = MetricsFactory.getMetricsInstance();
  private final String function;
  private final double writeUnitPriceUsd;

  /**
   * @param writeUnitPriceUsd what a DynamoDB write unit costs (capacity.writeUnitPriceUsd)
   */
  EmfMetricsSink(String function, double writeUnitPriceUsd) {
    this.function = function;
    this.writeUnitPriceUsd = writeUnitPriceUsd;
    metrics.setNamespace(MetricNames.NAMESPACE);
    metrics.setDefaultDimensions(DimensionSet.of(MetricNames.DIM_FUNCTION, function));
  }

  @Override
  public void publish(BatchMetrics batch) {
    // Powertools keeps the batch's metrics per invocation until flush() removes them: the lines
    // flushed on their own go first, or each would leave a new such object behind
    // by the reason's kind ("unknown_field", not "unknown_field:utm_source"): a field name is the
    // producer's to choose, and each dimension value is a custom metric billed every month
    Map<String, Integer> quarantinedByKind = new TreeMap<>();
    batch
        .quarantinedByReason()
        .forEach((code, n) -> quarantinedByKind.merge(Reason.kindOf(code), n, Integer::sum));
    quarantinedByKind.forEach(
        (reason, n) ->
            metrics.flushSingleMetric(
                MetricNames.RECORDS_QUARANTINED,
                n,
                MetricUnit.COUNT,
                MetricNames.NAMESPACE,
                DimensionSet.of(
                    MetricNames.DIM_FUNCTION, function, MetricNames.DIM_REASON, reason)));
    batch
        .alertsPublishedByRule()
        .forEach(
            (rule, n) ->
                metrics.flushSingleMetric(
                    MetricNames.ALERTS_PUBLISHED,
                    n,
                    MetricUnit.COUNT,
                    MetricNames.NAMESPACE,
                    DimensionSet.of(
                        MetricNames.DIM_FUNCTION, function, MetricNames.DIM_RULE, rule)));
    // conservation per shard (guarantee 1 (docs/guarantees.md)): received = accepted + duplicate +
    // quarantined (+ parked, by the mapping)
    metrics.flushMetrics(
        shard -> {
          shard.setNamespace(MetricNames.NAMESPACE);
          shard.setDefaultDimensions(
              DimensionSet.of(
                  MetricNames.DIM_FUNCTION, function, MetricNames.DIM_SHARD, batch.shardId()));
          shard.addMetric(MetricNames.RECORDS_RECEIVED, batch.received(), MetricUnit.COUNT);
          shard.addMetric(MetricNames.RECORDS_ACCEPTED, batch.accepted(), MetricUnit.COUNT);
          shard.addMetric(MetricNames.RECORDS_DUPLICATE, batch.duplicates(), MetricUnit.COUNT);
          shard.addMetric(MetricNames.RECORDS_QUARANTINED, batch.quarantined(), MetricUnit.COUNT);
        });

    count(MetricNames.RECORDS_RECEIVED, batch.received());
    count(MetricNames.RECORDS_ACCEPTED, batch.accepted());
    count(MetricNames.RECORDS_DUPLICATE, batch.duplicates());
    count(MetricNames.RECORDS_QUARANTINED, batch.quarantined());
    count(MetricNames.LATE_EVENTS, batch.late());
    count(MetricNames.JOINS_ATTRIBUTED, batch.joinsAttributed());
    count(MetricNames.JOINS_ORPHAN, batch.joinsOrphan());
    count(MetricNames.CONVERSIONS_UNATTRIBUTED, batch.conversionsUnattributed());
    count(MetricNames.INVALID_CLICKS, batch.invalidClicks());
    count(MetricNames.LANDED_RECORDS, batch.landedLines());
    metrics.addMetric(MetricNames.WRITE_UNITS, batch.writeUnits(), MetricUnit.COUNT);
    if (batch.received() > 0) {
      metrics.addMetric(
          MetricNames.WRITE_COST_PER_MILLION,
          batch.writeCostPerMillionRecords(writeUnitPriceUsd),
          MetricUnit.NONE);
    }
    metrics.addMetric(
        MetricNames.PROCESSING_TIME_MS, batch.processingMillis(), MetricUnit.MILLISECONDS);
    // at most MAX_AGE_SAMPLES, evenly spread over the batch: more would spill into a second line
    List<Long> ages = batch.eventAgesMillis();
    int samples = Math.min(ages.size(), MAX_AGE_SAMPLES);
    for (int i = 0; i < samples; i++) {
      metrics.addMetric(
          MetricNames.EVENT_AGE_MS,
          ages.get((int) ((long) i * ages.size() / samples)),
          MetricUnit.MILLISECONDS);
    }
    metrics.flush();
  }

  private void count(String name, int value) {
    metrics.addMetric(name, value, MetricUnit.COUNT);
  }
}
