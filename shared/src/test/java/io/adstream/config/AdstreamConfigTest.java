package io.adstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdstreamConfigTest {

  @Test
  void jsonRoundTripReproducesTheConfiguration() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"adstream-dev\",\"mapping\":{\"batchSize\":250}}");

    assertThat(AdstreamConfig.withOverrides(config.toJson())).isEqualTo(config);
    assertThat(config.mapping().batchSize()).isEqualTo(250);
    assertThat(config.mapping().maxRetryAttempts())
        .isEqualTo(MappingSettings.defaults().maxRetryAttempts());
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
    AdstreamConfig deployed =
        AdstreamConfig.withOverrides("{\"windows\":{\"impressionWindow\":\"PT30M\"}}");

    AdstreamConfig seen =
        AdstreamConfig.fromEnvironment(
            Map.of(AdstreamConfig.ENVIRONMENT_VARIABLE, deployed.toJson()));

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
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"mapping\":{\"parallelizationFactor\":4}}"))
        .hasMessageContaining("mapping.parallelizationFactor must be 1");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"windows\":{\"dedupWindow\":\"P2D\",\"replayHorizon\":\"P3D\"}}"))
        .hasMessageContaining("dedupWindow must not be shorter than windows.replayHorizon");
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"windows\":{\"conversionLookback\":\"P31D\"}}"))
        .hasMessageContaining("windows.conversionLookback must be between");
  }

  @Test
  void combinationsThatBreakAGuaranteeFailWithTheReason() {
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"mapping\":{\"maxRecordAge\":\"PT24H\"}}"))
        .hasMessageContaining(
            "mapping.maxRecordAge (PT24H) must be shorter than stream.retentionHours (PT24H)");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"stream\":{\"retentionHours\":240},\"windows\":{\"dedupWindow\":\"P7D\",\"replayHorizon\":\"P7D\"}}"))
        .hasMessageContaining(
            "windows.dedupWindow (PT168H) must not be shorter than stream.retentionHours (PT240H)");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"operations\":{\"alarms\":{\"iteratorAge\":\"PT6H\"}}}"))
        .hasMessageContaining(
            "operations.alarms.iteratorAge (PT6H) must be shorter than mapping.maxRecordAge (PT6H)");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"operations\":{\"alarms\":{\"streamIteratorAge\":\"P1D\"}}}"))
        .hasMessageContaining(
            "operations.alarms.streamIteratorAge (PT24H) must be shorter than stream.retentionHours");
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"landing\":{\"bufferSeconds\":600},\"operations\":{\"alarms\":{\"landingFreshness\":\"PT5M\"}}}"))
        .hasMessageContaining(
            "operations.alarms.landingFreshness (PT5M) must be longer than landing.bufferSeconds (600 s)");
    assertThatThrownBy(() -> AdstreamConfig.withOverrides("{\"retention\":{\"lakeDays\":3}}"))
        .hasMessageContaining(
            "windows.replayHorizon (PT168H) must not be longer than retention.lakeDays (3)");
    assertThatThrownBy(
            () -> AdstreamConfig.withOverrides("{\"operations\":{\"auditLogRetentionDays\":14}}"))
        .hasMessageContaining(
            "operations.auditLogRetentionDays (14) must not be shorter than operations.logRetentionDays (30)");
    // every problem at once, not the first only
    assertThatThrownBy(
            () ->
                AdstreamConfig.withOverrides(
                    "{\"retention\":{\"lakeDays\":3},\"operations\":{\"auditLogRetentionDays\":14}}"))
        .isInstanceOfSatisfying(
            AdstreamConfig.InvalidConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    // the defaults and a longer stream with a matching dedup window pass
    AdstreamConfig.withOverrides(
        "{\"stream\":{\"retentionHours\":240},\"windows\":{\"dedupWindow\":\"P10D\"}}");
  }
}
