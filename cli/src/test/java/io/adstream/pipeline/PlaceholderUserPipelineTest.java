package io.adstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.config.AdstreamConfig;
import io.adstream.event.ContractBounds;
import io.adstream.event.EventSamples;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.RunReport;
import io.adstream.local.serve.ApiRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A conversion feed that fills in one placeholder user and device for every conversion it cannot
 * tie to a user, through Kinesis, the processor and DynamoDB on the emulator. Each conversion
 * without a click_id is kept in its user's item for the lookback, so that a later-arriving click
 * can take its credit over; kept without a bound, 1,200 of them with the longest ids, each credited
 * to the user's click, would take the user's item past DynamoDB's 400 KB and park every later batch
 * naming that user. Nothing parks, and every conversion is counted for the click's campaign.
 */
@EmulatorTest
class PlaceholderUserPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONVERSIONS = 1_200;

  @Test
  void thousandsOfConversionsOfOneUserParkNothingAndAreAllAttributed(LocalAws aws)
      throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"u" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
    String campaign = longest("cmp-placeholder-");
    List<byte[]> records = new ArrayList<>();
    ObjectNode click = event("click-1", start);
    click.put("click_id", longest("clk-placeholder-"));
    click.put("campaign_id", campaign);
    click.remove("impression_id");
    records.add(JSON.writeValueAsBytes(click));
    for (int i = 0; i < CONVERSIONS; i++) {
      ObjectNode conversion = event("conversion-1", start.plusSeconds(60 + 5L * i));
      conversion.put("conversion_id", longest(String.format("cnv-%05d-", i)));
      conversion.remove("click_id");
      conversion.put("order_id", "ORD-" + i);
      records.add(JSON.writeValueAsBytes(conversion));
    }
    PipelineTotals totals = new PipelineTotals();

    RunReport report = QuietRuns.processor(aws, config, totals).build().run(records.iterator());

    assertThat(report.mapping().total().recordsParked()).as("records parked").isZero();
    assertThat(totals.snapshot().accepted()).isEqualTo(CONVERSIONS + 1);
    APIGatewayV2HTTPResponse response =
        new ApiHandler(aws.clients(), config, Clock.systemUTC())
            .handleRequest(
                ApiRequests.get(
                    "/v1/campaigns/" + campaign + "/metrics",
                    Map.of(
                        "from",
                        start.toString(),
                        "to",
                        start.plus(Duration.ofHours(3)).toString(),
                        "granularity",
                        "hour")),
                null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(JSON.readTree(response.getBody()).get("totals").get("conversions").asLong())
        .isEqualTo(CONVERSIONS);
  }

  private static ObjectNode event(String sample, Instant at) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(EventSamples.bytes(sample));
    event.put("event_id", "evt-" + UUID.randomUUID());
    event.put("event_time", at.toString());
    return event;
  }

  /** An id as long as the contract allows. */
  private static String longest(String prefix) {
    return prefix + "x".repeat(ContractBounds.MAX_ID_LENGTH - prefix.length());
  }
}
