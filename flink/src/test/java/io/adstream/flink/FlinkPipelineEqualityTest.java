package io.adstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.flink.local.EmbeddedKafka;
import io.adstream.flink.local.KafkaRun;
import io.adstream.flink.local.LocalCheckpoints;
import io.adstream.flink.local.PipelineOutputs;
import io.adstream.generator.TrafficProfile;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.MapDiff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generator's traffic through Kafka and the Flink job on a MiniCluster: its minute aggregates
 * (from the serving-state changelog), click and conversion outcomes and per-event alerts equal the
 * ground truth to the micro, and equal what the Lambda processing path computes from the same Kafka
 * records. Several seeds of both traffic mixes: display (impressions, few clicks) and search
 * (clicks without impression ids).
 */
class FlinkPipelineEqualityTest {
  private static final int EVENTS = 2_500;
  private static final int PARTITIONS = 4;
  private static final Path CHECKPOINTS = Path.of("target", "flink-checkpoints", "equality");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(failOnFirstError())
              .build());

  /**
   * A task failure here is a defect, not something to restart from: the job fails and the test with
   * it.
   */
  private static Configuration failOnFirstError() {
    Configuration configuration = new Configuration();
    configuration.setString("restart-strategy.type", "none");
    return LocalCheckpoints.in(CHECKPOINTS, configuration);
  }

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  /**
   * The state size of the job's last completed checkpoint, as Flink's checkpoint statistics give
   * it.
   */
  static long lastCheckpointBytes(MiniCluster cluster, JobID job) throws Exception {
    var checkpoint =
        cluster
            .getExecutionGraphInfo(job)
            .get()
            .getArchivedExecutionGraph()
            .getCheckpointStatsSnapshot()
            .getHistory()
            .getLatestCompletedCheckpoint();
    return checkpoint == null ? -1 : checkpoint.getStateSize();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static Stream<Arguments> seedsAndMixes() {
    return Stream.of(TrafficProfile.Mix.values())
        .flatMap(mix -> LongStream.of(1, 2, 3).mapToObj(seed -> Arguments.of(seed, mix)));
  }

  // generous, as a loaded 2-core machine needs, and in a thread of its own: a hang fails the test
  @ParameterizedTest(name = "seed {0}, {1}")
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @MethodSource("seedsAndMixes")
  void aggregatesJoinsAndAlertsEqualTheGroundTruthAndTheLambdaPath(
      long seed, TrafficProfile.Mix mix, @InjectMiniCluster MiniCluster cluster) throws Exception {
    SeededRun run = SeededRun.of(seed, EVENTS, mix);
    PiiKeys.Inline keys = PiiKeys.Inline.random();
    JobSettings settings =
        new JobSettings(
            kafka.bootstrapServers(), run.configOverrides(), keys, Duration.ofMillis(500), true, 2);
    KafkaRun job = new KafkaRun(kafka, settings);
    job.createTopics(PARTITIONS);
    job.put(run.keyedLines());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    JobID jobId = job.execute(env).getJobID();
    long flinkCpu = processCpuNanos() - cpu;
    long flinkWall = System.nanoTime() - wall;
    KafkaRun.Result flink = job.read();
    PipelineOutputs streamed = flink.outputs();

    assertThat(flink.totals().received())
        .as("records read")
        .isEqualTo(run.traffic().lines().size());
    assertThat(flink.totals().accepted()).isEqualTo(run.truth().records().accepted());
    assertThat(flink.totals().duplicates()).isEqualTo(run.truth().records().duplicates());
    assertThat(flink.totals().quarantined()).isEqualTo(run.truth().records().quarantined());
    assertThat(flink.quarantineLines()).isEqualTo(run.truth().records().quarantined());
    assertThat(flink.lateLines()).as("late side output").isEqualTo(run.truth().lateEvents().size());
    assertThat(MapDiff.of(run.expectedAggregates(), streamed.aggregates()))
        .as("aggregates vs truth, seed %d, start %s", seed, run.start())
        .isEmpty();
    assertThat(MapDiff.of(run.expectedClicks(), streamed.clickOutcomes()))
        .as("click joins vs truth, start %s", run.start())
        .isEmpty();
    assertThat(MapDiff.of(run.expectedConversions(), streamed.conversionOutcomes()))
        .as("conversions vs truth, start %s", run.start())
        .isEmpty();
    assertThat(SeededRun.perEventAlerts(streamed.alertIds()))
        .as("per-event alerts vs truth, start %s", run.start())
        .isEqualTo(run.expectedPerEventAlerts());
    assertThat(streamed.enrichedPositions().values())
        .as("no enriched line twice")
        .allMatch(n -> n == 1);

    Map<String, List<SourceRecord>> byShard = new LinkedHashMap<>();
    kafka
        .readCommitted(job.topics().events())
        .forEach(
            message ->
                byShard
                    .computeIfAbsent(
                        KafkaSourceRecords.shardId(message.partition()),
                        s -> new java.util.ArrayList<>())
                    .add(KafkaSourceRecords.of(message)));
    cpu = processCpuNanos();
    PipelineOutputs lambda =
        LambdaPath.run(run.config(), keys.provider(java.time.Clock.systemUTC()), byShard);
    long lambdaCpu = processCpuNanos() - cpu;
    // measurements for bench/results/lambda-vs-flink.md, never asserted (a shared machine)
    System.out.printf(
        java.util.Locale.ROOT,
        "%s seed %d: %d records; flink job %.1f s wall, %.1f s process CPU (%.0f records per CPU-second, broker and sinks included);"
            + " lambda path in memory %.1f s CPU (%.0f records per CPU-second); %d state items; last checkpoint %d bytes%n",
        mix,
        seed,
        run.traffic().lines().size(),
        flinkWall / 1e9,
        flinkCpu / 1e9,
        run.traffic().lines().size() / (flinkCpu / 1e9),
        lambdaCpu / 1e9,
        run.traffic().lines().size() / (lambdaCpu / 1e9),
        flink.stateItems(),
        lastCheckpointBytes(cluster, jobId));
    assertThat(MapDiff.of(lambda.aggregates(), streamed.aggregates()))
        .as("aggregates vs Lambda path")
        .isEmpty();
    assertThat(streamed.clickOutcomes()).isEqualTo(lambda.clickOutcomes());
    assertThat(streamed.conversionOutcomes()).isEqualTo(lambda.conversionOutcomes());
    assertThat(streamed.alertIds()).as("alert ids, tokens included").isEqualTo(lambda.alertIds());
  }
}
