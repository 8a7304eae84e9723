package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankPercentiles() {
    long[] millis =
        LongStream.rangeClosed(1, 1000).map(ms -> Duration.ofMillis(ms).toNanos()).toArray();

    Latencies latencies = Latencies.of(millis);

    assertThat(latencies.count()).isEqualTo(1000);
    assertThat(latencies.p50()).isEqualTo(Duration.ofMillis(500));
    assertThat(latencies.p90()).isEqualTo(Duration.ofMillis(900));
    assertThat(latencies.p99()).isEqualTo(Duration.ofMillis(990));
    assertThat(latencies.max()).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void nothingMeasuredIsAllZero() {
    assertThat(Latencies.of(new long[0]))
        .isEqualTo(new Latencies(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
  }
}
