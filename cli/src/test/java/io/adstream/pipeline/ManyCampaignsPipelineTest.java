package io.adstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.event.ContractBounds;
import io.adstream.event.EventSamples;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.RunReport;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.local.serve.ApiRequests;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Fences;
import io.adstream.state.Versioned;
import io.adstream.state.aws.DynamoVersionedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An hour with thousands of campaigns, each named by an id of the longest length the contract
 * allows, through Kinesis, the processor and DynamoDB on the emulator. With one shard and one
 * campaign bucket, one hour item per bucket would hold all 3,000 campaigns, about 480 KB, past
 * DynamoDB's 400 KB item limit: every batch that closed a minute would fail and the shard would
 * park. Split over the hour items of the bucket, nothing parks, and every campaign's hour is
 * served.
 */
@EmulatorTest
class ManyCampaignsPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAMPAIGNS = 3_000;

  @Test
  void anHourOfThousandsOfLongCampaignIdsParksNothingAndServesEachCampaignsHour(LocalAws aws)
      throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"m"
                + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"stream\":{\"shardCount\":1},\"state\":{\"campaignBuckets\":1}}");
    Instant hour = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < CAMPAIGNS; i++) {
      // spread over 50 minutes of the hour: each minute's item stays small, the hour's would not
      records.add(impression(campaign(i), "imp-many-" + i, hour.plusMillis(1_000L * i)));
    }
    PipelineTotals totals = new PipelineTotals();

    RunReport report = QuietRuns.processor(aws, config, totals).build().run(records.iterator());

    assertThat(report.mapping().total().recordsParked()).as("records parked").isZero();
    assertThat(totals.snapshot().accepted()).isEqualTo(CAMPAIGNS);
    ApiHandler api = new ApiHandler(aws.clients(), config, Clock.systemUTC());
    for (int i = 0; i < CAMPAIGNS; i += 97) {
      APIGatewayV2HTTPResponse response =
          api.handleRequest(
              ApiRequests.get(
                  "/v1/campaigns/" + campaign(i) + "/metrics",
                  Map.of(
                      "from",
                      hour.toString(),
                      "to",
                      hour.plus(Duration.ofHours(1)).toString(),
                      "granularity",
                      "hour")),
              null);
      assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
      assertThat(JSON.readTree(response.getBody()).get("totals").get("impressions").asLong())
          .as("campaign %d's hour", i)
          .isEqualTo(1);
    }
  }

  @Test
  void anItemPastDynamoDbsLimitIsRefusedWithItsKeyAndSize(LocalAws aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"r" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws.clients()).provision(ProvisioningPlan.of(config));
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<AggregateDelta> deltas = new ArrayList<>();
    for (int i = 0; i < CAMPAIGNS; i++) {
      deltas.add(
          new AggregateDelta(CampaignMinute.of(campaign(i), minute), Measures.impression(1)));
    }
    MinuteBucketKey key = new MinuteBucketKey(0, minute.getEpochSecond() / 60, "shardId-0");

    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      DynamoVersionedStore<MinuteBucketKey, MinuteBucket> store =
          new DynamoVersionedStore<>(dynamo, new MinuteBucketMapping(config), new CapacityMeter());
      Versioned<MinuteBucket> full =
          new Versioned<>(MinuteBucket.EMPTY.plus(deltas), 1, Fences.NONE);

      assertThatThrownBy(() -> store.write(key, 0, full))
          .isInstanceOf(DynamoVersionedStore.ItemRefusedException.class)
          .hasMessageContaining(config.names().aggregatesTable())
          .hasMessageContaining(MinuteBucketMapping.partitionKey(0, key.epochMinute() / 1440))
          .hasMessageMatching("(?s).*: 4\\d\\d,\\d{3} bytes by DynamoDB's sizing rules.*");
    }
  }

  /** The i-th campaign's id: as long as an id may be. */
  private static String campaign(int i) {
    String prefix = String.format("cmp-%05d-", i);
    return prefix + "x".repeat(ContractBounds.MAX_ID_LENGTH - prefix.length());
  }

  private static byte[] impression(String campaign, String impressionId, Instant at)
      throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(EventSamples.bytes("impression-1"));
    event.put("event_id", "evt-" + UUID.randomUUID());
    event.put("event_time", at.toString());
    event.put("campaign_id", campaign);
    event.put("impression_id", impressionId);
    return JSON.writeValueAsBytes(event);
  }
}
