package io.adstream.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthEvaluator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Generated traffic with its evaluated truth, and ways to read the lines back. */
record Generated(TrafficProfile profile, GeneratedTraffic traffic, GroundTruth truth) {
  static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
  static final CrawlerList CRAWLERS = CrawlerList.load();
  private static final ObjectMapper JSON = new ObjectMapper();

  static TrafficProfile.Builder sampleProfile() {
    return TrafficProfile.builder().seed(42).start(START);
  }

  static Generated run(TrafficProfile profile) {
    GeneratedTraffic traffic =
        TrafficGenerator.builder().profile(profile).crawlers(CRAWLERS).build().generate();
    GroundTruth truth =
        TruthEvaluator.builder()
            .config(profile.config())
            .crawlers(CRAWLERS)
            .processingTime(profile.end())
            // the scheduled alert check as it runs once every hour of the traffic can be judged
            .alertCheckTime(
                profile
                    .end()
                    .plus(profile.config().windows().allowedLateness())
                    .plus(java.time.Duration.ofHours(1)))
            .build()
            .evaluate(traffic.lines());
    return new Generated(profile, traffic, truth);
  }

  List<byte[]> lines() {
    return traffic.lines();
  }

  /** The line (1-based) as a JSON object, if it is one. */
  Optional<JsonNode> json(int line) {
    try {
      JsonNode node = JSON.readTree(traffic.lines().get(line - 1));
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The lines the truth accepted (neither quarantined nor duplicate), in delivery order. */
  List<Integer> acceptedLines() {
    java.util.Set<Integer> rejected = new java.util.HashSet<>();
    truth.quarantined().forEach(q -> rejected.add(q.line()));
    truth.duplicates().forEach(d -> rejected.add(d.line()));
    return java.util.stream.IntStream.rangeClosed(1, traffic.lines().size())
        .filter(line -> !rejected.contains(line))
        .boxed()
        .toList();
  }

  static long eventTime(JsonNode event) {
    JsonNode time = event.get("event_time");
    return time.isNumber() ? time.longValue() : Instant.parse(time.textValue()).toEpochMilli();
  }
}
