package io.adstream.config;

/**
 * Environment variables the CDK app gives the processor and the alert check beside its
 * configuration: what only exists once deployed (the alert topic's ARN carries the account).
 */
public final class ProcessorEnvironment {
  public static final String ALERT_TOPIC_ARN = "ADSTREAM_ALERT_TOPIC_ARN";

  private ProcessorEnvironment() {}

  /** The alert topic's ARN from a deployed function's environment. */
  public static String alertTopicArn(java.util.Map<String, String> environment) {
    String value = environment.get(ALERT_TOPIC_ARN);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          ALERT_TOPIC_ARN + " is not set: the CDK app sets it to the alert topic's ARN");
    }
    return value;
  }
}
