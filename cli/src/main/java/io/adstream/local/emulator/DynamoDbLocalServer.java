package io.adstream.local.emulator;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.BindException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * DynamoDB Local in this JVM, in server mode on a free loopback port, so that the SDK clients reach it over
 * HTTP exactly as they reach DynamoDB. In memory, one database for every credential and region, no
 * telemetry. On JDK 22+ it loads its bundled SQLite natives, which needs
 * {@code --enable-native-access=ALL-UNNAMED}.
 *
 * <p>It runs in a thread group of its own: its server threads, and the background-job threads its request
 * threads create, inherit the group. {@code stop()} leaves those jobs sleeping in non-daemon threads for
 * minutes, which would keep the JVM from exiting; closing interrupts the group, which ends them.
 */
final class DynamoDbLocalServer implements AutoCloseable {

  private static final int PORT_ATTEMPTS = 3;

  private final DynamoDBProxyServer server;
  private final ThreadGroup threads;
  private final URI endpoint;

  private DynamoDbLocalServer(DynamoDBProxyServer server, ThreadGroup threads, URI endpoint) {
    this.server = server;
    this.threads = threads;
    this.endpoint = endpoint;
  }

  static DynamoDbLocalServer start() {
    ThreadGroup threads = new ThreadGroup("adstream-dynamodb-local");
    AtomicReference<DynamoDbLocalServer> started = new AtomicReference<>();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread starter =
        new Thread(
            threads,
            () -> {
              try {
                started.set(startOnFreePort(threads));
              } catch (RuntimeException e) {
                failed.set(e);
              }
            },
            "adstream-dynamodb-local-start");
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while starting DynamoDB Local", e);
    }
    if (failed.get() != null) {
      threads.interrupt();
      throw failed.get();
    }
    return started.get();
  }

  private static DynamoDbLocalServer startOnFreePort(ThreadGroup threads) {
    Exception last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.free();
      try {
        DynamoDBProxyServer server =
            ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        return new DynamoDbLocalServer(server, threads, URI.create("http://" + LoopbackPorts.HOST + ":" + port));
      } catch (Exception e) {
        if (!(rootCause(e) instanceof BindException)) {
          throw new EmulatorException("cannot start DynamoDB Local: " + e.getMessage(), e);
        }
        last = e; // the port was taken after we chose it: choose again
      }
    }
    throw new EmulatorException("cannot bind DynamoDB Local to a free port", last);
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new EmulatorException("cannot stop DynamoDB Local: " + e.getMessage(), e);
    } finally {
      threads.interrupt();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
