package io.adstream.flink;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.local.harness.PartitionKeyFunction;
import io.adstream.stream.SourceRecord;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Not a test: the Lambda processing path's CPU per record on the traffic {@code adstream
 * flink-local --seed 7 --events 20000 --profile MIX} generates, for
 * bench/results/lambda-vs-flink.md. The records are partitioned as Kafka's default partitioner
 * places keyed messages on 4 partitions, then fed as the event source mapping feeds shards. Runs
 * only when asked: {@code ./mvnw -q -B -pl flink -am verify -Dtest=LambdaPathMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dadstream.measure=true}; it prints to
 * flink/target/surefire-reports/io.adstream.flink.LambdaPathMeasurement-output.txt.
 */
@EnabledIfSystemProperty(named = "adstream.measure", matches = "true")
class LambdaPathMeasurement {
  private static final int PARTITIONS = 4;
  private static final int RUNS = 3;

  @ParameterizedTest
  @EnumSource(TrafficProfile.Mix.class)
  void cpuPerRecord(TrafficProfile.Mix mix) {
    AdstreamConfig config = AdstreamConfig.defaults();
    Map<String, List<SourceRecord>> byShard = records(config, mix, 7);
    int records = byShard.values().stream().mapToInt(List::size).sum();
    PiiKeys.Inline keys = PiiKeys.Inline.random();
    LambdaPath.run(
        config,
        keys.provider(Clock.systemUTC()),
        records(config, mix, 8)); // JIT warm-up, other traffic
    var threads = ManagementFactory.getThreadMXBean();
    for (int run = 1; run <= RUNS; run++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long processCpu = processCpuNanos();
      long wall = System.nanoTime();
      LambdaPath.run(config, keys.provider(Clock.systemUTC()), byShard);
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
      double processSeconds = (processCpuNanos() - processCpu) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s run %d: %,d records, %.2f s CPU of the calling thread (%,.0f records per CPU-second),"
              + " %.2f s of the process (%,.0f records per CPU-second), %.2f s wall; load average %.2f%n",
          mix,
          run,
          records,
          cpuSeconds,
          records / cpuSeconds,
          processSeconds,
          records / processSeconds,
          (System.nanoTime() - wall) / 1e9,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Map<String, List<SourceRecord>> records(
      AdstreamConfig config, TrafficProfile.Mix mix, long seed) {
    Duration duration = Duration.ofMinutes(TrafficProfile.DEFAULT_DURATION_MINUTES);
    Instant start =
        Instant.now()
            .minus(duration)
            .minus(config.windows().allowedLateness())
            .truncatedTo(ChronoUnit.MINUTES);
    List<byte[]> lines =
        TrafficGenerator.builder()
            .profile(
                TrafficProfile.builder()
                    .seed(seed)
                    .events(20_000)
                    .start(start)
                    .duration(duration)
                    .mix(mix)
                    .config(config)
                    .build())
            .build()
            .generate()
            .lines();
    PartitionKeyFunction keys = PartitionKeyFunction.producers();
    Map<String, List<SourceRecord>> byShard = new LinkedHashMap<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int p = 0; p < PARTITIONS; p++) {
      byShard.put(KafkaSourceRecords.shardId(p), new ArrayList<>());
    }
    for (byte[] line : lines) {
      String key = keys.partitionKey(line);
      // Kafka's default partitioner for a keyed message
      int partition =
          Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      List<SourceRecord> shard = byShard.get(KafkaSourceRecords.shardId(partition));
      shard.add(
          new SourceRecord(
              config.names().stream(),
              KafkaSourceRecords.shardId(partition),
              Long.toString(shard.size()),
              key,
              now,
              line));
    }
    return byShard;
  }
}
