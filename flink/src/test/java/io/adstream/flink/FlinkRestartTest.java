package io.adstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.flink.local.EmbeddedKafka;
import io.adstream.flink.local.KafkaRun;
import io.adstream.flink.local.LocalCheckpoints;
import io.adstream.flink.local.PipelineOutputs;
import io.adstream.testing.MapDiff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through a crash: the task manager running the job is killed mid-stream, after a
 * checkpoint and with records processed since; a new one takes over and the job restarts from the
 * checkpoint. What read-committed consumers see then equals the ground truth: 0 records lost, 0
 * doubled, aggregates to the micro.
 */
class FlinkRestartTest {
  private static final int EVENTS = 2_500;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(restartQuickly())
              .build());

  private static Configuration restartQuickly() {
    Configuration configuration = new Configuration();
    configuration.setString("restart-strategy.type", "fixed-delay");
    configuration.setString("restart-strategy.fixed-delay.attempts", "10");
    configuration.setString("restart-strategy.fixed-delay.delay", "200 ms");
    return LocalCheckpoints.in(Path.of("target", "flink-checkpoints", "restart"), configuration);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aTaskManagerKilledMidStreamLosesAndDoublesNothing(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    SeededRun run = SeededRun.of(4, EVENTS);
    List<Map.Entry<String, byte[]>> lines = run.keyedLines();
    int half = lines.size() / 2;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              run.configOverrides(),
              PiiKeys.Inline.random(),
              Duration.ofMillis(300),
              false,
              2);
      KafkaRun job = new KafkaRun(kafka, settings);
      job.createTopics(4);
      job.put(lines.subList(0, half));
      JobClient client = job.start(StreamExecutionEnvironment.getExecutionEnvironment());

      awaitOrFail(
          () -> job.committedTotals().received() > 0, "a first checkpoint with records in it");
      cluster.terminateTaskManager(0).get();
      job.put(lines.subList(half, lines.size()));
      cluster.startTaskManager();
      awaitOrFail(
          () -> job.committedTotals().received() == lines.size(),
          "every record processed and committed");
      var graph = cluster.getExecutionGraphInfo(client.getJobID()).get();
      int failures = 0;
      for (var ignored : graph.getExceptionHistory()) {
        failures++;
      }
      var checkpoint =
          graph
              .getArchivedExecutionGraph()
              .getCheckpointStatsSnapshot()
              .getHistory()
              .getLatestCompletedCheckpoint();
      System.out.printf(
          "flink restart: last checkpoint %d bytes of state for %d records%n",
          checkpoint == null ? -1 : checkpoint.getStateSize(), lines.size());
      client.cancel().get();

      KafkaRun.Result result = job.read();
      PipelineOutputs outputs = result.outputs();
      long doubled = outputs.enrichedPositions().values().stream().filter(n -> n > 1).count();
      long lost = run.truth().records().accepted() - outputs.enrichedPositions().size();
      System.out.printf(
          "flink restart: %d task failure(s); %d lost, %d doubled of %d accepted%n",
          failures, lost, doubled, run.truth().records().accepted());
      assertThat(failures).as("the job failed over").isGreaterThanOrEqualTo(1);
      assertThat(doubled).as("enriched lines landed twice").isZero();
      assertThat(lost).as("accepted events never landed").isZero();
      assertThat(result.totals().accepted()).isEqualTo(run.truth().records().accepted());
      assertThat(result.totals().duplicates()).isEqualTo(run.truth().records().duplicates());
      assertThat(result.quarantineLines()).isEqualTo(run.truth().records().quarantined());
      assertThat(MapDiff.of(run.expectedAggregates(), outputs.aggregates()))
          .as("aggregates")
          .isEmpty();
      assertThat(MapDiff.of(run.expectedClicks(), outputs.clickOutcomes()))
          .as("click joins")
          .isEmpty();
      assertThat(SeededRun.perEventAlerts(outputs.alertIds()))
          .isEqualTo(run.expectedPerEventAlerts());
    }
  }

  private static void awaitOrFail(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
