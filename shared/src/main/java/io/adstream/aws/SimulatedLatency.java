package io.adstream.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes each request to an emulator take about as long as it would in AWS, from a Lambda function
 * in the same region: every HTTP attempt lasts at least a time drawn from a log-normal distribution
 * per service and operation (the emulator's own time counts towards it). For a local run whose
 * latency says something about AWS; never for correctness tests, whose outcomes must not depend on
 * time. The figures and their sources are in docs/latency.md.
 *
 * <p>An SDK interceptor rather than a fake client: requests, retries and responses are the real
 * ones.
 */
public final class SimulatedLatency implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> SENT_AT =
      new ExecutionAttribute<>("adstream.simulatedLatency.sentAt");

  /**
   * How much longer than its drawn AWS round trips a call's attempts took, summed: the emulator's
   * own slowness, which a run's budget takes out to say how long the call would take in AWS.
   */
  public static final ExecutionAttribute<Long> EMULATOR_EXCESS_NANOS =
      new ExecutionAttribute<>("adstream.simulatedLatency.emulatorExcessNanos");

  /**
   * A log-normal round trip: half the calls are faster than {@code median}; {@code sigma} sets the
   * tail (the 99th percentile is {@code median × e^(2.33 σ)}).
   */
  public record RoundTrip(Duration median, double sigma) {
    public RoundTrip {
      Objects.requireNonNull(median, "median");
      if (median.isNegative() || sigma < 0) {
        throw new IllegalArgumentException("a round trip needs a non-negative median and sigma");
      }
    }

    long sampleNanos() {
      return (long)
          (median.toNanos() * Math.exp(sigma * ThreadLocalRandom.current().nextGaussian()));
    }

    public Duration p99() {
      return Duration.ofNanos((long) (median.toNanos() * Math.exp(2.326 * sigma)));
    }
  }

  /** By "Service" or "Service.Operation" (the SDK's names, e.g. "DynamoDb.BatchGetItem"). */
  private final Map<String, RoundTrip> roundTrips;

  private final RoundTrip otherwise;

  public SimulatedLatency(Map<String, RoundTrip> roundTrips, RoundTrip otherwise) {
    this.roundTrips = Map.copyOf(roundTrips);
    this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
  }

  /** In-region round trips from Lambda, from AWS's published figures (docs/latency.md). */
  public static SimulatedLatency published() {
    RoundTrip item = new RoundTrip(Duration.ofMillis(4), 0.45);
    RoundTrip batch = new RoundTrip(Duration.ofMillis(7), 0.5);
    return new SimulatedLatency(
        Map.ofEntries(
            Map.entry("DynamoDb", item),
            Map.entry("DynamoDb.BatchGetItem", batch),
            Map.entry("DynamoDb.BatchWriteItem", batch),
            Map.entry("DynamoDb.Query", batch),
            Map.entry("DynamoDb.Scan", new RoundTrip(Duration.ofMillis(10), 0.5)),
            Map.entry("DynamoDb.TransactWriteItems", new RoundTrip(Duration.ofMillis(12), 0.5)),
            Map.entry("Firehose", new RoundTrip(Duration.ofMillis(30), 0.5)),
            Map.entry("Sns", new RoundTrip(Duration.ofMillis(20), 0.5)),
            Map.entry("Kinesis", new RoundTrip(Duration.ofMillis(10), 0.4)),
            Map.entry("Kinesis.PutRecords", new RoundTrip(Duration.ofMillis(20), 0.5)),
            Map.entry("S3", new RoundTrip(Duration.ofMillis(30), 0.5)),
            Map.entry("SecretsManager", new RoundTrip(Duration.ofMillis(20), 0.4))),
        new RoundTrip(Duration.ofMillis(10), 0.5));
  }

  /** The round trip of one operation. */
  public RoundTrip roundTrip(String service, String operation) {
    RoundTrip exact = roundTrips.get(service + "." + operation);
    return exact != null ? exact : roundTrips.getOrDefault(service, otherwise);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(SENT_AT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    Long sentAt = attributes.getAttribute(SENT_AT);
    if (sentAt == null) {
      return;
    }
    RoundTrip roundTrip =
        roundTrip(
            attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    long left = roundTrip.sampleNanos() - (System.nanoTime() - sentAt);
    Long excess = attributes.getAttribute(EMULATOR_EXCESS_NANOS);
    attributes.putAttribute(
        EMULATOR_EXCESS_NANOS, (excess == null ? 0 : excess) + Math.max(0, -left));
    if (left > 0) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the SDK sees the interrupt and aborts the call
      }
    }
  }
}
