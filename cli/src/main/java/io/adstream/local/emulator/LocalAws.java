package io.adstream.local.emulator;

import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.AwsService;
import io.adstream.aws.AwsTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The AWS that the local runner and the integration tests talk to.
 *
 * <p>With {@code AWS_ENDPOINT_URL} set (LocalStack, Floci, a shared emulator, or real AWS), nothing is
 * started and the clients go there. Otherwise an embedded emulator starts: moto in server mode from the
 * project's venv for Kinesis, Firehose, S3, SNS, SQS and Secrets Manager, and DynamoDB Local in this JVM
 * for DynamoDB (faster than moto's, with faithful conditions, transaction cancellation reasons and
 * consumed capacity). A service-specific {@code AWS_ENDPOINT_URL_<SERVICE>} still wins for its service.
 *
 * <p>Known gaps of moto that the project handles rather than hides: Kinesis must be spoken to in JSON
 * (the client factory turns CBOR off); metrics go out as EMF log lines, never PutMetricData; TTL never
 * deletes, and no adstream code relies on TTL deletion. What was started stops on {@link #close()} and,
 * failing that, when the JVM exits.
 */
public final class LocalAws implements AutoCloseable {

  private final AwsClientFactory clients;
  private final Optional<MotoServer> moto;
  private final Optional<DynamoDbLocalServer> dynamoDb;
  private final StartupTimes startupTimes;
  private final Thread stopAtExit;
  private boolean stopped;

  /**
   * How long each part took to start; empty = not started. The venv setup is the first-run install, or a
   * check that the installed venv is current.
   */
  public record StartupTimes(Optional<Duration> venvSetup, Optional<Duration> moto, Optional<Duration> dynamoDbLocal) {}

  private LocalAws(
      AwsClientFactory clients, Optional<MotoServer> moto, Optional<DynamoDbLocalServer> dynamoDb, StartupTimes times) {
    this.clients = clients;
    this.moto = moto;
    this.dynamoDb = dynamoDb;
    this.startupTimes = times;
    this.stopAtExit = new Thread(this::stopServers, "adstream-emulator-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Local AWS for the process environment. */
  public static LocalAws start() {
    return start(System.getenv());
  }

  public static LocalAws start(Map<String, String> environment) {
    AwsTarget configured = AwsTarget.fromEnvironment(environment);
    boolean motoNeeded = false;
    for (AwsService service : AwsService.values()) {
      motoNeeded |= service != AwsService.DYNAMODB && configured.endpoint(service).isEmpty();
    }
    boolean dynamoDbNeeded = configured.endpoint(AwsService.DYNAMODB).isEmpty();

    CompletableFuture<Timed<DynamoDbLocalServer>> dynamoDb =
        dynamoDbNeeded
            ? CompletableFuture.supplyAsync(() -> Timed.run(DynamoDbLocalServer::start), LocalAws::startBeside)
            : CompletableFuture.completedFuture(null);
    Optional<Timed<Path>> venv = Optional.empty();
    Optional<Timed<MotoServer>> moto = Optional.empty();
    try {
      if (motoNeeded) {
        ProjectDirectory project = ProjectDirectory.locate(environment);
        Timed<Path> python = Timed.run(() -> EmulatorVenv.ensure(project));
        venv = Optional.of(python);
        moto = Optional.of(Timed.run(() -> MotoServer.start(python.value(), project)));
      }
      Optional<Timed<DynamoDbLocalServer>> dynamoDbStarted = Optional.ofNullable(joinStartup(dynamoDb));

      Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
      for (AwsService service : AwsService.values()) {
        Optional<URI> embedded =
            service == AwsService.DYNAMODB
                ? dynamoDbStarted.map(d -> d.value().endpoint())
                : moto.map(m -> m.value().endpoint());
        configured.endpoint(service).or(() -> embedded).ifPresent(endpoint -> endpoints.put(service, endpoint));
      }
      AwsTarget target = new AwsTarget(configured.region().or(() -> Optional.of(AwsTarget.EMULATOR_REGION)), endpoints);
      return new LocalAws(
          AwsClientFactory.builder().environment(environment).target(target).build(),
          moto.map(Timed::value),
          dynamoDbStarted.map(Timed::value),
          new StartupTimes(
              venv.map(Timed::took), moto.map(Timed::took), dynamoDbStarted.map(Timed::took)));
    } catch (RuntimeException e) {
      moto.ifPresent(m -> m.value().close());
      dynamoDb.thenAccept(d -> Optional.ofNullable(d).ifPresent(started -> started.value().close()));
      throw e;
    }
  }

  /** Clients for this AWS; the same factory the handlers take. */
  public AwsClientFactory clients() {
    return clients;
  }

  public AwsTarget target() {
    return clients.target();
  }

  /** True when this instance started emulator processes (false: an external endpoint is in use). */
  public boolean embedded() {
    return moto.isPresent() || dynamoDb.isPresent();
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
    stopServers();
  }

  private synchronized void stopServers() {
    if (stopped) {
      return;
    }
    stopped = true;
    moto.ifPresent(MotoServer::close);
    dynamoDb.ifPresent(DynamoDbLocalServer::close);
  }

  /** Runs a startup task on a thread of its own, beside the caller's. */
  private static void startBeside(Runnable task) {
    Thread.ofPlatform().daemon().name("adstream-emulator-start").start(task);
  }

  private static <T> T joinStartup(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  private record Timed<T>(T value, Duration took) {
    static <T> Timed<T> run(Supplier<T> task) {
      long start = System.nanoTime();
      T value = task.get();
      return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
