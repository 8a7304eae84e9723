package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VisibilityProbeTest {
  private static final String SHARD = "shardId-000000000000";
  private static final Instant AT = Instant.parse("2026-12-07T12:00:10Z");

  private final long start = System.nanoTime();
  private final PutLog puts = new PutLog();
  private final LatencyRecorder recorder = new LatencyRecorder(puts);

  /**
   * An impression quarantined or too late is never counted, so its minute may never show. When a
   * later run of the same shard completes while the probe waits on it, the later run's sample
   * answers for both: the function wrote the earlier run's aggregates before the later run's.
   */
  @Test
  void aSampleThatNeverShowsDoesNotHoldTheShardsLaterRunsBehindIt() throws Exception {
    List<SourceRecord> neverCounted = List.of(impression("1", "c-quarantined"));
    List<SourceRecord> later = List.of(impression("2", "c-live"), impression("3", "c-live"));
    AtomicReference<VisibilityProbe> probe = new AtomicReference<>();
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api =
        (request, context) -> {
          boolean live = request.getRawPath().contains("c-live");
          if (!live) {
            probe.get().completed(later); // completes while the probe waits on the first run
          }
          return APIGatewayV2HTTPResponse.builder()
              .withStatusCode(200)
              .withBody("{\"totals\":{\"impressions\":" + (live ? 2 : 0) + "}}")
              .build();
        };
    probe.set(new VisibilityProbe(api, recorder));
    try {
      probe.get().completed(neverCounted);
      probe.get().awaitIdle(Duration.ofSeconds(30));

      assertThat(recorder.report(start).visible().count())
          .as("all three records visible once the later sample showed")
          .isEqualTo(3);
      assertThat(probe.get().counts())
          .isEqualTo(new RunReport.ProbeCounts(2, 0, 1))
          .extracting(RunReport.ProbeCounts::describe)
          .isEqualTo("2 reads; 0 samples never showed, 1 replaced by a later one before showing");
    } finally {
      probe.get().close();
    }
  }

  private SourceRecord impression(String sequence, String campaign) {
    puts.put(SHARD, sequence, System.nanoTime());
    String event =
        "{\"event_type\":\"impression\",\"campaign_id\":\"%s\",\"event_time\":\"%s\"}"
            .formatted(campaign, AT);
    return new SourceRecord(
        "adstream-events", SHARD, sequence, "pk", AT, event.getBytes(StandardCharsets.UTF_8));
  }
}
