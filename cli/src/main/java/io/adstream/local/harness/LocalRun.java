package io.adstream.local.harness;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.AwsTarget;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.aws.SimulatedLatency;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.mapping.EventSourceMapping;
import io.adstream.local.mapping.KinesisDelivery;
import io.adstream.local.mapping.MappingStats;
import io.adstream.local.mapping.ScheduledInvocation;
import io.adstream.local.mapping.ShardStats;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.stream.SourceRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One local run of the pipeline: provision from the configuration, start the event source mapping
 * with the handler, put the NDJSON lines (as fast as Kinesis takes them, or at a {@link
 * PutSchedule}'s pace), wait until every shard is drained, report. Records reach the function as
 * {@code stream.enhancedFanOut} says they would in AWS ({@link KinesisDelivery}). The pieces of
 * {@code adstream local}; the command line wires its options and the processor handler to this.
 *
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start()) {
 *   RunReport report = LocalRun.builder().aws(aws).config(config).handler(ProcessorHandler::new).build()
 *       .run(lines);
 *   System.out.print(report.summary());
 * }
 * }</pre>
 */
public final class LocalRun {

  private final Builder config;

  private LocalRun(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RunReport run(Iterator<byte[]> lines) throws InterruptedException {
    // the plan's ARNs and bucket name follow the region the clients use (AWS_REGION, else
    // us-east-1)
    ProvisioningPlan plan =
        ProvisioningPlan.of(
            config.config,
            ProvisioningPlan.LOCAL_ACCOUNT,
            config.aws.target().region().orElse(AwsTarget.EMULATOR_REGION));
    new LocalProvisioner(config.aws.clients()).provision(plan);
    KinesisDelivery delivery = KinesisDelivery.of(config.config.stream().enhancedFanOut());
    AwsClientFactory clients =
        config
            .simulatedLatency
            .map(config.aws.clients()::withSimulatedLatency)
            .orElse(config.aws.clients());
    PutLog putLog = new PutLog();
    LatencyRecorder latencies = new LatencyRecorder(putLog);
    BudgetRecorder budget = new BudgetRecorder();
    Optional<VisibilityProbe> probe =
        config.api.map(api -> new VisibilityProbe(api.apply(clients), latencies));
    Consumer<List<SourceRecord>> completed =
        records -> {
          latencies.completed(records);
          probe.ifPresent(p -> p.completed(records));
        };
    EventSourceMapping.Builder mappingBuilder =
        EventSourceMapping.builder()
            .plan(plan)
            // pushed records are not read with GetRecords round trips: their delay is the
            // propagation's
            .clients(delivery == KinesisDelivery.ENHANCED_FAN_OUT ? config.aws.clients() : clients)
            .handler(() -> config.handler.apply(budget, clients))
            .delivery(delivery)
            .functionLog(config.functionLog)
            .onCompleted(completed);
    config.idlePollInterval.ifPresent(mappingBuilder::idlePollInterval);
    // started before the puts, so that records are processed while later ones are still being put
    try (EventSourceMapping mapping = mappingBuilder.build().start();
        KinesisClient kinesis = clients.kinesis()) {
      ProgressBar progress =
          ProgressBar.start(
              config.progressOut,
              config.terminal,
              () -> progress(mapping.stats(), putLog, latencies));
      try {
        long start = System.nanoTime();
        KinesisLoader loader =
            new KinesisLoader(
                kinesis, plan.stream().name(), config.partitionKeys, putLog, config.maxPutAttempts);
        long measuredFrom = start + config.warmup.toNanos();
        budget.measureFrom(measuredFrom);
        KinesisLoader.LoadResult load =
            config.schedule.isPresent()
                ? loader.load(lines, config.schedule.get())
                : loader.load(lines);
        MappingStats stats = mapping.awaitDrained(config.drainTimeout);
        Duration processing = Duration.ofNanos(System.nanoTime() - start);
        if (probe.isPresent()) {
          probe.get().awaitIdle(Duration.ofSeconds(30));
        }
        return new RunReport(
            config.aws.startupTimes(),
            new RunReport.Setup(
                delivery, config.schedule, config.warmup, config.simulatedLatency.isPresent()),
            load,
            processing,
            stats,
            latencies.report(measuredFrom),
            budget,
            probe.map(VisibilityProbe::counts),
            scheduledAlerts(plan));
      } finally {
        progress.close();
        probe.ifPresent(VisibilityProbe::close);
      }
    }
  }

  /**
   * The scheduled alert check, once the stream is drained: what its EventBridge schedule would run
   * next.
   */
  private Map<String, Integer> scheduledAlerts(ProvisioningPlan plan) {
    if (config.alertCheck == null) {
      return Map.of();
    }
    ResourceNames names = config.config.names();
    return ScheduledInvocation.invoke(
        config.alertCheck.get(),
        plan,
        names.alertCheckFunction(),
        names.alertCheckSchedule(),
        config.config.alerts().scheduledCheck().rate(),
        Instant.now(),
        config.functionLog);
  }

  private ProgressBar.Progress progress(
      MappingStats stats, PutLog putLog, LatencyRecorder latencies) {
    ShardStats total = stats.total();
    // in a streaming run, the latency of the last seconds' records: what the run is doing now
    String detail =
        config.schedule.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "  p99 put->processed %,d ms (last 10 s)",
                latencies.recent(Duration.ofSeconds(10).toNanos()).p99().toMillis());
    return new ProgressBar.Progress(
        total.recordsCompleted(), putLog.size(), total.recordsParked(), total.retries(), detail);
  }

