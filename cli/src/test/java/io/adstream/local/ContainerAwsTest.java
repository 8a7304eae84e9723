package io.adstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.aws.AwsService;
import io.adstream.local.ContainerAws.Kind;
import io.adstream.local.emulator.LocalAws;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

class ContainerAwsTest {

  @Test
  void autoIsLocalStackWithAnAuthTokenAndFlociWithout() {
    assertThat(Kind.named("auto", Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token")))
        .isEqualTo(Kind.LOCALSTACK);
    assertThat(Kind.named("auto", Map.of())).isEqualTo(Kind.FLOCI);
    assertThat(Kind.named("local", Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token")))
        .isEqualTo(Kind.LOCAL);
  }

  @Test
  void anUnknownContainerIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> Kind.named("dynalite", Map.of()))
        .hasMessageContaining("-Dadstream.container=dynalite")
        .hasMessageContaining("local, floci, localstack or auto");
  }

  /**
   * Under the containers profile the suite must really talk to the container, not to an embedded
   * emulator.
   */
  @Test
  @Tag(EmulatorTest.TAG)
  @EnabledIfSystemProperty(named = ContainerAws.PROPERTY, matches = ".+")
  @ExtendWith(LocalAwsExtension.class)
  void theExtensionServesTheContainer(LocalAws aws) {
    assertThat(aws.embedded()).isFalse();
    String endpoint = ContainerAws.environment().orElseThrow().get(AwsService.ENDPOINT_VARIABLE);
    assertThat(aws.target().endpoints().values())
        .isNotEmpty()
        .allSatisfy(uri -> assertThat(uri).hasToString(endpoint));
    try (var sqs = aws.clients().sqs()) {
      sqs.listQueues();
    }
  }
}
