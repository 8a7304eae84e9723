package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.MappingSettings;
import io.adstream.stream.SourceRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda's Kinesis event source mapping, in this JVM: one sequential poller per shard that batches
 * records and invokes the same handler class that runs in Lambda, with its failure handling (item
 * failures, bisection, retries, record age) and an S3 on-failure destination (see {@link
 * BatchDelivery} and {@link ParkedBatch}).
 *
 * <pre>{@code
 * try (EventSourceMapping mapping = EventSourceMapping.builder()
 *         .plan(plan)                      // stream, function, settings, on-failure bucket
 *         .clients(localAws.clients())
 *         .handler(ProcessorHandler::new)  // one instance per shard, like one execution environment
 *         .build()
 *         .start()) {
 *   MappingStats stats = mapping.awaitDrained(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * The shards are those of the stream when {@link #start()} runs; resharding while running is not
 * followed.
 */
public final class EventSourceMapping implements AutoCloseable {

  private final Builder config;
  private final KinesisClient kinesis;
  private final S3Client s3;
  private final ExecutorService handlerThreads;
  private final Object lifecycle; // start and close exclude each other; callers cannot hold it
  private final List<ShardPoller> pollers = new ArrayList<>();
  private final List<ShardCounters> counters = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private EventSourceMapping(Builder config) {
    this.config = config;
    this.kinesis = config.aws.kinesis();
    this.s3 = config.aws.s3();
    this.lifecycle = new Object();
    this.handlerThreads =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("adstream-function-", 0).factory());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Lists the stream's shards and starts polling each; returns this mapping. */
  public EventSourceMapping start() {
    synchronized (lifecycle) {
      return startLocked();
    }
  }

  private EventSourceMapping startLocked() {
    if (!pollers.isEmpty()) {
      throw new IllegalStateException("the mapping is already running");
    }
    ProvisioningPlan plan = config.plan;
    ProvisioningPlan.MappingPlan mapping = plan.mapping();
    MappingSettings settings = config.settings.orElse(mapping.settings());
    FunctionIdentity function =
        new FunctionIdentity(
            mapping.functionName(),
            plan.functionArn(),
            mapping.functionMemoryMb(),
            config.functionTimeout.orElse(mapping.functionTimeout()));
    KinesisEvents events =
        new KinesisEvents(
            plan.streamArn(),
            plan.region(),
            "arn:aws:iam::" + plan.account() + ":role/" + mapping.functionName() + "-role");
    String mappingUuid =
        UUID.nameUUIDFromBytes(
                (plan.functionArn() + "|" + plan.streamArn()).getBytes(StandardCharsets.UTF_8))
            .toString();
    OnFailureDestination destination =
        config.onFailure.orElseGet(
            () ->
                new S3OnFailureDestination(
                    s3, mapping.onFailureBucket(), mappingUuid, plan.functionArn(), events));
    FunctionLog log = new FunctionLog(config.functionLog);
    ShardIteratorType startingPosition = ShardIteratorType.fromValue(settings.startingPosition());

    for (Shard shard : shards(mapping.streamName())) {
      ShardCounters shardCounters = new ShardCounters(shard.shardId());
      LambdaHandlerInvoker invoker =
          new LambdaHandlerInvoker(
              config.handler,
              events,
              function,
              settings.reportBatchItemFailures(),
              handlerThreads,
              log);
      BatchDelivery delivery =
          new BatchDelivery(
              shard.shardId(),
              invoker,
              destination,
              settings,
              config.clock,
              shardCounters,
              config.onCompleted);
      ShardReader reader =
          new KinesisShardReader(
              kinesis,
              mapping.streamName(),
              shard.shardId(),
              startingPosition,
              config.delivery == KinesisDelivery.STANDARD);
      if (config.delivery == KinesisDelivery.ENHANCED_FAN_OUT) {
        reader = new PushedShardReader(reader, KinesisDelivery.PUSH_PROPAGATION, config.clock);
      }
      ShardPoller poller =
          new ShardPoller(
              reader,
              delivery,
              shardCounters,
              settings,
              config.idlePollInterval.orElse(config.delivery.idlePollInterval()),
              config.errors);
      counters.add(shardCounters);
      pollers.add(poller);
    }
    for (ShardPoller poller : pollers) {
      threads.add(
          Thread.ofPlatform().daemon().name("adstream-poller-" + poller.shardId()).start(poller));
    }
    return this;
  }

  private List<Shard> shards(String streamName) {
    List<Shard> shards = new ArrayList<>();
    ListShardsResponse page = kinesis.listShards(b -> b.streamName(streamName));
    shards.addAll(page.shards());
    while (page.nextToken() != null) {
      String next = page.nextToken();
      page = kinesis.listShards(b -> b.nextToken(next));
      shards.addAll(page.shards());
    }
    return shards;
  }

  /**
   * Waits until every shard has been read to its end: each has delivered or parked all it read, and
   * a poll that started after this call found nothing new.
   *
   * @throws DrainTimeoutException if that does not happen within {@code timeout}
   */
  public MappingStats awaitDrained(Duration timeout) throws InterruptedException {
    if (pollers.isEmpty()) {
      throw new IllegalStateException("the mapping is not running: call start() first");
    }
    long since = System.nanoTime();
    long deadline = since + timeout.toNanos();
    while (true) {
      List<String> busy =
          pollers.stream().filter(p -> !p.drainedSince(since)).map(ShardPoller::shardId).toList();
      if (busy.isEmpty()) {
        return stats();
      }
      if (System.nanoTime() > deadline) {
        throw new DrainTimeoutException(timeout, busy, stats());
      }
      Thread.sleep(10);
    }
  }

  public MappingStats stats() {
    return new MappingStats(counters.stream().map(ShardCounters::snapshot).toList());
  }

  /** Stops polling (an invocation in progress is interrupted) and closes the clients. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closeLocked();
    }
  }

  private void closeLocked() {
    threads.forEach(Thread::interrupt);
    boolean interrupted = false;
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        interrupted = true; // finish closing, then let the caller see the interrupt
      }
    }
    handlerThreads.shutdownNow();
    kinesis.close();
    s3.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a mapping; plan, clients and handler are required. */
  public static final class Builder {
    private ProvisioningPlan plan;
    private AwsClientFactory aws;
    private Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handler;
    private Optional<MappingSettings> settings = Optional.empty();
    private Optional<Duration> functionTimeout = Optional.empty();
    private Optional<OnFailureDestination> onFailure = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private KinesisDelivery delivery = KinesisDelivery.STANDARD;
    private Optional<Duration> idlePollInterval = Optional.empty();
    private PrintStream functionLog = System.out;
    private PrintStream errors = System.err;
    private Consumer<List<SourceRecord>> onCompleted = records -> {};

    private Builder() {}

    /** The stream, function, mapping settings and on-failure bucket, as provisioned. */
    public Builder plan(ProvisioningPlan plan) {
      this.plan = plan;
      return this;
    }

    public Builder clients(AwsClientFactory aws) {
      this.aws = aws;
      return this;
    }

    /**
     * Makes the handler: called once per shard, as Lambda gives each concurrently processed shard
     * an execution environment of its own.
     */
    public Builder handler(
        Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handler) {
      this.handler = handler;
      return this;
    }

    /** Other mapping settings than the plan's. */
    public Builder settings(MappingSettings settings) {
      this.settings = Optional.of(settings);
      return this;
    }

    /** Another function timeout than the plan's (which the configuration keeps at 10 s or more). */
    public Builder functionTimeout(Duration timeout) {
      this.functionTimeout = Optional.of(timeout);
      return this;
    }

    /** Another on-failure destination than the plan's S3 bucket. */
    public Builder onFailure(OnFailureDestination destination) {
      this.onFailure = Optional.of(destination);
      return this;
    }

    /** The clock that record ages and parked timestamps are measured with. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How records reach the function: polled (the default) or pushed by enhanced fan-out. */
    public Builder delivery(KinesisDelivery delivery) {
      this.delivery = Objects.requireNonNull(delivery, "delivery");
      return this;
    }

    /** How often an idle shard is read, instead of the delivery's (Lambda polls once a second). */
    public Builder idlePollInterval(Duration interval) {
      this.idlePollInterval = Optional.of(interval);
      return this;
    }

    /** Where the function's log lines go (Lambda: CloudWatch Logs); standard output by default. */
    public Builder functionLog(PrintStream out) {
      this.functionLog = out;
      return this;
    }

    /** Where the mapping reports errors it retries; standard error by default. */
    public Builder errors(PrintStream out) {
      this.errors = out;
      return this;
    }

    /**
     * Called on the shard's poller thread with each run of records the function completed
     * (checkpointed), in sequence order; e.g. to measure the time from put to processing.
     */
    public Builder onCompleted(Consumer<List<SourceRecord>> listener) {
      this.onCompleted = listener;
      return this;
    }

    public EventSourceMapping build() {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(aws, "clients");
      Objects.requireNonNull(handler, "handler");
      return new EventSourceMapping(this);
    }
  }
}
