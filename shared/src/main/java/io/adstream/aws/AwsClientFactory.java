package io.adstream.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK v2 clients of adstream, for real AWS or an emulator, the same way in the
 * Lambda handlers, the local runner and the tests.
 *
 * <p>Every client uses the url-connection HTTP client: it loads the fewest classes, which is what a
 * Lambda cold start pays for (AWS SDK for Java 2.x developer guide, "Optimize cold start
 * performance for Lambda"). Each call builds a new client that owns its HTTP client; callers keep
 * and close the clients they build. That client keeps idle connections in the JDK's keep-alive
 * cache, which holds 5 per host unless the JVM-wide {@code http.maxConnections} says otherwise:
 * with more requests in flight (the processor's writers) every wave would open, and in AWS
 * TLS-handshake, new connections. The factory raises it to {@value #KEEP_ALIVE_CONNECTIONS} unless
 * the user set it, before the first connection reads it.
 *
 * <p>Against an emulator (any endpoint override in the {@link AwsTarget}):
 *
 * <ul>
 *   <li>credentials are static dummy ones unless the environment sets {@code AWS_ACCESS_KEY_ID};
 *   <li>Kinesis speaks JSON instead of CBOR: emulators such as moto do not implement CBOR. The SDK
 *       reads this from the JVM-wide system property {@code aws.cborEnabled} when a client is
 *       built, so the factory sets it to false unless the user set it; JSON is also valid against
 *       real AWS;
 *   <li>S3 uses path-style addressing: an emulator at 127.0.0.1 has no per-bucket host names.
 * </ul>
 */
public final class AwsClientFactory {

  static final int KEEP_ALIVE_CONNECTIONS = 64;

  static {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(KEEP_ALIVE_CONNECTIONS));
    }
  }

  private static final AwsCredentialsProvider DUMMY_CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("adstreamlocal", "adstreamlocal"));

  private final AwsTarget target;
  private final AwsCredentialsProvider credentials;
  private final List<ExecutionInterceptor> interceptors;

  private AwsClientFactory(
      AwsTarget target,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors) {
    this.target = target;
    this.credentials = credentials;
    this.interceptors = List.copyOf(interceptors);
  }

  /**
   * The same clients, with {@code interceptor} seeing every request they make: e.g. to inject
   * faults before or after a request in tests.
   */
  public AwsClientFactory withInterceptor(ExecutionInterceptor interceptor) {
    List<ExecutionInterceptor> more = new ArrayList<>(interceptors);
    more.add(interceptor);
    return new AwsClientFactory(target, credentials, more);
  }

  /**
   * The same clients, each request taking at least as long as it would in AWS ({@link
   * SimulatedLatency}): for local runs that measure latency against an emulator.
   */
  public AwsClientFactory withSimulatedLatency(SimulatedLatency latency) {
    return withInterceptor(latency);
  }

  /** Clients configured from the process environment (endpoints, region, credentials). */
  public static AwsClientFactory fromEnvironment() {
    return builder().environment(System.getenv()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public AwsTarget target() {
    return target;
  }

  public KinesisClient kinesis() {
    if (target.endpoint(AwsService.KINESIS).isPresent()
        && System.getProperty(SdkSystemSetting.CBOR_ENABLED.property()) == null) {
      System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
    }
    return configure(KinesisClient.builder(), AwsService.KINESIS).build();
  }

  public DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder(), AwsService.DYNAMODB).build();
  }

  public FirehoseClient firehose() {
    return configure(FirehoseClient.builder(), AwsService.FIREHOSE).build();
  }

  public S3Client s3() {
    return configure(S3Client.builder(), AwsService.S3)
        .forcePathStyle(target.endpoint(AwsService.S3).isPresent())
        .build();
  }

  public SnsClient sns() {
    return configure(SnsClient.builder(), AwsService.SNS).build();
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder(), AwsService.SQS).build();
  }

  public SecretsManagerClient secretsManager() {
    return configure(SecretsManagerClient.builder(), AwsService.SECRETS_MANAGER).build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, AwsService service) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder()).credentialsProvider(credentials);
    if (!interceptors.isEmpty()) {
      builder.overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor));
    }
    target.region().map(Region::of).ifPresent(builder::region);
    target.endpoint(service).ifPresent(builder::endpointOverride);
    return builder;
  }

  /** Builds a factory; by default for the process environment. */
  public static final class Builder {
    private Map<String, String> environment = System.getenv();
    private Optional<AwsTarget> target = Optional.empty();
    private Optional<AwsCredentialsProvider> credentials = Optional.empty();

    private Builder() {}

    /** Where endpoints, region and credentials are read from when not given explicitly. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** Explicit endpoints and region instead of the environment's. */
    public Builder target(AwsTarget target) {
      this.target = Optional.of(target);
      return this;
    }

    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Optional.of(credentials);
      return this;
    }

    public AwsClientFactory build() {
      AwsTarget resolved = target.orElseGet(() -> AwsTarget.fromEnvironment(environment));
      return new AwsClientFactory(
          resolved, credentials.orElseGet(() -> credentialsFor(resolved)), List.of());
    }

    private AwsCredentialsProvider credentialsFor(AwsTarget resolved) {
      String accessKey = environment.get("AWS_ACCESS_KEY_ID");
      String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
      if (accessKey != null && !accessKey.isBlank() && secretKey != null) {
        // in Lambda these are the function role's credentials: reading them directly skips the
        // default chain's probing of profiles and instance metadata
        String sessionToken = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(
            sessionToken == null || sessionToken.isBlank()
                ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
      }
      return resolved.emulated() ? DUMMY_CREDENTIALS : DefaultCredentialsProvider.builder().build();
    }
  }
}
