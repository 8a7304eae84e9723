package io.adstream.local;

import io.adstream.aws.AwsService;
import io.adstream.local.emulator.ProjectDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The AWS emulator as a container, started through Testcontainers when the system property {@value
 * #PROPERTY} names one (the cli module's {@code containers} profile sets it):
 *
 * <ul>
 *   <li>{@code local}: the project's own image of its embedded emulator, built from Debian packages
 *       by {@code emulator/container/build-image.sh} (run here; it does nothing when the image
 *       exists), so that nothing is pulled;
 *   <li>{@code floci}: {@value #FLOCI_IMAGE};
 *   <li>{@code localstack}: {@value #LOCALSTACK_IMAGE}, which needs {@code LOCALSTACK_AUTH_TOKEN};
 *   <li>{@code auto}: LocalStack when {@code LOCALSTACK_AUTH_TOKEN} is set, else Floci.
 * </ul>
 *
 * <p>{@value #IMAGE_PROPERTY} names another image of the chosen kind (a pinned tag, a mirror). One
 * container serves the whole test JVM and is removed when the JVM exits.
 */
final class ContainerAws {
  static final String PROPERTY = "adstream.container";
  static final String IMAGE_PROPERTY = "adstream.container.image";
  static final String FLOCI_IMAGE = "floci/floci:latest";
  static final String LOCALSTACK_IMAGE = "localstack/localstack:latest";
  private static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
  private static final int PORT = 4566;

  enum Kind {
    LOCAL,
    FLOCI,
    LOCALSTACK;

    static Kind named(String name, Map<String, String> environment) {
      if (name.equals("auto")) {
        return environment.containsKey(TOKEN_VARIABLE) ? LOCALSTACK : FLOCI;
      }
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-D" + PROPERTY + "=" + name + ": expected local, floci, localstack or auto", e);
      }
    }
  }

  private static GenericContainer<?> started;

  private ContainerAws() {}

  /**
   * The process environment with {@code AWS_ENDPOINT_URL} at the requested container, started on
   * the first call; empty when no container is requested.
   */
  static synchronized Optional<Map<String, String>> environment() {
    String requested = System.getProperty(PROPERTY, "");
    if (requested.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    if (started == null) {
      started = start(Kind.named(requested.strip(), environment), environment);
    }
    URI endpoint = URI.create("http://" + started.getHost() + ":" + started.getMappedPort(PORT));
    environment.put(AwsService.ENDPOINT_VARIABLE, endpoint.toString());
    return Optional.of(environment);
  }

  private static GenericContainer<?> start(Kind kind, Map<String, String> environment) {
    String image = System.getProperty(IMAGE_PROPERTY, "");
    GenericContainer<?> container =
        switch (kind) {
          case LOCAL ->
              new GenericContainer<>(
                      DockerImageName.parse(image.isBlank() ? builtImage(environment) : image))
                  .waitingFor(healthy("/_ministack/health"));
          case FLOCI ->
              new GenericContainer<>(DockerImageName.parse(image.isBlank() ? FLOCI_IMAGE : image))
                  .waitingFor(Wait.forListeningPort());
          case LOCALSTACK -> {
            String token = environment.get(TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
              throw new IllegalStateException(
                  "LocalStack's image needs " + TOKEN_VARIABLE + " in the environment");
            }
            yield new GenericContainer<>(
                    DockerImageName.parse(image.isBlank() ? LOCALSTACK_IMAGE : image))
                .withEnv(TOKEN_VARIABLE, token)
                .waitingFor(healthy("/_localstack/health"));
          }
        };
    container.withExposedPorts(PORT);
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "adstream-container-stop"));
    return container;
  }

  private static WaitStrategy healthy(String path) {
    return Wait.forHttp(path)
        .forPort(PORT)
        .forStatusCode(200)
        .withStartupTimeout(Duration.ofMinutes(2));
  }

  /**
   * Builds the project's image unless it exists, and names it (the script derives the tag from its
   * inputs).
   */
  private static String builtImage(Map<String, String> environment) {
    ProjectDirectory project = ProjectDirectory.locate(environment);
    ProcessBuilder build =
        new ProcessBuilder(project.root().resolve("emulator/container/build-image.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = build.start();
      String tag =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.waitFor() != 0 || tag.isEmpty()) {
        throw new IllegalStateException(
            "emulator/container/build-image.sh failed (exit " + process.exitValue() + ")");
      }
      return tag;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run emulator/container/build-image.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the emulator image", e);
    }
  }
}
