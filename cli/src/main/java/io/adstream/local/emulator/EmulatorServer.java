package io.adstream.local.emulator;

import io.adstream.aws.ProvisioningPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded emulator as a child process on a free loopback port. It is ready when its health
 * endpoint answers. It stops on {@link #close()}, and by itself when this JVM dies: its launcher
 * exits when its standard input, held open here, reaches end of file.
 */
final class EmulatorServer implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int PORT_ATTEMPTS = 3;

  private final Process process;
  private final OutputStream lifeline;
  private final URI endpoint;

  private final Emulator emulator;

  private EmulatorServer(Emulator emulator, Process process, URI endpoint) {
    this.emulator = emulator;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.endpoint = endpoint;
  }

  static EmulatorServer start(Emulator emulator, Path python, ProjectDirectory project) {
    EmulatorException last = null;
    // the free port can be taken between choosing it and the emulator binding it: choose again
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.free();
      Path log = project.logs().resolve(emulator.id() + "-" + port + ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(
                    List.of(
                        python.toString(),
                        project.launcher(emulator).toString(),
                        "--host",
                        LoopbackPorts.HOST,
                        "--port",
                        Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the account every other emulator (LocalStack, Floci) reports, and the one the local plan
        // names
        builder.environment().put(emulator.accountVariable(), ProvisioningPlan.LOCAL_ACCOUNT);
        Process process = builder.start();
        EmulatorServer server =
            new EmulatorServer(
                emulator, process, URI.create("http://" + LoopbackPorts.HOST + ":" + port));
        if (server.awaitReady(log)) {
          return server;
        }
        last =
            new EmulatorException(
                emulator.id() + " exited during startup on port " + port + ":\n" + tail(log));
      } catch (IOException e) {
        throw new EmulatorException(
            "cannot start " + emulator.id() + " with " + python + ": " + e.getMessage(), e);
      }
    }
    throw last;
  }

  URI endpoint() {
    return endpoint;
  }

  private boolean awaitReady(Path log) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      if (answers()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new EmulatorException("interrupted while waiting for " + emulator.id(), e);
      }
    }
    close();
    throw new EmulatorException(
        emulator.id() + " did not answer within " + READY_TIMEOUT + ":\n" + tail(log));
  }

  private boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) endpoint.resolve(emulator.healthPath()).toURL().openConnection();
      connection.setConnectTimeout(200);
      connection.setReadTimeout(1_000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      lifeline.close();
    } catch (IOException alreadyGone) {
      // the process closed its end: it is exiting anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }
}
