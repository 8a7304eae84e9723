package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.alerts.Alert;
import io.adstream.alerts.AlertCheck;
import io.adstream.alerts.aws.DynamoSnsAlertSink;
import io.adstream.alerts.aws.DynamoSourceActivityReader;
import io.adstream.aws.AwsClientFactory;
import io.adstream.campaigns.aws.DynamoCampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import io.adstream.state.CapacityMeter;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled alert check Lambda (an EventBridge schedule at alerts.scheduledCheck.rate): orphan
 * clicks, budgets, anomalies and source silence. It only wires the DynamoDB, Kinesis and SNS
 * adapters to {@link AlertCheck}; alert ids make overlapping or repeated runs publish each alert
 * once.
 */
public final class AlertCheckHandler
    implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
  private static final Logger LOG = LoggerFactory.getLogger(AlertCheckHandler.class);

  private final AlertCheck check;

  /** In Lambda: configuration and endpoints from the environment the CDK app set. */
  public AlertCheckHandler() {
    this(
        AwsClientFactory.fromEnvironment(),
        AdstreamConfig.fromEnvironment(System.getenv()),
        ProcessorEnvironment.alertTopicArn(System.getenv()),
        Clock.systemUTC());
  }

  /** Locally and in tests: the emulator's clients and the provisioned alert topic. */
  public AlertCheckHandler(
      AwsClientFactory aws, AdstreamConfig config, String alertTopicArn, Clock clock) {
    CapacityMeter meter = new CapacityMeter();
    this.check =
        AlertCheck.builder()
            .config(config)
            .aggregates(new DynamoAggregateReader(aws.dynamoDb(), config, meter))
            .budgets(new DynamoCampaignStore(aws.dynamoDb(), config, meter))
            .sources(new DynamoSourceActivityReader(aws.dynamoDb(), aws.kinesis(), config, meter))
            .sink(new DynamoSnsAlertSink(aws.dynamoDb(), aws.sns(), alertTopicArn, config, meter))
            .clock(clock)
            .build();
  }

  /**
   * @return how many alerts this run published, by rule
   */
  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    AlertCheck.Result result = check.run();
    Map<String, Integer> published = new TreeMap<>();
    for (Alert alert : result.published()) {
      published.merge(alert.rule(), 1, Integer::sum);
    }
    LOG.info(
        "alert check found {} alerts, published {} new: {}",
        result.raised().size(),
        result.published().size(),
        published);
    return published;
  }
}
