package io.adstream.config;

/**
 * Environment variables the CDK app gives the processor beside its configuration: what only exists once
 * deployed (the alert topic's ARN carries the account).
 */
public final class ProcessorEnvironment {
  public static final String ALERT_TOPIC_ARN = "ADSTREAM_ALERT_TOPIC_ARN";

  private ProcessorEnvironment() {}
}
