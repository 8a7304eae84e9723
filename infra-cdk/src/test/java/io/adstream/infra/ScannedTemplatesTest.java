package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * Writes the templates the independent scanners check in {@code ./mvnw verify}
 * (scripts/scan-template.sh on target/scan/*.template.json): the defaults, and the variant with
 * every optional resource. The scanners read the same synth output as {@code cdk synth} writes, so
 * the build synthesizes nothing twice for them.
 */
class ScannedTemplatesTest {
  static final Path SCAN_DIR = Path.of("target", "scan");

  @Test
  void theDefaultAndTheFullestTemplateAreWrittenForTheScanners() throws Exception {
    for (Map.Entry<String, AdstreamConfig> entry :
        Map.of("defaults", Configs.DEFAULTS, "everything", ValidatingSynthTest.EVERYTHING)
            .entrySet()) {
      Path outdir = SCAN_DIR.resolve(entry.getKey());
      App app =
          App.Builder.create().context(Synth.cdkJsonContext()).outdir(outdir.toString()).build();
      AdstreamApp.build(app, entry.getValue(), Synth.standInProcessorCode());
      app.synth();
      Path template = outdir.resolve(entry.getValue().prefix() + ".template.json");
      assertThat(template).isRegularFile();
      Files.copy(
          template,
          SCAN_DIR.resolve(entry.getKey() + ".template.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
