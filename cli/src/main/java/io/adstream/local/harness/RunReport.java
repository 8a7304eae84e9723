package io.adstream.local.harness;

import io.adstream.local.emulator.LocalAws;
import io.adstream.local.mapping.KinesisDelivery;
import io.adstream.local.mapping.MappingStats;
import io.adstream.local.mapping.ShardStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a local run did: how the emulator started, the puts, the mapping per shard, and the time
 * from put to processing. {@link #summary()} renders it for the terminal; the pipeline's own
 * outcome counts (accepted, duplicate, quarantined) are the processor's to add.
 *
 * @param processingTime from the first put until every shard was drained
 * @param probe what the read-back of aggregates did, when the run read them back
 * @param scheduledAlerts alerts the scheduled check published after the drain, by rule
 */
public record RunReport(
    LocalAws.StartupTimes startup,
    Setup setup,
    KinesisLoader.LoadResult load,
    Duration processingTime,
    MappingStats mapping,
    LatencyReport latency,
    BudgetRecorder budget,
    Optional<ProbeCounts> probe,
    Map<String, Integer> scheduledAlerts) {

  public RunReport {
    scheduledAlerts = Map.copyOf(scheduledAlerts);
  }

  /**
   * How the run was made: how records reached the function, the put schedule (none: as fast as
   * possible), the warm-up left out of the latencies and whether calls took AWS-like times.
   */
  public record Setup(
      KinesisDelivery delivery,
      Optional<PutSchedule> schedule,
      Duration warmup,
      boolean simulatedLatency) {}

  /**
   * The visibility probe's API reads; samples whose minute never showed within its time (their
   * records have no visible latency); and samples replaced by a later record's of the same shard
   * before they showed.
   */
  public record ProbeCounts(long reads, long unseen, long superseded) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%,d reads; %,d samples never showed, %,d replaced by a later one before showing",
          reads,
          unseen,
          superseded);
    }
  }

  /** Put to processed, over all shards. */
  public Latencies latencies() {
    return latency.processed();
  }

  /** The waves of a typical full batch, one line each: what {@code --budget} prints. */
  public List<String> typicalBatch() {
    return budget.typicalBatch();
  }

  public String summary() {
    ShardStats total = mapping.total();
    StringBuilder text = new StringBuilder("adstream local run\n");
    line(
        text,
        "emulator",
        startup
            .emulator()
            .map(
                emulator ->
                    String.format(
                        Locale.ROOT,
                        "%s (venv check %s, start %s)",
                        emulator.id(),
                        seconds(startup.venvSetup()),
                        seconds(startup.start())))
            .orElse("external endpoint (AWS_ENDPOINT_URL)"));
    line(
        text,
        "run",
        setup
                .schedule()
                .map(PutSchedule::describe)
                .orElse("every record put as fast as Kinesis takes it")
            + "; "
            + setup.delivery().describe()
            + (setup.simulatedLatency() ? "; AWS-like call latency" : "")
            + (setup.warmup().isZero()
                ? ""
                : "; latencies leave out the first "
                    + seconds(Optional.of(setup.warmup()))
                    + " (warm-up)"));
    line(
        text,
        "put",
        String.format(
            Locale.ROOT,
            "%,d records in %,d PutRecords calls (%,d entries retried), %,.0f records/s",
            load.records(),
            load.calls(),
            load.retriedEntries(),
            load.recordsPerSecond()));
    line(
        text,
        "processed",
        String.format(
            Locale.ROOT,
            "%,d records in %s: %,d completed, %,d parked in %,d batches; %,d invocations, %,d retries, %,d bisections",
            total.recordsRead(),
            seconds(Optional.of(processingTime)),
            total.recordsCompleted(),
            total.recordsParked(),
            total.batchesParked(),
            total.invocations(),
            total.retries(),
            total.bisections()));
    line(text, "latency", "put to processed " + percentiles(latency.processed()));
    if (latency.visible().count() > 0) {
      line(text, "", "put to aggregate visible " + percentiles(latency.visible()));
      probe.ifPresent(counts -> line(text, "", "read back through the API: " + counts.describe()));
    }
    line(text, "budget", budget.summary());
    line(text, "handler", budget.handlerTime(setup.simulatedLatency()));
    String label = "shards";
    for (ShardStats shard : mapping.shards()) {
      LatencyReport.Shard shardLatency =
          latency
              .shards()
              .getOrDefault(
                  shard.shardId(), new LatencyReport.Shard(Latencies.NONE, Latencies.NONE));
      line(
          text,
          label,
          String.format(
              Locale.ROOT,
              "%s  read %,d  completed %,d  parked %,d  retries %,d  p99 processed %s, visible %s%s",
              shard.shardId(),
              shard.recordsRead(),
              shard.recordsCompleted(),
              shard.recordsParked(),
              shard.retries(),
              millis(shardLatency.processed().p99()),
              shardLatency.visible().count() == 0 ? "-" : millis(shardLatency.visible().p99()),
              shard.lastError().map(e -> "  last error: " + e).orElse("")));
      label = "";
    }
    return text.toString();
  }

  private static String percentiles(Latencies l) {
    return String.format(
        Locale.ROOT,
        "p50 %s, p90 %s, p99 %s, max %s over %,d records",
        millis(l.p50()),
        millis(l.p90()),
        millis(l.p99()),
        millis(l.max()),
        l.count());
  }

  private static void line(StringBuilder text, String label, String value) {
    text.append(String.format(Locale.ROOT, "  %-10s %s%n", label, value));
  }

  private static String seconds(Optional<Duration> duration) {
    return duration
        .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
        .orElse("-");
  }

  private static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%,d ms", duration.toMillis());
  }
}
