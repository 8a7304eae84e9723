package io.adstream.cli;

import io.adstream.aws.AwsClientFactory;
import io.adstream.config.AdstreamConfig;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.serve.LocalApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adstream serve}: the read API and the dashboard on 127.0.0.1, over the state wherever the
 * SDK's environment points (AWS_ENDPOINT_URL, or an AWS account). The embedded emulator lives only
 * as long as {@code adstream local}, so to watch a local run use {@code adstream local --serve}.
 */
@Command(
    name = "serve",
    sortOptions = false,
    description = {
      "Serves the read API (/v1/...) and the live campaign dashboard on 127.0.0.1 until Ctrl-C, reading the state"
          + " at AWS_ENDPOINT_URL (an emulator) or in the AWS account of the current credentials.",
      "To watch a local run on the embedded emulator: adstream local --serve."
    })
final class ServeCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 8080;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--port",
      defaultValue = "" + DEFAULT_PORT,
      description = "Loopback port (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(
      names = "--config",
      description = "adstream configuration overrides (JSON): the prefix names the tables read.")
  Optional<Path> config;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig adstreamConfig =
        config
            .map(file -> TrafficOptions.readConfig(spec, file))
            .orElseGet(AdstreamConfig::defaults);
    serveUntilStopped(
        spec.commandLine().getOut(), AwsClientFactory.fromEnvironment(), adstreamConfig, port);
    return 0;
  }

  /**
   * Serves until the process is interrupted (Ctrl-C): shutdown hooks then stop the server and the
   * emulator.
   */
  static void serveUntilStopped(
      PrintWriter out, AwsClientFactory aws, AdstreamConfig config, int port)
      throws IOException, InterruptedException {
    try (LocalApiServer server = start(out, aws, config, port)) {
      out.println("  Ctrl-C stops");
      out.flush();
      new CountDownLatch(1).await();
    }
  }

  static LocalApiServer start(
      PrintWriter out, AwsClientFactory aws, AdstreamConfig config, int port) throws IOException {
    LocalApiServer server =
        LocalApiServer.start(new ApiHandler(aws, config, Clock.systemUTC()), port);
    out.printf("  dashboard    %s  (API under %sv1/)%n", server.uri(), server.uri());
    out.flush();
    return server;
  }
}
