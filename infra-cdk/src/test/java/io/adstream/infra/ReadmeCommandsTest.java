package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deploy commands of the README and of the deploy guide it links (docs/deploy.md), checked
 * where they can run offline: each configuration they pass is valid.
 */
class ReadmeCommandsTest {
  private static final List<Path> DOCS =
      List.of(Path.of("..", "README.md"), Path.of("..", "docs", "deploy.md"));
  private static final Pattern CONTEXT = Pattern.compile("-c adstream='([^']*)'");

  @Test
  void everyConfigurationTheDocsPassOnTheCommandLineIsOneLineOfValidJson() throws Exception {
    List<String> commands = lines().stream().filter(line -> line.contains("-c adstream=")).toList();
    assertThat(commands).isNotEmpty();
    for (String command : commands) {
      // the CDK command line reads a context value up to the line break: the quoted JSON must close
      // on its line
      if (command.contains("-c adstream='")) {
        Matcher matcher = CONTEXT.matcher(command);
        assertThat(matcher.find())
            .as("the quoted value closes on its own line: %s", command)
            .isTrue();
        AdstreamConfig config = AdstreamApp.config(matcher.group(1));
        assertThat(config).as(command).isNotEqualTo(AdstreamConfig.defaults());
      } else {
        assertThat(command).contains("-c adstream=\"$(cat ");
      }
    }
  }

  @Test
  void theDeployGuideSynthesizesQuietly() throws Exception {
    List<String> synths = lines().stream().filter(line -> line.contains("npx cdk synth")).toList();
    assertThat(synths)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("npx cdk synth -q"));
  }

  private static List<String> lines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path doc : DOCS) {
      lines.addAll(Files.readAllLines(doc));
    }
    return lines;
  }
}
