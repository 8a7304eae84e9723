package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.aws.AwsClientFactory;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ReconcileSettings;
import io.adstream.observability.MetricNames;
import io.adstream.reconcile.Reconciliation;
import io.adstream.reconcile.aws.DailyReconciliation;
import io.adstream.state.CapacityMeter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The scheduled reconciliation: on each EventBridge schedule event, the previous UTC day of the
 * batch job's table against the streaming aggregates. Publishes {@value
 * MetricNames#RECONCILIATION_DRIFT} (campaigns outside tolerance, once the day is past the grace
 * period) through EMF, and writes the reports to the lake. A missing batch table fails the
 * invocation (the errors alarm tells).
 */
public final class ReconcileHandler implements RequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileHandler.class);

  private final AwsClientFactory aws;
  private final AdstreamConfig config;
  private final String lakeBucket;
  private final Consumer<Reconciliation> metrics;

  /** In Lambda: configuration and the lake bucket from the environment the CDK app set. */
  public ReconcileHandler() {
    this(
        AwsClientFactory.fromEnvironment(),
        AdstreamConfig.fromEnvironment(System.getenv()),
        lakeBucket(),
        emf(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "adstream-reconcile")));
  }

  /**
   * @throws IllegalArgumentException when the configured batch table is Parquet, which this Lambda
   *     does not read
   */
  public ReconcileHandler(
      AwsClientFactory aws,
      AdstreamConfig config,
      String lakeBucket,
      Consumer<Reconciliation> metrics) {
    DailyReconciliation.requireReadable(config.reconcile().batchTable());
    this.aws = aws;
    this.config = config;
    this.lakeBucket = lakeBucket;
    this.metrics = metrics;
  }

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    Instant firedAt =
        event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
    LocalDate day = firedAt.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    Reconciliation result;
    try (var s3 = aws.s3();
        var dynamo = aws.dynamoDb()) {
      result =
          new DailyReconciliation(
                  s3,
                  new DynamoAggregateReader(dynamo, config, new CapacityMeter()),
                  config,
                  lakeBucket)
              .reconcile(day, Instant.now());
    }
    metrics.accept(result);
    String summary =
        String.format(
            java.util.Locale.ROOT,
            "reconciled %s: %d campaigns, %d outside tolerance%s; reports in s3://%s/%sdate=%s/",
            day,
            result.campaigns().size(),
            result.campaignsOutsideTolerance(),
            result.settled() ? "" : " (provisional)",
            lakeBucket,
            DailyReconciliation.REPORTS_PREFIX,
            day);
    if (result.failed()) {
      LOG.warn(summary);
    } else {
      LOG.info(summary);
    }
    return summary;
  }

  /** The drift as EMF: 0 until the day has settled, so a young day's late events raise no alarm. */
  static Consumer<Reconciliation> emf(String function) {
    return result -> {
      Metrics metrics = MetricsFactory.getMetricsInstance();
      metrics.setNamespace(MetricNames.NAMESPACE);
      metrics.setDefaultDimensions(DimensionSet.of(MetricNames.DIM_FUNCTION, function));
      metrics.addMetric(
          MetricNames.RECONCILIATION_DRIFT,
          result.settled() ? result.campaignsOutsideTolerance() : 0,
          MetricUnit.COUNT);
      metrics.addMetric(
          MetricNames.RECONCILED_CAMPAIGNS, result.campaigns().size(), MetricUnit.COUNT);
      metrics.flush();
    };
  }

  private static String lakeBucket() {
    String bucket = System.getenv(ReconcileSettings.LAKE_BUCKET_VARIABLE);
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalStateException(
          ReconcileSettings.LAKE_BUCKET_VARIABLE
              + " is not set: the CDK app sets it to the lake bucket");
    }
    return bucket;
  }
}
