package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.config.AdstreamConfig;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@EmulatorTest
class LocalRunTest {

  @Test
  void provisionsPutsProcessesAndReportsEveryRecord(LocalAws aws) throws InterruptedException {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"r" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    List<String> lines =
        IntStream.range(0, 1_200)
            .mapToObj(i -> "{\"event_id\":\"e" + i + "\",\"user_id\":\"u" + (i % 50) + "\"}")
            .toList();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    RunReport report =
        LocalRun.builder()
            .aws(aws)
            .config(config)
            .handler(() -> (event, context) -> new StreamsEventResponse())
            .idlePollInterval(Duration.ofMillis(20))
            .progress(new PrintStream(progress, true, StandardCharsets.UTF_8), false)
            .build()
            .run(lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).iterator());

    assertThat(report.load().records()).isEqualTo(1_200);
    assertThat(report.load().calls()).isEqualTo(3);
    assertThat(report.mapping().shards()).hasSize(config.stream().shardCount());
    assertThat(report.mapping().total().recordsCompleted()).isEqualTo(1_200);
    assertThat(report.latencies().count()).isEqualTo(1_200);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("1,200/1,200 records");
    assertThat(report.summary())
        .contains("1,200 records in 3 PutRecords calls")
        .contains("1,200 completed, 0 parked")
        .contains("shardId-000000000000")
        .contains("shardId-000000000001")
        .contains("over 1,200 records");
  }
}
