package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * cdk-nag's AwsSolutions and PCI DSS 3.2.1 packs run on every synth (AdstreamApp.build applies
 * them).
 */
class ComplianceTest {

  @Test
  void neitherPackReportsAnUnsuppressedErrorOrWarning() {
    for (AdstreamConfig config : List.of(Configs.DEFAULTS, Configs.VARIANT)) {
      Annotations annotations = Annotations.fromStack(Synth.synthesized(config).stack());
      annotations.hasNoError("*", Match.anyValue());
      // the one warning the app gives on purpose: the defaults name no recipient of the ops topic
      annotations.hasNoWarning(
          "*",
          Match.not(Match.stringLikeRegexp(".*\\[ack: " + Alerting.NO_OPS_RECIPIENTS + "\\]")));
    }
  }

  /**
   * cdk-nag writes one CSV report per pack, a line per rule and resource: Compliant, Suppressed or
   * N/A.
   */
  @Test
  void bothPacksCheckedEveryResourceAndFoundNothingUnsuppressed() throws Exception {
    AdstreamStack stack = Synth.synthesized(Configs.DEFAULTS).stack();
    Path assembly = Path.of(((App) stack.getNode().getRoot()).synth().getDirectory());
    for (String pack : List.of("AwsSolutions", "PCI.DSS.321")) {
      List<String> lines =
          Files.readAllLines(
              assembly.resolve(pack + "-" + stack.getStackName() + "-NagReport.csv"));
      assertThat(lines)
          .as(pack)
          .anySatisfy(
              line -> assertThat(line).contains("\"adstream/Processor/Function/Resource\""));
      assertThat(lines.subList(1, lines.size()))
          .as(pack)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .containsAnyOf(",\"Compliant\",", ",\"Suppressed\",", ",\"N/A\","))
          .anySatisfy(line -> assertThat(line).contains(",\"Suppressed\","));
    }
  }

  @Test
  void everySuppressionSaysWhy() {
    List<Map<String, Object>> suppressions = suppressions(Synth.defaultTemplate());
    suppressions.addAll(suppressions(Configs.variantTemplate()));
    assertThat(suppressions)
        .isNotEmpty()
        .allSatisfy(
            s ->
                assertThat((String) s.get("reason"))
                    .as("reason of %s", s.get("id"))
                    .hasSizeGreaterThan(40));
  }

  /** A new suppression is a decision: it changes this list, and the review sees it. */
  @Test
  void theSuppressedRulesAreExactlyTheReviewedOnes() {
    assertThat(
            new TreeSet<>(
                suppressions(Synth.defaultTemplate()).stream()
                    .map(s -> (String) s.get("id"))
                    .toList()))
        .containsExactly(
            "AwsSolutions-CFR1",
            "AwsSolutions-CFR2",
            "AwsSolutions-CFR3",
            "AwsSolutions-CFR4",
            "AwsSolutions-COG3",
            "AwsSolutions-IAM5",
            "AwsSolutions-KDS3",
            "AwsSolutions-L1",
            "AwsSolutions-S1",
            "AwsSolutions-SMG4",
            "AwsSolutions-SQS3",
            "PCI.DSS.321-IAMNoInlinePolicy",
            "PCI.DSS.321-LambdaInsideVPC",
            "PCI.DSS.321-S3BucketLoggingEnabled",
            "PCI.DSS.321-S3BucketReplicationEnabled",
            "PCI.DSS.321-S3DefaultEncryptionKMS",
            "PCI.DSS.321-SecretsManagerRotationEnabled");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> suppressions(Template template) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> resource : Resources.resources(template).values()) {
      Map<String, Object> metadata =
          (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
      Map<String, Object> nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
      found.addAll((List<Map<String, Object>>) nag.getOrDefault("rules_to_suppress", List.of()));
    }
    return found;
  }
}