  /** Configures a run; aws, config and handler are required. */
  public static final class Builder {
    private LocalAws aws;
    private AdstreamConfig config;
    private BiFunction<
            BudgetRecorder, AwsClientFactory, RequestHandler<KinesisEvent, StreamsEventResponse>>
        handler;
    private Supplier<? extends RequestHandler<ScheduledEvent, Map<String, Integer>>> alertCheck;
    private PartitionKeyFunction partitionKeys = PartitionKeyFunction.producers();
    private Duration drainTimeout = Duration.ofMinutes(30);
    private Optional<Duration> idlePollInterval = Optional.empty();
    private Optional<PutSchedule> schedule = Optional.empty();
    private Duration warmup = Duration.ZERO;
    private Optional<SimulatedLatency> simulatedLatency = Optional.empty();
    private Optional<
            Function<
                AwsClientFactory,
                ? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>>
        api = Optional.empty();
    private int maxPutAttempts = 10;
    private PrintStream progressOut = System.err;
    private boolean terminal = ProgressBar.interactive();
    private PrintStream functionLog = System.out;

    private Builder() {}

    public Builder aws(LocalAws aws) {
      this.aws = aws;
      return this;
    }

    public Builder config(AdstreamConfig config) {
      this.config = config;
      return this;
    }

    /** Makes the processor handler, once per shard. */
    public Builder handler(
        Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handler) {
      Objects.requireNonNull(handler, "handler");
      this.handler = (budget, clients) -> handler.get();
      return this;
    }

    /**
     * Makes the processor handler, once per shard, with the clients it is to use: the run's (with
     * simulated latency if asked), logging their calls so that the report can break each
     * invocation's time down.
     */
    public Builder handlerOn(
        Function<AwsClientFactory, ? extends RequestHandler<KinesisEvent, StreamsEventResponse>>
            handler) {
      Objects.requireNonNull(handler, "handler");
      this.handler = (budget, clients) -> budget.instrument(clients, handler);
      return this;
    }

    /** Puts the records at this pace instead of as fast as Kinesis takes them: a streaming run. */
    public Builder schedule(PutSchedule schedule) {
      this.schedule = Optional.of(schedule);
      return this;
    }

    /**
     * Leaves the records put in the first {@code warmup} out of the latencies and the budget: a
     * fresh JVM runs its first batches interpreted, as a Lambda cold start would, once, not for
     * every batch.
     */
    public Builder warmup(Duration warmup) {
      this.warmup = Objects.requireNonNull(warmup, "warmup");
      return this;
    }

    /** Makes every call of the run (puts, reads, the function's) take about as long as in AWS. */
    public Builder simulatedLatency(SimulatedLatency latency) {
      this.simulatedLatency = Optional.of(latency);
      return this;
    }

    /**
     * The read API, made with the run's clients: with it, each completed run of records is read
     * back through it and the report has put-to-aggregate-visible latencies.
     */
    public Builder api(
        Function<
                AwsClientFactory,
                ? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>
            api) {
      this.api = Optional.of(api);
      return this;
    }

    /** The scheduled alert check's handler, run once every shard is drained (none unless set). */
    public Builder alertCheck(
        Supplier<? extends RequestHandler<ScheduledEvent, Map<String, Integer>>> alertCheck) {
      this.alertCheck = alertCheck;
      return this;
    }

    /**
     * The partition key of each line; by default the producers' rule (a user token, or the
     * campaign).
     */
    public Builder partitionKeys(PartitionKeyFunction partitionKeys) {
      this.partitionKeys = partitionKeys;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    /**
     * How often an idle shard is read, instead of what {@code stream.enhancedFanOut} makes it
     * (Lambda's once a second, or pushed records): tests poll faster to finish sooner.
     */
    public Builder idlePollInterval(Duration interval) {
      this.idlePollInterval = Optional.of(interval);
      return this;
    }

    public Builder maxPutAttempts(int attempts) {
      this.maxPutAttempts = attempts;
      return this;
    }

    /**
     * Where progress is drawn and whether it is a terminal (by default standard error, detected).
     */
    public Builder progress(PrintStream out, boolean terminal) {
      this.progressOut = out;
      this.terminal = terminal;
      return this;
    }

    /** Where the function's log lines go; standard output by default. */
    public Builder functionLog(PrintStream out) {
      this.functionLog = out;
      return this;
    }

    public LocalRun build() {
      Objects.requireNonNull(aws, "aws");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(handler, "handler");
      return new LocalRun(this);
    }
  }
}
