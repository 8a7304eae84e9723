package io.adstream.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.config.AdstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code cdk synth} and {@code cdk deploy} run {@link #main} (see cdk.json at the
 * repository root); tests call {@link #build} with a configuration of their own.
 */
public final class AdstreamApp {
  /**
   * Context key of the configuration overrides: a JSON object in cdk.json, or a JSON string on the
   * command line ({@code cdk deploy -c adstream='{"prefix":"adstream-dev"}'}).
   */
  public static final String CONFIG_CONTEXT_KEY = "adstream";

  /**
   * System property naming the processor's shaded jar (set by infra-cdk's pom for cdk.json's
   * command).
   */
  public static final String PROCESSOR_JAR_PROPERTY = "adstream.processorJar";

  private AdstreamApp() {}

  public static void main(String[] args) {
    App app = new App();
    AdstreamConfig config = config(app.getNode().tryGetContext(CONFIG_CONTEXT_KEY));
    String jar = System.getProperty(PROCESSOR_JAR_PROPERTY);
    if (jar == null) {
      throw new IllegalStateException(
          "-D"
              + PROCESSOR_JAR_PROPERTY
              + " must name the processor jar; cdk.json's command sets it through Maven");
    }
    build(app, config, processorJar(Path.of(jar)));
    app.synth();
  }

  /**
   * Adds the adstream stack for a configuration to an app, checked by cdk-nag when the app
   * synthesizes.
   */
  public static AdstreamStack build(App app, AdstreamConfig config, Code processorCode) {
    AdstreamStack stack = new AdstreamStack(app, config, processorCode);
    Compliance.check(app);
    return stack;
  }

  /** The configuration from the "adstream" context value: defaults when absent. */
  static AdstreamConfig config(Object context) {
    if (context == null) {
      return AdstreamConfig.defaults();
    }
    if (context instanceof String json) {
      return AdstreamConfig.withOverrides(json);
    }
    try {
      return AdstreamConfig.withOverrides(JsonMapper.builder().build().writeValueAsString(context));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the \"" + CONFIG_CONTEXT_KEY + "\" context value is not JSON: " + context, e);
    }
  }

  static Code processorJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The processor jar "
              + jar.toAbsolutePath().normalize()
              + " does not exist. Build it first:"
              + " ./mvnw -B -pl lambdas -am package -DskipTests");
    }
    return Code.fromAsset(jar.toString());
  }
}
