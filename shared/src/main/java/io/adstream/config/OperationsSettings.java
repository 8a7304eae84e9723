package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Running the deployed pipeline: how long logs are kept, when an alarm fires, and who is told.
 *
 * @param logRetentionDays CloudWatch Logs retention of the processor and Firehose log groups (one of the
 *     values CloudWatch accepts)
 * @param alarms thresholds of the alarms published to the ops topic
 * @param alertSubscriptions subscribers of the alert topic (fraud and operations teams)
 * @param opsSubscriptions subscribers of the ops topic (the pipeline's own alarms)
 */
public record OperationsSettings(
    int logRetentionDays,
    AlarmThresholds alarms,
    List<Subscription> alertSubscriptions,
    List<Subscription> opsSubscriptions) {

  /** The retention periods CloudWatch Logs accepts. */
  public static final Set<Integer> LOG_RETENTION_DAYS =
      Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  public OperationsSettings {
    require(
        LOG_RETENTION_DAYS.contains(logRetentionDays),
        "operations.logRetentionDays must be one of the values CloudWatch Logs accepts "
            + LOG_RETENTION_DAYS.stream().sorted().toList() + ", was " + logRetentionDays);
    alertSubscriptions = List.copyOf(alertSubscriptions);
    opsSubscriptions = List.copyOf(opsSubscriptions);
  }

  public static OperationsSettings defaults() {
    return new OperationsSettings(
        30, new AlarmThresholds(Duration.ofMinutes(1), 0, 0, 1.0, 0, Duration.ofMinutes(15), 0, 0, 0), List.of(), List.of());
  }

  /**
   * An alarm fires when its measure is above its threshold.
   *
   * @param iteratorAge age of the newest record the processor has read (it falls behind the stream)
   * @param processorErrors failed processor invocations per 5 minutes
   * @param processorThrottles throttled processor invocations per 5 minutes
   * @param quarantinePercent quarantined records as a share of received records over 5 minutes, in percent
   * @param parkedRecords records the event source mapping gave up on per 5 minutes (sent to the on-failure
   *     destination, or dropped when even that failed)
   * @param landingFreshness age of the oldest record Firehose has not yet delivered to S3
   * @param alertCheckErrors failed runs of the scheduled alert check per 5 minutes, or per run interval when
   *     alerts.scheduledCheck.rate is longer (while it fails, the scheduled fraud and budget alerts stop)
   * @param apiErrors failed read-API invocations per 5 minutes (a crash or a timeout of the function)
   * @param apiServerErrors 5xx responses of the read API per 5 minutes (also counts what never reached the
   *     function: throttled or failed integrations)
   */
  public record AlarmThresholds(
      Duration iteratorAge,
      int processorErrors,
      int processorThrottles,
      double quarantinePercent,
      int parkedRecords,
      Duration landingFreshness,
      int alertCheckErrors,
      int apiErrors,
      int apiServerErrors) {
    public AlarmThresholds {
      requireBetween(iteratorAge, Duration.ofSeconds(1), Duration.ofDays(7), "operations.alarms.iteratorAge");
      require(processorErrors >= 0, "operations.alarms.processorErrors must not be negative");
      require(processorThrottles >= 0, "operations.alarms.processorThrottles must not be negative");
      require(
          quarantinePercent >= 0 && quarantinePercent < 100,
          "operations.alarms.quarantinePercent must be 0 or more and below 100, was " + quarantinePercent);
      require(parkedRecords >= 0, "operations.alarms.parkedRecords must not be negative");
      requireBetween(
          landingFreshness, Duration.ofMinutes(2), Duration.ofDays(1), "operations.alarms.landingFreshness");
      require(alertCheckErrors >= 0, "operations.alarms.alertCheckErrors must not be negative");
      require(apiErrors >= 0, "operations.alarms.apiErrors must not be negative");
      require(apiServerErrors >= 0, "operations.alarms.apiServerErrors must not be negative");
    }
  }

  /** How a subscriber is reached. */
  public enum Protocol {
    /** An address that must confirm the subscription from the mail AWS sends. */
    EMAIL,
    /** The ARN of a queue whose policy (and key, if encrypted) lets the topic send to it. */
    SQS,
    /** An https:// URL that must confirm the subscription. */
    HTTPS
  }

  /**
   * A subscriber of a topic.
   *
   * @param filter SNS message-attribute filter (e.g. {@code {"severity": ["HIGH", "CRITICAL"]}}); empty
   *     receives every message
   */
  public record Subscription(Protocol protocol, String endpoint, Map<String, List<String>> filter) {
    public Subscription {
      require(protocol != null, "a subscription needs a protocol (EMAIL, SQS or HTTPS)");
      require(endpoint != null && !endpoint.isBlank(), "a subscription needs an endpoint");
      filter = filter == null ? Map.of() : Map.copyOf(filter);
      switch (protocol) {
        case EMAIL -> require(endpoint.contains("@"), "an EMAIL subscription needs an address, was " + endpoint);
        case SQS -> require(endpoint.matches("arn:aws[a-z-]*:sqs:.+"), "an SQS subscription needs a queue ARN, was " + endpoint);
        case HTTPS -> require(endpoint.startsWith("https://"), "an HTTPS subscription needs an https:// URL, was " + endpoint);
      }
    }
  }
}
