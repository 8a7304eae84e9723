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
 * The project-local Python venv that moto runs from, built by {@code emulator/setup-venv.sh}. The script
 * is idempotent and cheap when the venv is current; a file lock makes parallel JVMs (test forks, a local
 * run beside a test run) build it once.
 */
final class EmulatorVenv {

  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);

  private EmulatorVenv() {}

  /** Creates or refreshes the venv; returns its Python interpreter. */
  static Path ensure(ProjectDirectory project) {
    try {
      Files.createDirectories(project.logs());
      try (FileChannel lockFile =
          FileChannel.open(
              project.root().resolve(".adstream/venv.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          runSetupScript(project);
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new EmulatorException("cannot run " + project.setupScript() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while setting up the emulator venv", e);
    }
    return project.venv().resolve("bin/python");
  }

  private static void runSetupScript(ProjectDirectory project) throws IOException, InterruptedException {
    Process setup =
        new ProcessBuilder("bash", project.setupScript().toString())
            .directory(project.root().toFile())
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    setup.getOutputStream().close();
    if (!setup.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      setup.destroyForcibly();
      throw new EmulatorException("emulator venv setup did not finish within " + SETUP_TIMEOUT);
    }
    if (setup.exitValue() != 0) {
      throw new EmulatorException(
          "emulator venv setup failed (exit " + setup.exitValue() + "); see " + project.logs().resolve("venv-setup.log"));
    }
  }
}
