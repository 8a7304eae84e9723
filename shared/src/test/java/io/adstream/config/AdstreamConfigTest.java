package io.adstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdstreamConfigTest {

  @Test
  void jsonRoundTripReproducesTheConfiguration() {
    AdstreamConfig config = AdstreamConfig.withOverrides("{\"prefix\":\"adstream-dev\",\"mapping\":{\"batchSize\":250}}");

    assertThat(AdstreamConfig.withOverrides(config.toJson())).isEqualTo(config);
    assertThat(config.mapping().batchSize()).isEqualTo(250);
    assertThat(config.mapping().maxRetryAttempts()).isEqualTo(MappingSettings.defaults().maxRetryAttempts());
    assertThat(config.names().stream()).isEqualTo("adstream-dev-events");
  }

  @Test
  void jsonListsMapEntriesByKeySoTheSynthesizedEnvironmentIsTheSameOnEveryRun() {
    String json = AdstreamConfig.defaults().toJson();

    assertThat(json)
        .containsSubsequence("\"campaign-manager\"", "\"sem-google-ads\"", "\"sem-microsoft-ads\"");
  }

  @Test
  void handlerReadsTheConfigurationTheInfrastructureWrote() {
    AdstreamConfig deployed = AdstreamConfig.withOverrides("{\"windows\":{\"impressionWindow\":\"PT30M\"}}");

    AdstreamConfig seen = AdstreamConfig.fromEnvironment(Map.of(AdstreamConfig.ENVIRONMENT_VARIABLE, deployed.toJson()));

    assertThat(seen.windows().impressionWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(AdstreamConfig.fromEnvironment(Map.of())).isEqualTo(AdstreamConfig.defaults());
  }

  @Test
  void unknownKeysAreRejectedNotIgnored() {
    assertThatThrownBy(() -> AdstreamConfig.withOverrides("{\"mapping\":{\"batchsize\":10}}"))
        .isInstanceOf(AdstreamConfig.InvalidConfigException.class)
        .hasMessageContaining("batchsize");
  }

  @Test
  void settingsThatBreakTheGuaranteesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> AdstreamConfig.withOverrides("{\"mapping\":{\"parallelizationFactor\":4}}"))
        .hasMessageContaining("mapping.parallelizationFactor must be 1");
    assertThatThrownBy(() -> AdstreamConfig.withOverrides("{\"windows\":{\"dedupWindow\":\"P2D\",\"replayHorizon\":\"P3D\"}}"))
        .hasMessageContaining("dedupWindow must not be shorter than windows.replayHorizon");
    assertThatThrownBy(() -> AdstreamConfig.withOverrides("{\"windows\":{\"conversionLookback\":\"P31D\"}}"))
        .hasMessageContaining("windows.conversionLookback must be between");
  }
}
