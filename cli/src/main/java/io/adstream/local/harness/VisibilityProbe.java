package io.adstream.local.harness;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.adstream.local.serve.ApiRequests;
import io.adstream.stream.SourceRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the aggregates back through the read API while a run goes on, as a dashboard or bidder
 * would: after each run of records a shard completed, one {@code GET /v1/campaigns/{id}/metrics}
 * for the minute of one impression or click among them, repeated until that minute shows
 * impressions (or clicks, valid or not: click-heavy traffic has runs without impressions). Every
 * record of the run is then visible: its aggregate was written before the function returned. Runs
 * that completed while a read was under way are answered by the next read, one per shard, so the
 * probe keeps up at any rate.
 */
final class VisibilityProbe implements AutoCloseable {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Duration GIVE_UP = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofMillis(20);

  private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
  private final LatencyRecorder recorder;
  private final LinkedBlockingQueue<List<SourceRecord>> completed = new LinkedBlockingQueue<>();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong unseen = new AtomicLong();
  private final Thread thread;
  private volatile boolean busy;

  VisibilityProbe(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
      LatencyRecorder recorder) {
    this.api = api;
    this.recorder = recorder;
    this.thread = Thread.ofPlatform().daemon().name("adstream-visibility-probe").start(this::run);
  }

  /** The mapping's completion listener: called on a poller thread, returns at once. */
  void completed(List<SourceRecord> records) {
    completed.add(records);
  }

  /**
   * API reads made, and runs of records whose sampled minute never showed within the time allowed.
   */
  long reads() {
    return reads.get();
  }

  long unseen() {
    return unseen.get();
  }

  /** Waits until every run completed so far has been read back, at most {@code timeout}. */
  void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!completed.isEmpty() || busy) {
      if (System.nanoTime() > deadline) {
        return;
      }
      Thread.sleep(10);
    }
  }

  private void run() {
    try {
      while (true) {
        List<List<SourceRecord>> runs = new ArrayList<>();
        runs.add(completed.take());
        busy = true;
        completed.drainTo(runs);
        Map<String, List<SourceRecord>> byShard = new LinkedHashMap<>();
        for (List<SourceRecord> run : runs) {
          for (SourceRecord record : run) {
            byShard.computeIfAbsent(record.shardId(), s -> new ArrayList<>()).add(record);
          }
        }
        for (List<SourceRecord> records : byShard.values()) {
          readBack(records);
        }
        busy = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readBack(List<SourceRecord> records) throws InterruptedException {
    Optional<Sample> sample = Optional.empty();
    for (int i = records.size() - 1; i >= 0 && sample.isEmpty(); i--) {
      sample = Sample.of(records.get(i).data());
    }
    if (sample.isEmpty()) {
      return; // nothing among them counts as an impression or a click
    }
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (System.nanoTime() < deadline) {
      reads.incrementAndGet();
      if (shows(sample.get())) {
        recorder.visible(records, System.nanoTime());
        return;
      }
      Thread.sleep(RETRY);
    }
    unseen.incrementAndGet(); // e.g. a late impression: counted nowhere, so never shown
  }

  private boolean shows(Sample sample) {
    String path = "/v1/campaigns/" + sample.campaignId() + "/metrics";
    Instant minute = sample.eventTime().truncatedTo(ChronoUnit.MINUTES);
    Map<String, String> query =
        Map.of(
            "from", Long.toString(minute.toEpochMilli()),
            "to", Long.toString(minute.plusSeconds(60).toEpochMilli()),
            "granularity", "minute");
    APIGatewayV2HTTPResponse response = api.handleRequest(ApiRequests.get(path, query), null);
    if (response.getStatusCode() != 200) {
      return false;
    }
    try {
      JsonNode totals = JSON.readTree(response.getBody()).path("totals");
      return sample.counted().stream().mapToLong(measure -> totals.path(measure).asLong()).sum()
          > 0;
    } catch (IOException e) {
      throw new IllegalStateException(
          "the API answered with a body that is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }

  /**
   * An impression's or click's campaign and minute, from the record as put, and the measures that
   * count it (a click is valid or invalid).
   */
  private record Sample(String campaignId, Instant eventTime, List<String> counted) {
    private static final Map<String, List<String>> COUNTED_BY_TYPE =
        Map.of("impression", List.of("impressions"), "click", List.of("clicks", "invalid_clicks"));

    static Optional<Sample> of(byte[] data) {
      try {
        JsonNode event = JSON.readTree(data);
        JsonNode time = event.path("event_time");
        List<String> counted = COUNTED_BY_TYPE.get(event.path("event_type").asText());
        if (counted == null || !event.path("campaign_id").isTextual()) {
          return Optional.empty();
        }
        Instant at =
            time.isNumber() ? Instant.ofEpochMilli(time.asLong()) : Instant.parse(time.asText());
        return Optional.of(new Sample(event.path("campaign_id").asText(), at, counted));
      } catch (IOException | RuntimeException notAnImpression) {
        return Optional
            .empty(); // malformed records are the pipeline's to quarantine, not the probe's to read
      }
    }
  }
}
