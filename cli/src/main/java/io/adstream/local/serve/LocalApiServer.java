package io.adstream.local.serve;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.mapping.LocalContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code adstream serve}'s HTTP server, on loopback only: {@code /v1/...} goes to the same {@link
 * ApiHandler} class that runs in Lambda, as the API Gateway event (payload format 2.0) it would
 * receive there; the rest is the dashboard's static files. Nothing is authenticated, which is why
 * it never binds beyond 127.0.0.1.
 */
public final class LocalApiServer implements AutoCloseable {
  /** The dashboard's files, as classpath resources under {@value #SITE}. */
  static final String SITE = "io/adstream/dashboard/";

  private static final Map<String, String> SITE_FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "dashboard.js", "text/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8",
          "uPlot.iife.min.js", "text/javascript; charset=utf-8",
          "uPlot.min.css", "text/css; charset=utf-8");

  /**
   * The page reads its API base and sign-in settings from here; locally: same origin, no sign-in.
   */
  static final String LOCAL_SITE_CONFIG = "{\"apiBase\":\"\",\"auth\":{\"type\":\"none\"}}";

  /** As the API function's timeout in AWS. */
  static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(10);

  /**
   * The longest request target (path and query) served; API Gateway's HTTP API takes about as much.
   */
  static final int MAX_TARGET_LENGTH = 8_192;

  static {
    // the JDK server's documented limits (module jdk.httpserver), read once when the first server
    // starts:
    // a client has 10 s to send its request, and its headers are bounded, so half-open connections
    // end
    setDefault("sun.net.httpserver.maxReqTime", "10");
    setDefault("sun.net.httpserver.maxReqHeaderSize", "16384");
    setDefault("sun.net.httpserver.maxReqHeaders", "100");
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final ApiHandler handler;

  private LocalApiServer(HttpServer server, ExecutorService workers, ApiHandler handler) {
    this.server = server;
    this.workers = workers;
    this.handler = handler;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static LocalApiServer start(ApiHandler handler, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    // a virtual thread per exchange: a client that sends its request slowly parks one, and stalls
    // nobody else
    ExecutorService workers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("adstream-serve-", 0).factory());
    LocalApiServer local = new LocalApiServer(server, workers, handler);
    server.createContext("/v1/", local::api);
    server.createContext("/", local::site);
    server.setExecutor(workers);
    server.start();
    return local;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI target = exchange.getRequestURI();
      if (target.getRawPath().length()
              + (target.getRawQuery() == null ? 0 : target.getRawQuery().length())
          > MAX_TARGET_LENGTH) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(
            exchange,
            414,
            ("{\"error\":\"uri_too_long\",\"message\":\"path and query may have at most "
                    + MAX_TARGET_LENGTH
                    + " characters\"}")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      APIGatewayV2HTTPResponse response =
          handler.handleRequest(
              event(exchange), LocalContext.of("adstream-api", REQUEST_TIMEOUT, System.err));
      byte[] body =
          response.getBody() == null
              ? new byte[0]
              : response.getBody().getBytes(StandardCharsets.UTF_8);
      response
          .getHeaders()
          .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      send(exchange, response.getStatusCode(), body);
    } catch (RuntimeException e) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      send(exchange, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
      throw e;
    }
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * The request as API Gateway's HTTP API passes it to Lambda: raw path, decoded query, lower-case
   * headers.
   */
  static APIGatewayV2HTTPEvent event(HttpExchange exchange) {
    URI uri = exchange.getRequestURI();
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    APIGatewayV2HTTPEvent event =
        ApiRequests.request(
            exchange.getRequestMethod(),
            uri.getRawPath(),
            ApiRequests.query(uri.getRawQuery()),
            headers);
    // what the gateway adds about the route and the connection; the handler reads none of it
    event.setRouteKey("$default");
    event.setRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery());
    event.setIsBase64Encoded(false);
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    context.setStage("$default");
    context.setRouteKey("$default");
    context.setTimeEpoch(System.currentTimeMillis());
    APIGatewayV2HTTPEvent.RequestContext.Http http = context.getHttp();
    http.setProtocol(exchange.getProtocol());
    http.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
    http.setUserAgent(headers.getOrDefault("user-agent", ""));
    return event;
  }

  private void site(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String name = path.equals("/") ? "index.html" : path.substring(1);
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, new byte[0]);
        return;
      }
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      if (name.equals("config.json")) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, LOCAL_SITE_CONFIG.getBytes(StandardCharsets.UTF_8));
        return;
      }
      String type = SITE_FILES.get(name);
      InputStream resource =
          type == null
              ? null
              : LocalApiServer.class.getClassLoader().getResourceAsStream(SITE + name);
      if (resource == null) {
        send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] bytes;
      try (resource) {
        bytes = resource.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      if (name.equals("index.html")) {
        exchange
            .getResponseHeaders()
            .set(
                "Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      }
      send(exchange, 200, bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean empty = body.length == 0 || status == 304 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The files the dashboard is made of (for tests and packaging checks). */
  static List<String> siteFiles() {
    return List.copyOf(SITE_FILES.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
