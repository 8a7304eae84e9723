package io.adstream.lambda;

import io.adstream.alerts.CrawlerUserAgents;
import io.adstream.alerts.aws.DynamoSnsAlertSink;
import io.adstream.aws.AwsClientFactory;
import io.adstream.config.AdstreamConfig;
import io.adstream.landing.aws.FirehoseLandingSink;
import io.adstream.observability.MetricsSink;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.aws.SecretsManagerKeys;
import io.adstream.processing.BatchProcessor;
import io.adstream.processing.aws.DynamoStatefulStage;
import io.adstream.state.CapacityMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the processor from the configuration and the AWS clients, by hand: no container, fast cold
 * start.
 */
public final class Processors {
  /**
   * Concurrent DynamoDB requests per batch: claims of independent keys go out in parallel, so a
   * full batch of 500 claims is about 8 round trips deep rather than 31 with 16 (docs/latency.md).
   */
  static final int WRITE_CONCURRENCY = 64;

  private static final ExecutorService WRITERS =
      Executors.newFixedThreadPool(
          WRITE_CONCURRENCY,
          r -> {
            Thread thread = new Thread(r, "adstream-writer");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * The independent parts of a batch, each waiting on its own writes: virtual threads, not writers.
   */
  private static final Executor BRANCHES =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("adstream-branch-", 0).factory());

  private Processors() {}

  public static BatchProcessor create(
      AwsClientFactory aws,
      AdstreamConfig config,
      String alertTopicArn,
      MetricsSink metrics,
      CapacityMeter meter,
      Clock clock) {
    PiiKeyProvider keys =
        new SecretsManagerKeys(
            aws.secretsManager(), config.names().piiKeySecret(), Duration.ofMinutes(5), clock);
    return BatchProcessor.withCore(config, keys)
        .stage(
            DynamoStatefulStage.create(
                aws.dynamoDb(), config, CrawlerUserAgents.load(), meter, WRITERS, BRANCHES, clock))
        .landing(new FirehoseLandingSink(aws.firehose(), config))
        .metrics(metrics)
        .alerts(
            new DynamoSnsAlertSink(
                aws.dynamoDb(), aws.sns(), alertTopicArn, config, meter, BRANCHES))
        .meter(meter)
        .clock(clock)
        .branches(BRANCHES)
        .build();
  }
}
