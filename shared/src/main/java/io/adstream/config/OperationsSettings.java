package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Running the deployed pipeline: how long logs are kept, when an alarm fires, who is told, and the
 * limits that keep one part from starving another.
 *
 * @param logRetentionDays CloudWatch Logs retention of the operational log groups: the functions'
 *     and the delivery streams' (one of the values CloudWatch accepts)
 * @param auditLogRetentionDays retention of the audit log groups, the record of every data request:
 *     the read API's access log (PCI DSS 10.7 asks for a year; at least {@code logRetentionDays})
 * @param alarms thresholds of the alarms published to the ops topic
 * @param alertSubscriptions subscribers of the alert topic (fraud and operations teams)
 * @param opsSubscriptions subscribers of the ops topic (the pipeline's own alarms); when empty
 *     nobody is told, and synth warns
 * @param apiReservedConcurrency concurrency reserved for the read API: its ceiling, so that a burst
 *     of API calls cannot take the account's concurrency from the processor. Reserving needs the
 *     account's unreserved concurrency to stay at 100 or more (new accounts may have a quota of 10:
 *     ask for an increase)
 * @param tracing AWS X-Ray active tracing on every function
 * @param dashboardDomain a custom domain for the dashboard, with its certificate: the distribution
 *     then enforces TLS 1.2 (without one, CloudFront's default certificate fixes the minimum
 *     protocol itself)
 */
