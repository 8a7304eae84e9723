package io.adstream.local.harness;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsTarget;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.mapping.EventSourceMapping;
import io.adstream.local.mapping.MappingStats;
import io.adstream.local.mapping.ScheduledInvocation;
import io.adstream.local.mapping.ShardStats;
import io.adstream.local.provision.LocalProvisioner;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One local run of the pipeline: provision from the configuration, start the event source mapping with
 * the handler, put the NDJSON lines, wait until every shard is drained, report. The pieces of
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
    // the plan's ARNs and bucket name follow the region the clients use (AWS_REGION, else us-east-1)
    ProvisioningPlan plan =
        ProvisioningPlan.of(
            config.config,
            ProvisioningPlan.LOCAL_ACCOUNT,
            config.aws.target().region().orElse(AwsTarget.EMULATOR_REGION));
    new LocalProvisioner(config.aws.clients()).provision(plan);
    PutLog putLog = new PutLog();
    LatencyRecorder latencies = new LatencyRecorder(putLog);
    // started before the puts, so that records are processed while later ones are still being put
    try (EventSourceMapping mapping =
            EventSourceMapping.builder()
                .plan(plan)
                .clients(config.aws.clients())
                .handler(config.handler)
                .idlePollInterval(config.idlePollInterval)
                .functionLog(config.functionLog)
                .onCompleted(latencies::completed)
                .build()
                .start();
        KinesisClient kinesis = config.aws.clients().kinesis()) {
      ProgressBar progress = ProgressBar.start(config.progressOut, config.terminal, () -> progress(mapping.stats(), putLog));
      try {
        long start = System.nanoTime();
        KinesisLoader.LoadResult load =
            new KinesisLoader(kinesis, plan.stream().name(), config.partitionKeys, putLog, config.maxPutAttempts).load(lines);
        MappingStats stats = mapping.awaitDrained(config.drainTimeout);
        Duration processing = Duration.ofNanos(System.nanoTime() - start);
        return new RunReport(
            config.aws.startupTimes(), load, processing, stats, latencies.latencies(), scheduledAlerts(plan));
      } finally {
        progress.close();
      }
    }
  }

  /** The scheduled alert check, once the stream is drained: what its EventBridge schedule would run next. */
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

  private static ProgressBar.Progress progress(MappingStats stats, PutLog putLog) {
    ShardStats total = stats.total();
    return new ProgressBar.Progress(total.recordsCompleted(), putLog.size(), total.recordsParked(), total.retries());
  }

  /** Configures a run; aws, config and handler are required. */
  public static final class Builder {
    private LocalAws aws;
    private AdstreamConfig config;
    private Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handler;
    private Supplier<? extends RequestHandler<ScheduledEvent, Map<String, Integer>>> alertCheck;
    private PartitionKeyFunction partitionKeys = PartitionKeyFunction.producers();
    private Duration drainTimeout = Duration.ofMinutes(30);
    private Duration idlePollInterval = Duration.ofMillis(100);
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
    public Builder handler(Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handler) {
      this.handler = handler;
      return this;
    }

    /** The scheduled alert check's handler, run once every shard is drained (none unless set). */
    public Builder alertCheck(Supplier<? extends RequestHandler<ScheduledEvent, Map<String, Integer>>> alertCheck) {
      this.alertCheck = alertCheck;
      return this;
    }

    /** The partition key of each line; by default the producers' rule (a user token, or the campaign). */
    public Builder partitionKeys(PartitionKeyFunction partitionKeys) {
      this.partitionKeys = partitionKeys;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    /**
     * How often an idle shard is polled: 100 ms by default, more often than Lambda's one second, so that
     * the measured latency is the pipeline's rather than the poll interval's (in AWS enhanced fan-out
     * pushes records instead).
     */
    public Builder idlePollInterval(Duration interval) {
      this.idlePollInterval = interval;
      return this;
    }

    public Builder maxPutAttempts(int attempts) {
      this.maxPutAttempts = attempts;
      return this;
    }

    /** Where progress is drawn and whether it is a terminal (by default standard error, detected). */
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
