package io.adstream.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.config.AdstreamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Synthesizes the adstream stack as {@code cdk synth} does (cdk.json's context and feature flags,
 * cdk-nag applied), with a stand-in for the processor jar. Template validation is off (surefire
 * sets CDK_VALIDATION=false): {@code ValidatingSynthTest} is the one synth that validates.
 */
public final class Synth {
  /** The repository's cdk.json, seen from infra-cdk (surefire's working directory). */
  static final Path CDK_JSON = Path.of("..", "cdk.json");

  /** A synthesized stack and its template. */
  record Synthesized(AdstreamStack stack, Template template) {}

  private static final Map<AdstreamConfig, Synthesized> SYNTHESIZED = new HashMap<>();

  private Synth() {}

  /**
   * The template for a configuration: what the local runner's provisioning can be compared with.
   */
  public static Template template(AdstreamConfig config) {
    return Template.fromStack(stack(config));
  }

  /**
   * Each configuration is synthesized once per test run, for all the tests that only read the
   * result.
   */
  static synchronized Synthesized synthesized(AdstreamConfig config) {
    return SYNTHESIZED.computeIfAbsent(
        config,
        c -> {
          AdstreamStack stack = stack(c);
          return new Synthesized(stack, Template.fromStack(stack));
        });
  }

  static Template defaultTemplate() {
    return synthesized(AdstreamConfig.defaults()).template();
  }

  static AdstreamStack stack(AdstreamConfig config) {
    return AdstreamApp.build(app(), config, standInProcessorCode());
  }

  static App app() {
    return App.Builder.create().context(cdkJsonContext()).build();
  }

  /**
   * `new App()` does not read cdk.json: without its context the feature flags would differ from
   * real synth.
   */
  static Map<String, Object> cdkJsonContext() {
    try {
      Map<String, Object> cdkJson =
          JsonMapper.builder()
              .build()
              .readValue(CDK_JSON.toFile(), new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Code standInProcessorCode() {
    return Code.fromAsset(Path.of("src", "test", "resources", "stand-in-processor").toString());
  }
}
