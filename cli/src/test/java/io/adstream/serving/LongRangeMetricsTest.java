package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.event.AdEvent;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.local.serve.ApiRequests;
import io.adstream.processing.StatefulStage;
import io.adstream.processing.aws.DynamoStatefulStage;
import io.adstream.state.CapacityMeter;
import io.adstream.state.FencedWriter;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.StageHarness;
import io.adstream.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Forty days by hour in one request, on the emulator's DynamoDB: traffic through the processor's
 * own stage (which writes the minute buckets and rolls them up into hour items), then the API's
 * hourly series, each point equal to the sum of that hour's minute buckets as the minute reader
 * reads them.
 */
@EmulatorTest
class LongRangeMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Recent days: items carry the aggregates' retention as their TTL, and the emulator reaps expired
   * ones.
   */
  private static final Instant END = Instant.now().truncatedTo(ChronoUnit.DAYS);

  private static final Instant START = END.minus(Duration.ofDays(40));

  @Test
  void fortyDaysByHourEqualTheSumOfTheirMinuteBuckets(AwsClientFactory aws) throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"r" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws).provision(ProvisioningPlan.of(config));
    CapacityMeter meter = new CapacityMeter();
    StatefulStage stage =
        DynamoStatefulStage.create(
            aws.dynamoDb(),
            config,
            agent -> false,
            meter,
            FencedWriter.CALLING_THREAD,
            FencedWriter.CALLING_THREAD,
            Clock.fixed(END, ZoneOffset.UTC));
    List<AdEvent> events =
        TestEvents.spread(
            START.plusSeconds(7), END, Duration.ofMinutes(173), "cmp-long", "cmp-other");
    for (int from = 0; from < events.size(); from += 100) {
      String shard = "shardId-00000000000" + (from / 100 % 2);
      stage.process(staged(shard, from, events.subList(from, Math.min(from + 100, events.size()))));
    }
    assertThat(meter.writeUnitsByItem())
        .as("hour items written")
        .containsKey(config.names().aggregatesTable() + "/h");

    ApiHandler handler = new ApiHandler(aws, config, Clock.fixed(END, ZoneOffset.UTC));
    JsonNode series =
        ok(handler, Map.of("granularity", "hour", "from", START.toString(), "to", END.toString()));

    assertThat(series.get("points")).hasSize(40 * 24);
    Map<Instant, Long> expected = new TreeMap<>();
    Map<Instant, Long> expectedCost = new TreeMap<>();
    new DynamoAggregateReader(aws.dynamoDb(), config, new CapacityMeter())
        .minutes("cmp-long", START, END)
        .forEach(
            (at, measures) -> {
              expected.merge(
                  at.start().truncatedTo(ChronoUnit.HOURS), measures.impressions(), Long::sum);
              expectedCost.merge(
                  at.start().truncatedTo(ChronoUnit.HOURS), measures.costMicros(), Long::sum);
            });
    assertThat(expected).hasSizeGreaterThan(150);
    Map<Instant, Long> served = new TreeMap<>();
    Map<Instant, Long> servedCost = new TreeMap<>();
    for (JsonNode point : series.get("points")) {
      if (point.get("impressions").asLong() != 0) {
        served.put(Instant.parse(point.get("start").asText()), point.get("impressions").asLong());
        servedCost.put(
            Instant.parse(point.get("start").asText()), point.get("cost_micros").asLong());
      }
    }
    assertThat(served).isEqualTo(expected);
    assertThat(servedCost).isEqualTo(expectedCost);

    JsonNode days =
        ok(handler, Map.of("granularity", "day", "from", START.toString(), "to", END.toString()));
    long impressions = 0;
    for (JsonNode point : days.get("points")) {
      impressions += point.get("impressions").asLong();
    }
    assertThat(days.get("points")).hasSize(40);
    assertThat(impressions)
        .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(series.at("/totals/impressions").asLong());

    APIGatewayV2HTTPResponse tooLong =
        call(
            handler,
            Map.of(
                "granularity",
                "hour",
                "from",
                END.minus(Duration.ofDays(93)).toString(),
                "to",
                END.toString()));
    assertThat(tooLong.getStatusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.getBody()).get("parameter").asText()).isEqualTo("to");
  }

  private static List<StageHarness.Staged> staged(
      String shard, int firstSequence, List<AdEvent> events) {
    List<StageHarness.Staged> batch = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      AdEvent event = events.get(i);
      SourceRecord source =
          new SourceRecord(
              StageHarness.STREAM,
              shard,
              String.valueOf(100_000 + firstSequence + i),
              "pk",
              END,
              event.eventId().getBytes(StandardCharsets.UTF_8));
      batch.add(StageHarness.Staged.of(source, event));
    }
    return batch;
  }

  private static JsonNode ok(ApiHandler handler, Map<String, String> query) throws Exception {
    APIGatewayV2HTTPResponse response = call(handler, query);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return JSON.readTree(response.getBody());
  }

  private static APIGatewayV2HTTPResponse call(ApiHandler handler, Map<String, String> query) {
    return handler.handleRequest(ApiRequests.get("/v1/campaigns/cmp-long/metrics", query), null);
  }
}
