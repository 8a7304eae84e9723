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
  private final AtomicLong superseded = new AtomicLong();

  /** Runs taken from {@link #completed} and not yet read back, by shard; the probe thread's own. */
  private final Map<String, List<SourceRecord>> waiting = new LinkedHashMap<>();

  private final Thread thread;

  /** Runs handed to the probe, and runs it has finished reading back (read on other threads). */
  private final AtomicLong handed = new AtomicLong();

  private volatile long finished;

  /** Runs taken off {@link #completed}; the probe thread's own. */
  private long taken;

  VisibilityProbe(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
      LatencyRecorder recorder) {
    this.api = api;
    this.recorder = recorder;
    this.thread = Thread.ofPlatform().daemon().name("adstream-visibility-probe").start(this::run);
  }

  /** The mapping's completion listener: called on a poller thread, returns at once. */
  void completed(List<SourceRecord> records) {
    handed.incrementAndGet();
    completed.add(records);
  }

  /** What the probe did: reads, and samples given up on or replaced by a newer one. */
  RunReport.ProbeCounts counts() {
    return new RunReport.ProbeCounts(reads.get(), unseen.get(), superseded.get());
  }

  /** Waits until every run completed so far has been read back, at most {@code timeout}. */
  void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (finished < handed.get()) {
      if (System.nanoTime() > deadline) {
        return;
      }
      Thread.sleep(10);
    }
  }

  private void run() {
    try {
      while (true) {
        waitFor(completed.take());
        takeCompleted();
        while (!waiting.isEmpty()) {
          String shard = waiting.keySet().iterator().next();
          readBack(shard, waiting.remove(shard));
        }
        finished = taken;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Moves the runs completed since into {@link #waiting}, by shard. */
  private void takeCompleted() {
    List<List<SourceRecord>> runs = new ArrayList<>();
    completed.drainTo(runs);
    runs.forEach(this::waitFor);
  }

  private void waitFor(List<SourceRecord> run) {
    taken++;
    for (SourceRecord record : run) {
      waiting.computeIfAbsent(record.shardId(), s -> new ArrayList<>()).add(record);
    }
  }

  /**
   * Reads back the newest sample among a shard's records until it shows. When later records of the
   * same shard complete meanwhile, their newest sample replaces it: once a later record's minute
   * shows, every earlier record of the shard is written too (the mapping completes a shard in
   * order), so a sample that never shows (a late or quarantined impression) does not hold the
   * shard's later runs behind it.
   */
  private void readBack(String shard, List<SourceRecord> records) throws InterruptedException {
    Optional<Sample> sample = newestSample(records);
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (true) {
      if (sample.isPresent()) {
        reads.incrementAndGet();
        if (shows(sample.get())) {
          recorder.visible(records, System.nanoTime());
          return;
        }
      }
      takeCompleted();
      List<SourceRecord> later = waiting.remove(shard);
      if (later != null) {
        Optional<Sample> newer = newestSample(later);
        records.addAll(later);
        if (newer.isPresent()) {
          if (sample.isPresent()) {
            superseded.incrementAndGet();
          }
          sample = newer;
          deadline = System.nanoTime() + GIVE_UP.toNanos();
        }
      }
      if (sample.isEmpty()) {
        return; // nothing among them counts as an impression or a click
      }
      if (System.nanoTime() >= deadline) {
        unseen.incrementAndGet(); // e.g. a late impression: counted nowhere, so never shown
        return;
      }
      Thread.sleep(RETRY);
    }
  }

  private static Optional<Sample> newestSample(List<SourceRecord> records) {
    for (int i = records.size() - 1; i >= 0; i--) {
      Optional<Sample> sample = Sample.of(records.get(i).data());
      if (sample.isPresent()) {
        return sample;
      }
    }
    return Optional.empty();
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
