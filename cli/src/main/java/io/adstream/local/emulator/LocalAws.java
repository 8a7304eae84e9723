package io.adstream.local.emulator;

import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.AwsService;
import io.adstream.aws.AwsTarget;
import io.adstream.state.aws.CapacityLedger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AWS that the local runner and the integration tests talk to.
 *
 * <p>With {@code AWS_ENDPOINT_URL} set (LocalStack, Floci, a shared emulator, or real AWS), nothing
 * is started and the clients go there. Otherwise an embedded emulator starts and serves every
 * service: MiniStack by default, moto with {@code ADSTREAM_EMULATOR=moto} (the suite's
 * cross-check). When no Python on the machine suits MiniStack (it needs 3.10+) and none was asked
 * for, moto serves instead, and a line on standard error says so. A service-specific {@code
 * AWS_ENDPOINT_URL_<SERVICE>} still wins for its service.
 *
 * <p>Known gaps that the project handles rather than hides are in docs/emulators.md. What was
 * started stops on {@link #close()} and, failing that, when the JVM exits.
 */
public final class LocalAws implements AutoCloseable {

  private final AwsClientFactory clients;
  private final CapacityLedger capacity;
  private final ResourceJournal journal = new ResourceJournal();
  private final Optional<EmulatorServer> server;
  private final StartupTimes startupTimes;
  private final Thread stopAtExit;
  private boolean stopped;

  /**
   * Which emulator started and how long each part took; empty = not started (an external endpoint).
   * The venv setup is the first-run install, or a check that the installed venv is current.
   */
  public record StartupTimes(
      Optional<Emulator> emulator, Optional<Duration> venvSetup, Optional<Duration> start) {
    static final StartupTimes NONE =
        new StartupTimes(Optional.empty(), Optional.empty(), Optional.empty());
  }

  private LocalAws(AwsClientFactory clients, Optional<EmulatorServer> server, StartupTimes times) {
    this.capacity = new CapacityLedger(clients::dynamoDb);
    this.clients = clients.withInterceptor(capacity).withInterceptor(journal);
    this.server = server;
    this.startupTimes = times;
    this.stopAtExit = new Thread(this::stopServer, "adstream-emulator-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Local AWS for the process environment. */
  public static LocalAws start() {
    return start(System.getenv());
  }

  public static LocalAws start(Map<String, String> environment) {
    AwsTarget configured = AwsTarget.fromEnvironment(environment);
    boolean embeddedNeeded = false;
    for (AwsService service : AwsService.values()) {
      embeddedNeeded |= configured.endpoint(service).isEmpty();
    }
    if (!embeddedNeeded) {
      return new LocalAws(clients(environment, configured), Optional.empty(), StartupTimes.NONE);
    }
    Optional<Emulator> asked = Emulator.named(environment.get(Emulator.VARIABLE));
    ProjectDirectory project = ProjectDirectory.locate(environment);
    Emulator emulator = asked.orElse(Emulator.MINISTACK);
    Timed<Path> python;
    try {
      python = Timed.run(() -> EmulatorVenv.ensure(project, emulator));
    } catch (EmulatorVenv.NoSuitablePython e) {
      if (asked.isPresent()) {
        throw e;
      }
      System.err.println(
          "adstream: no Python 3.10+ for MiniStack; the embedded emulator is moto instead");
      Timed<Path> moto = Timed.run(() -> EmulatorVenv.ensure(project, Emulator.MOTO));
      return started(environment, configured, Emulator.MOTO, moto, project);
    }
    return started(environment, configured, emulator, python, project);
  }

  private static LocalAws started(
      Map<String, String> environment,
      AwsTarget configured,
      Emulator emulator,
      Timed<Path> python,
      ProjectDirectory project) {
    Timed<EmulatorServer> server =
        Timed.run(() -> EmulatorServer.start(emulator, python.value(), project));
    try {
      Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
      for (AwsService service : AwsService.values()) {
        endpoints.put(service, configured.endpoint(service).orElse(server.value().endpoint()));
      }
      AwsTarget target =
          new AwsTarget(
              configured.region().or(() -> Optional.of(AwsTarget.EMULATOR_REGION)), endpoints);
      return new LocalAws(
          clients(environment, target),
          Optional.of(server.value()),
          new StartupTimes(
              Optional.of(emulator), Optional.of(python.took()), Optional.of(server.took())));
    } catch (RuntimeException e) {
      server.value().close();
      throw e;
    }
  }

  private static AwsClientFactory clients(Map<String, String> environment, AwsTarget target) {
    return AwsClientFactory.builder().environment(environment).target(target).build();
  }

  /**
   * DynamoDB capacity consumed through {@link #clients()} so far, computed from item sizes (what an
   * emulator reports is kept beside it, not trusted).
   */
  public CapacityLedger capacity() {
    return capacity;
  }

  /** Clients for this AWS; the same factory the handlers take. */
  public AwsClientFactory clients() {
    return clients;
  }

  public AwsTarget target() {
    return clients.target();
  }

  /**
   * True when this instance started an emulator process (false: an external endpoint is in use).
   */
  public boolean embedded() {
    return server.isPresent();
  }

  /** The embedded emulator serving the clients; empty when an external endpoint is in use. */
  public Optional<Emulator> emulator() {
    return startupTimes.emulator();
  }

  /** Where the embedded emulator listens, for other tools to be pointed at it. */
  public Optional<URI> endpoint() {
    return server.map(EmulatorServer::endpoint);
  }

  /**
   * Deletes every resource created through {@link #clients()} (tables, streams, buckets with all
   * their objects, delivery streams, topics, queues, secrets): a test run's way of leaving a
   * long-lived endpoint as it found it. Returns what could not be deleted, with the reason.
   */
  public List<String> deleteCreatedResources() {
    return journal.deleteAll(clients);
  }

  public StartupTimes startupTimes() {
    return startupTimes;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: stopping twice is harmless
    }
    stopServer();
  }

  private synchronized void stopServer() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.ifPresent(EmulatorServer::close);
  }

  private record Timed<T>(T value, Duration took) {
    static <T> Timed<T> run(Supplier<T> task) {
      long start = System.nanoTime();
      T value = task.get();
      return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
