package io.adstream.local.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The repository checkout the emulator is installed into: its {@code emulator/} scripts are the
 * source, its {@code .adstream/} folder (ignored by git) holds the venvs and the logs.
 */
public record ProjectDirectory(Path root) {

  /** Overrides the search: the repository root. */
  public static final String HOME_VARIABLE = "ADSTREAM_HOME";

  private static final String MARKER = "emulator/setup-venv.sh";

  /**
   * {@value #HOME_VARIABLE} when set, else the nearest folder at or above the working directory
   * that holds {@value #MARKER} (tests run in a module folder, the command line anywhere in the
   * checkout).
   */
  public static ProjectDirectory locate(Map<String, String> environment) {
    Optional<String> home =
        Optional.ofNullable(environment.get(HOME_VARIABLE)).filter(h -> !h.isBlank());
    if (home.isPresent()) {
      Path root = Path.of(home.get()).toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve(MARKER))) {
        throw new IllegalStateException(HOME_VARIABLE + "=" + root + " has no " + MARKER);
      }
      return new ProjectDirectory(root);
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return new ProjectDirectory(dir);
      }
    }
    throw new IllegalStateException(
        "cannot find the adstream checkout (a folder with "
            + MARKER
            + ") at or above "
            + start
            + ": run inside the repository, set "
            + HOME_VARIABLE
            + ", or point AWS_ENDPOINT_URL at a running emulator");
  }

  public Path setupScript() {
    return root.resolve(MARKER);
  }

  /** The script that starts the emulator as a child of this JVM. */
  public Path launcher(Emulator emulator) {
    return root.resolve("emulator/" + emulator.id() + "/server.py");
  }

  public Path venv(Emulator emulator) {
    return root.resolve(".adstream/venv-" + emulator.id());
  }

  public Path logs() {
    return root.resolve(".adstream/logs");
  }
}
