package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.config.AdstreamConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CloudFormationValidatePlugin;
import software.amazon.awscdk.Validations;

/**
 * The one synth that runs CDK's CloudFormation template validation (surefire turns the default one
 * off with CDK_VALIDATION=false: it dominates synth time). Registering the plugin explicitly runs
 * it regardless; with cdk.json's validateAgainstDefaultRules flag its errors fail the synth.
 */
class ValidatingSynthTest {

  /**
   * The variant configuration (every optional resource) with SnapStart on, so every property shape
   * is seen.
   */
  static final AdstreamConfig EVERYTHING =
      AdstreamConfig.withOverrides(
          Configs.VARIANT.toJson().replace("\"snapStart\":false", "\"snapStart\":true"));

  @Test
  void templateWithEveryOptionalResourcePassesCloudFormationValidation(@TempDir Path outdir)
      throws Exception {
    assertThat(EVERYTHING.processor().snapStart()).isTrue();
    assertThat(EVERYTHING.stream().enhancedFanOut()).isTrue();
    App app =
        App.Builder.create().context(Synth.cdkJsonContext()).outdir(outdir.toString()).build();
    Validations.of(app).addPlugins(new CloudFormationValidatePlugin());
    AdstreamApp.build(app, EVERYTHING, Synth.standInProcessorCode());

    app.synth();

    JsonNode report =
        JsonMapper.builder().build().readTree(outdir.resolve("validation-report.json").toFile());
    JsonNode validate = report.get("pluginReports").get(0);
    assertThat(validate.get("pluginName").asText())
        .isEqualTo(CloudFormationValidatePlugin.PLUGIN_NAME);
    assertThat(validate.get("conclusion").asText()).isEqualTo("success");
    // not even a warning: the one known one (an unused mapping the Firehose L2 adds) is
    // acknowledged with a reason
    assertThat(validate.get("violations")).isEmpty();
  }
}
