package io.adstream.local.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aws.AwsClientFactory;
import io.adstream.config.AdstreamConfig;
import io.adstream.lambda.ApiHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local server against clients that misbehave: half-open connections do not stall others,
 * requests are bounded in size, and every /v1 answer is JSON. Its state is unreachable here (the
 * endpoint refuses connections), which is enough: none of this depends on what the state holds.
 */
class LocalApiServerTest {
  private final AwsClientFactory unreachable =
      AwsClientFactory.builder()
          .environment(
              Map.of(
                  "AWS_ENDPOINT_URL",
                  "http://127.0.0.1:9",
                  "AWS_REGION",
                  "us-east-1",
                  "AWS_ACCESS_KEY_ID",
                  "test",
                  "AWS_SECRET_ACCESS_KEY",
                  "test"))
          .build();
  private final List<Socket> sockets = new ArrayList<>();
  private LocalApiServer server;

  @AfterEach
  void close() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private LocalApiServer server() throws Exception {
    server =
        LocalApiServer.start(
            new ApiHandler(unreachable, AdstreamConfig.defaults(), Clock.systemUTC()), 0);
    return server;
  }

  /** Sends raw bytes and reads the whole answer (the server closes the exchange after each). */
  private String exchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void halfOpenConnectionsDoNotStallOtherClients() throws Exception {
    server();
    for (int i = 0; i < 16; i++) {
      Socket slow = new Socket("127.0.0.1", server.uri().getPort());
      slow.getOutputStream()
          .write(
              "GET /v1/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                  .getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      sockets.add(slow);
    }

    String answer = exchange("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200");
  }

  @Test
  void anOverlongRequestTargetIsRefusedWithJsonAndOverlongHeadersAreRefused() throws Exception {
    server();

    String longPath =
        exchange(
            "GET /v1/campaigns/"
                + "x".repeat(9_000)
                + "/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    String longHeader;
    try {
      longHeader =
          exchange(
              "GET /v1/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                  + "y".repeat(20_000)
                  + "\r\nConnection: close\r\n\r\n");
    } catch (java.net.SocketException reset) {
      longHeader =
          "HTTP/1.1 4xx: the server closed the connection while the headers were still being sent";
    }

    assertThat(longPath)
        .startsWith("HTTP/1.1 414")
        .contains("application/json")
        .contains("\"error\":\"uri_too_long\"");
    assertThat(longHeader).startsWith("HTTP/1.1 4");
  }
}
