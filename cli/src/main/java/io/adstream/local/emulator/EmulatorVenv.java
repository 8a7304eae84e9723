package io.adstream.local.emulator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The project-local Python venv an embedded emulator runs from, built by {@code
 * emulator/setup-venv.sh}. The script is idempotent and cheap when the venv is current; a file lock
 * makes parallel JVMs (test forks, a local run beside a test run) build it once.
 */
final class EmulatorVenv {

  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);

  /** The setup script's exit code when no Python on the machine suits the emulator. */
  private static final int NO_SUITABLE_PYTHON = 3;

  /** No Python on this machine is a version the emulator's requirements install on. */
  static final class NoSuitablePython extends EmulatorException {
    private static final long serialVersionUID = 1L;

    NoSuitablePython(Emulator emulator) {
      super("no Python on this machine suits " + emulator.id() + " (see the message above)");
    }
  }

  private EmulatorVenv() {}

  /** Creates or refreshes the venv; returns its Python interpreter. */
  static Path ensure(ProjectDirectory project, Emulator emulator) {
    try {
      Files.createDirectories(project.logs());
      try (FileChannel lockFile =
          FileChannel.open(
              project.root().resolve(".adstream/venv-" + emulator.id() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          runSetupScript(project, emulator);
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new EmulatorException("cannot run " + project.setupScript() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while setting up the " + emulator.id() + " venv", e);
    }
    return project.venv(emulator).resolve("bin/python");
  }

  private static void runSetupScript(ProjectDirectory project, Emulator emulator)
      throws IOException, InterruptedException {
    Process setup =
        new ProcessBuilder("bash", project.setupScript().toString(), emulator.id())
            .directory(project.root().toFile())
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    setup.getOutputStream().close();
    if (!setup.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      setup.destroyForcibly();
      throw new EmulatorException(
          emulator.id() + " venv setup did not finish within " + SETUP_TIMEOUT);
    }
    if (setup.exitValue() == NO_SUITABLE_PYTHON) {
      throw new NoSuitablePython(emulator);
    }
    if (setup.exitValue() != 0) {
      throw new EmulatorException(
          emulator.id()
              + " venv setup failed (exit "
              + setup.exitValue()
              + "); see "
              + project.logs().resolve("venv-" + emulator.id() + "-setup.log"));
    }
  }
}
