package io.adstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsTargetTest {

  @Test
  void noEndpointSettingMeansRealAwsInTheConfiguredRegion() {
    AwsTarget target = AwsTarget.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));

    assertThat(target.emulated()).isFalse();
    assertThat(target.region()).contains("eu-west-1");
    assertThat(target.endpoint(AwsService.KINESIS)).isEmpty();
  }

  @Test
  void theSharedEndpointAppliesToEveryServiceAndDefaultsTheRegion() {
    AwsTarget target =
        AwsTarget.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"));

    assertThat(target.emulated()).isTrue();
    assertThat(target.region()).contains(AwsTarget.EMULATOR_REGION);
    for (AwsService service : AwsService.values()) {
      assertThat(target.endpoint(service)).contains(URI.create("http://localhost:4566"));
    }
  }

  @Test
  void aServiceSpecificEndpointWinsOverTheSharedOne() {
    AwsTarget target =
        AwsTarget.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9000",
                "AWS_DEFAULT_REGION", "eu-central-1"));

    assertThat(target.endpoint(AwsService.DYNAMODB)).contains(URI.create("http://127.0.0.1:8000"));
    assertThat(target.endpoint(AwsService.SECRETS_MANAGER))
        .contains(URI.create("http://127.0.0.1:9000"));
    assertThat(target.endpoint(AwsService.SQS)).contains(URI.create("http://localhost:4566"));
    assertThat(target.region()).contains("eu-central-1");
  }

  @Test
  void configuredEndpointsCanBeIgnoredAsTheSdkAllows() {
    AwsTarget target =
        AwsTarget.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL",
                "http://localhost:4566",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "true"));

    assertThat(target.emulated()).isFalse();
    assertThat(target.region()).isEmpty();
  }

  @Test
  void aMalformedEndpointIsRejectedNamingTheVariable() {
    assertThatThrownBy(
            () -> AwsTarget.fromEnvironment(Map.of("AWS_ENDPOINT_URL_KINESIS", "localhost:4566")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL_KINESIS");
  }

  @Test
  void oneServiceCanBeRedirected() {
    AwsTarget target =
        AwsTarget.emulator(Map.of(AwsService.S3, URI.create("http://127.0.0.1:5000")))
            .withEndpoint(AwsService.DYNAMODB, URI.create("http://127.0.0.1:8000"));

    assertThat(target.endpoints()).containsOnlyKeys(AwsService.S3, AwsService.DYNAMODB);
    assertThat(target.region()).isEqualTo(Optional.of("us-east-1"));
  }
}
