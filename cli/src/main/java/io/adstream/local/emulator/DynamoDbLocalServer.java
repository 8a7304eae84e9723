package io.adstream.local.emulator;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.BindException;
import java.net.URI;

/**
 * DynamoDB Local in this JVM, in server mode on a free loopback port, so that the SDK clients reach it over
 * HTTP exactly as they reach DynamoDB. In memory, one database for every credential and region, no
 * telemetry. On JDK 22+ it loads its bundled SQLite natives, which needs
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
final class DynamoDbLocalServer implements AutoCloseable {

  private static final int PORT_ATTEMPTS = 3;

  private final DynamoDBProxyServer server;
  private final URI endpoint;

  private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  static DynamoDbLocalServer start() {
    Exception last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.free();
      try {
        DynamoDBProxyServer server =
            ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        return new DynamoDbLocalServer(server, URI.create("http://" + LoopbackPorts.HOST + ":" + port));
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