public record OperationsSettings(
    int logRetentionDays,
    int auditLogRetentionDays,
    AlarmThresholds alarms,
    List<Subscription> alertSubscriptions,
    List<Subscription> opsSubscriptions,
    int apiReservedConcurrency,
    boolean tracing,
    Optional<CustomDomain> dashboardDomain) {

  /** The retention periods CloudWatch Logs accepts. */
  public static final Set<Integer> LOG_RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  public OperationsSettings {
    requireRetention(logRetentionDays, "operations.logRetentionDays");
    requireRetention(auditLogRetentionDays, "operations.auditLogRetentionDays");
    require(alarms != null, "operations.alarms must be set");
    alertSubscriptions = List.copyOf(alertSubscriptions);
    opsSubscriptions = List.copyOf(opsSubscriptions);
    require(
        apiReservedConcurrency >= 1 && apiReservedConcurrency <= 1000,
        "operations.apiReservedConcurrency must be 1-1000, was " + apiReservedConcurrency);
    dashboardDomain = dashboardDomain == null ? Optional.empty() : dashboardDomain;
  }

  public static OperationsSettings defaults() {
    return new OperationsSettings(
        30, 365, AlarmThresholds.defaults(), List.of(), List.of(), 20, false, Optional.empty());
  }

  private static void requireRetention(int days, String name) {
    require(
        LOG_RETENTION_DAYS.contains(days),
        name
            + " must be one of the values CloudWatch Logs accepts "
            + LOG_RETENTION_DAYS.stream().sorted().toList()
            + ", was "
            + days);
  }

  /**
   * An alarm fires when its measure is above its threshold (delivery success: below).
   *
   * @param iteratorAge age of the newest record the processor has read (it falls behind the stream)
   * @param streamIteratorAge age of the oldest record the stream's readers have not read yet: past
   *     the stream's retention, records are lost
   * @param processorErrors failed processor invocations per 5 minutes
   * @param processorThrottles throttled processor invocations per 5 minutes
   * @param quarantinePercent quarantined records as a share of received records over 5 minutes, in
   *     percent
   * @param quarantineMinimumRecords the quarantine rate is judged only over 5 minutes with at least
   *     this many received records: at night a handful of bad records is no incident
   * @param parkedRecords records the event source mapping gave up on per 5 minutes (sent to the
   *     on-failure destination, or dropped when even that failed)
   * @param producerThrottledRecords records producers had throttled by the stream per 5 minutes
   *     (WriteProvisionedThroughputExceeded), judged over 15 minutes: producers retry a short burst
   * @param producerFailedRecords records PutRecords failed for an internal error per 5 minutes
   * @param tableThrottles throttled reads and writes per state table per 5 minutes
   * @param tableSystemErrors requests a state table failed with a 5xx per 5 minutes
   * @param landingThrottledRecords records a delivery stream throttled per 5 minutes
   * @param landingFreshness age of the oldest record Firehose has not yet delivered to S3
   * @param alertCheckErrors failed runs of the scheduled alert check per 5 minutes, or per run
   *     interval when alerts.scheduledCheck.rate is longer (while it fails, the scheduled fraud and
   *     budget alerts stop)
   * @param apiErrors failed read-API invocations per 5 minutes (a crash or a timeout of the
   *     function)
   * @param apiServerErrors 5xx responses of the read API per 5 minutes (also counts what never
   *     reached the function: throttled or failed integrations)
   */
  public record AlarmThresholds(
      Duration iteratorAge,
      Duration streamIteratorAge,
      int processorErrors,
      int processorThrottles,
      double quarantinePercent,
      int quarantineMinimumRecords,
      int parkedRecords,
      int producerThrottledRecords,
      int producerFailedRecords,
      int tableThrottles,
      int tableSystemErrors,
      int landingThrottledRecords,
      Duration landingFreshness,
      int alertCheckErrors,
      int apiErrors,
      int apiServerErrors) {
    public AlarmThresholds {
      requireBetween(
          iteratorAge, Duration.ofSeconds(1), Duration.ofDays(7), "operations.alarms.iteratorAge");
      requireBetween(
          streamIteratorAge,
          Duration.ofMinutes(1),
          Duration.ofDays(365),
          "operations.alarms.streamIteratorAge");
      requireCount(processorErrors, "processorErrors");
      requireCount(processorThrottles, "processorThrottles");
      require(
          quarantinePercent >= 0 && quarantinePercent < 100,
          "operations.alarms.quarantinePercent must be 0 or more and below 100, was "
              + quarantinePercent);
      require(
          quarantineMinimumRecords >= 1,
          "operations.alarms.quarantineMinimumRecords must be at least 1, was "
              + quarantineMinimumRecords);
      requireCount(parkedRecords, "parkedRecords");
      requireCount(producerThrottledRecords, "producerThrottledRecords");
      requireCount(producerFailedRecords, "producerFailedRecords");
      requireCount(tableThrottles, "tableThrottles");
      requireCount(tableSystemErrors, "tableSystemErrors");
      requireCount(landingThrottledRecords, "landingThrottledRecords");
      requireBetween(
          landingFreshness,
          Duration.ofMinutes(2),
          Duration.ofDays(1),
          "operations.alarms.landingFreshness");
      requireCount(alertCheckErrors, "alertCheckErrors");
      requireCount(apiErrors, "apiErrors");
      requireCount(apiServerErrors, "apiServerErrors");
    }

    public static AlarmThresholds defaults() {
      return new AlarmThresholds(
          Duration.ofMinutes(1),
          Duration.ofMinutes(30),
          0,
          0,
          1.0,
          100,
          0,
          0,
          0,
          0,
          0,
          0,
          Duration.ofMinutes(15),
          0,
          0,
          0);
    }

    private static void requireCount(int value, String name) {
      require(value >= 0, "operations.alarms." + name + " must not be negative, was " + value);
    }
  }

  /**
   * The dashboard's own domain name.
   *
   * @param domainName the name the distribution answers to (its DNS record is the operator's to
   *     create)
   * @param certificateArn an ACM certificate for {@code domainName} in us-east-1, as CloudFront
   *     requires
   */
  public record CustomDomain(String domainName, String certificateArn) {
    public CustomDomain {
      require(
          domainName != null
              && domainName.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}"),
          "operations.dashboardDomain.domainName must be a lowercase DNS name, was " + domainName);
      require(
          certificateArn != null
              && certificateArn.matches("arn:aws[a-z-]*:acm:us-east-1:\\d{12}:certificate/.+"),
          "operations.dashboardDomain.certificateArn must be an ACM certificate ARN in us-east-1 (CloudFront reads"
              + " certificates only there), was "
              + certificateArn);
    }
  }

  /** How a subscriber is reached. */
  public enum Protocol {
    /** An address that must confirm the subscription from the mail AWS sends. */
    EMAIL,
    /** The ARN of a queue whose policy (and key, if encrypted) lets the topic send to it. */
    SQS,
    /**
     * An https:// URL that must confirm the subscription: a paging service's or a chat tool's SNS
     * webhook (PagerDuty, Opsgenie, a relay to a chat channel).
     */
    HTTPS
  }

  /**
   * A subscriber of a topic.
   *
   * @param filter SNS message-attribute filter (e.g. {@code {"severity": ["HIGH", "CRITICAL"]}});
   *     empty receives every message
   */
  public record Subscription(Protocol protocol, String endpoint, Map<String, List<String>> filter) {
    public Subscription {
      require(protocol != null, "a subscription needs a protocol (EMAIL, SQS or HTTPS)");
      require(endpoint != null && !endpoint.isBlank(), "a subscription needs an endpoint");
      filter = filter == null ? Map.of() : Map.copyOf(filter);
      switch (protocol) {
        case EMAIL ->
            require(
                endpoint.contains("@"), "an EMAIL subscription needs an address, was " + endpoint);
        case SQS ->
            require(
                endpoint.matches("arn:aws[a-z-]*:sqs:.+"),
                "an SQS subscription needs a queue ARN, was " + endpoint);
        case HTTPS ->
            require(
                endpoint.startsWith("https://"),
                "an HTTPS subscription needs an https:// URL, was " + endpoint);
      }
    }
  }
}
