package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.config.AdstreamConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdstreamAppTest {

  @Test
  void configurationComesFromTheAdstreamContextAsObjectOrString() {
    assertThat(AdstreamApp.config(null)).isEqualTo(AdstreamConfig.defaults());
    assertThat(
            AdstreamApp.config(
                Map.of("prefix", "adstream-dev", "mapping", Map.of("batchSize", 50))))
        .isEqualTo(
            AdstreamConfig.withOverrides(
                "{\"prefix\":\"adstream-dev\",\"mapping\":{\"batchSize\":50}}"));
    // `cdk deploy -c adstream=...` passes a string
    assertThat(AdstreamApp.config("{\"prefix\":\"adstream-dev\"}").names().stream())
        .isEqualTo("adstream-dev-events");
  }

  @Test
  void deployingWithoutTheProcessorJarSaysHowToBuildIt() {
    Path missing = Path.of("target", "no-such-processor.jar");
    assertThatThrownBy(() -> AdstreamApp.processorJar(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toAbsolutePath().normalize().toString())
        .hasMessageContaining("./mvnw -B -pl lambdas -am package");
  }

  @Test
  void cdkJsonRunsTheAppThroughTheWrapperOfflineAndQuietly() throws Exception {
    Map<String, Object> cdkJson =
        JsonMapper.builder()
            .build()
            .readValue(Synth.CDK_JSON.toFile(), new TypeReference<Map<String, Object>>() {});
    assertThat((String) cdkJson.get("app"))
        .startsWith("./mvnw ")
        .contains("-pl infra-cdk")
        .contains("-Dadstream.synth");
    assertThat(cdkJson).containsEntry("notices", false);
    assertThat(Synth.cdkJsonContext())
        .containsEntry("cli-telemetry", false)
        .containsEntry(AdstreamApp.CONFIG_CONTEXT_KEY, Map.of())
        // validation errors fail the synth rather than print as warnings
        .containsEntry("@aws-cdk/core:validateAgainstDefaultRules", true);
  }
}
