package io.adstream.aws;

/**
 * The AWS services adstream talks to, each with the name the SDK's standard endpoint settings use
 * for it: {@code AWS_ENDPOINT_URL_<SERVICE>}, the service id in upper case with spaces as
 * underscores.
 */
public enum AwsService {
  KINESIS("KINESIS"),
  DYNAMODB("DYNAMODB"),
  FIREHOSE("FIREHOSE"),
  S3("S3"),
  SNS("SNS"),
  SQS("SQS"),
  SECRETS_MANAGER("SECRETS_MANAGER");

  /** The endpoint for every service, unless a service-specific variable overrides it. */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

  private final String endpointSuffix;

  AwsService(String endpointSuffix) {
    this.endpointSuffix = endpointSuffix;
  }

  /** The service-specific endpoint variable, e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}. */
  public String endpointVariable() {
    return ENDPOINT_VARIABLE + "_" + endpointSuffix;
  }
}
