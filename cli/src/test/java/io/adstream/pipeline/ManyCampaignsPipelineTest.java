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
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
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
import io.adstream.state.aws.ItemMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Thousands of campaigns, each named by an id of the longest length the contract allows, through
 * Kinesis, the processor and DynamoDB on the emulator. With one shard and one campaign bucket, an
 * item holding all 3,000 campaigns is about 480 KB, past DynamoDB's 400 KB item limit: every batch
 * writing it would fail and the shard would park. An hour's are split over the hour items of the
 * bucket; a minute's (or an hour's, unsplit) are stored as parts; nothing parks, and every
 * campaign's minute and hour are served.
 */
@EmulatorTest
class ManyCampaignsPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAMPAIGNS = 3_000;

  @Test
  void anHourOfThousandsOfLongCampaignIdsParksNothingAndServesEachCampaignsHour(LocalAws aws)
      throws Exception {
    AdstreamConfig config = oneShardOneBucket("");
    Instant hour = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < CAMPAIGNS; i++) {
      // spread over 50 minutes of the hour: each minute's item stays small, the hour's would not
      records.add(impression(campaign(i), "imp-many-" + i, hour.plusMillis(1_000L * i)));
    }

    processesWithoutParking(aws, config, records);

    ApiHandler api = new ApiHandler(aws.clients(), config, Clock.systemUTC());
    for (int i = 0; i < CAMPAIGNS; i += 97) {
      assertThat(impressions(api, campaign(i), hour, "hour"))
          .as("campaign %d's hour", i)
          .isEqualTo(1);
    }
  }

  @Test
  void aMinuteOfThousandsOfNewCampaignsIsStoredAsPartsAndServedWhole(LocalAws aws)
      throws Exception {
    // one hour item per bucket as well: the minute's item and the hour's both outgrow 400 KB
    AdstreamConfig config = oneShardOneBucket(",\"hourItemsPerBucket\":1");
    Instant minute = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < CAMPAIGNS; i++) {
      records.add(impression(campaign(i), "imp-burst-" + i, minute.plusMillis(15L * i)));
    }
    // a later minute closes the burst's minute into the hour item
    records.add(impression(campaign(0), "imp-burst-later", minute.plusSeconds(90)));

    processesWithoutParking(aws, config, records);

    ApiHandler api = new ApiHandler(aws.clients(), config, Clock.systemUTC());
    for (int i = 1; i < CAMPAIGNS; i += 97) {
      for (String granularity : List.of("minute", "hour")) {
        assertThat(impressions(api, campaign(i), minute, granularity))
            .as("campaign %d by %s", i, granularity)
            .isEqualTo(1);
      }
    }
    assertThat(impressions(api, campaign(0), minute, "hour")).as("campaign 0's hour").isEqualTo(2);
  }

  @Test
  void anItemTooLargeForOneIsWrittenAndReadAsPartsUnderItsVersion(LocalAws aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"r" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws.clients()).provision(ProvisioningPlan.of(config));
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    MinuteBucketKey key = new MinuteBucketKey(0, minute.getEpochSecond() / 60, "shardId-0");

    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      DynamoVersionedStore<MinuteBucketKey, MinuteBucket> store =
          new DynamoVersionedStore<>(dynamo, new MinuteBucketMapping(config), new CapacityMeter());
      Versioned<MinuteBucket> large = new Versioned<>(bucketOf(CAMPAIGNS, minute), 1, Fences.NONE);
      Versioned<MinuteBucket> larger =
          new Versioned<>(bucketOf(2 * CAMPAIGNS, minute), 2, Fences.NONE);

      assertThat(store.write(key, 0, large)).isTrue();
      assertThat(store.read(List.of(key))).containsEntry(key, large);
      assertThat(store.write(key, 0, larger)).as("a write of a stale version").isFalse();
      assertThat(store.write(key, 1, larger)).isTrue();
      assertThat(store.read(List.of(key))).containsEntry(key, larger);
      assertThat(
              new DynamoAggregateReader(dynamo, config, new CapacityMeter())
                  .minutes(minute, minute.plusSeconds(60)))
          .as("what the API reads")
          .hasSize(2 * CAMPAIGNS)
          .allSatisfy((at, measures) -> assertThat(measures).isEqualTo(Measures.impression(1)));

      // an item past its expiry time whose parts TTL deleted before its head reads as deleted
      MinuteBucketKey earlier = new MinuteBucketKey(0, key.epochMinute() - 1, key.shardId());
      Map<String, AttributeValue> expired =
          new HashMap<>(new MinuteBucketMapping(config).key(earlier));
      expired.put("v", AttributeValue.fromN("4"));
      expired.put("k", AttributeValue.fromN("3"));
      expired.put(TableSpec.TTL_ATTRIBUTE, AttributeValue.fromN("1"));
      dynamo.putItem(r -> r.tableName(config.names().aggregatesTable()).item(expired));
      assertThat(store.read(List.of(earlier))).isEmpty();

      // thirty thousand campaigns with the longest ids: past what one transaction writes
      assertThatThrownBy(
              () -> store.write(key, 2, new Versioned<>(bucketOf(30_000, minute), 3, Fences.NONE)))
          .isInstanceOf(DynamoVersionedStore.ItemRefusedException.class)
          .hasMessageContaining(config.names().aggregatesTable())
          .hasMessageContaining(MinuteBucketMapping.partitionKey(0, key.epochMinute() / 1440))
          .hasMessageMatching("(?s).*: 4,\\d{3},\\d{3} bytes by DynamoDB's sizing rules.*");
    }
  }

  @Test
  void anItemDynamoDbRefusesFailsWithItsKeyAndSize(LocalAws aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"q" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws.clients()).provision(ProvisioningPlan.of(config));
    // an item whose mapping does not let it spill, past 400 KB
    ItemMapping<String, String> unsplittable =
        new ItemMapping<>() {
          @Override
          public String table() {
            return config.names().aggregatesTable();
          }

          @Override
          public Map<String, AttributeValue> key(String key) {
            return Map.of(
                TableSpec.PARTITION_KEY,
                AttributeValue.fromS("t#" + key),
                TableSpec.SORT_KEY,
                AttributeValue.fromS("-"));
          }

          @Override
          public Map<String, AttributeValue> encode(String value) {
            return Map.of("s", AttributeValue.fromS(value));
          }

          @Override
          public String decode(Map<String, AttributeValue> item) {
            return item.get("s").s();
          }

          @Override
          public long expiresAt(String key, String value) {
            return 0;
          }
        };

    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      DynamoVersionedStore<String, String> store =
          new DynamoVersionedStore<>(dynamo, unsplittable, new CapacityMeter());

      assertThatThrownBy(
              () -> store.write("big", 0, new Versioned<>("x".repeat(420_000), 1, Fences.NONE)))
          .isInstanceOf(DynamoVersionedStore.ItemRefusedException.class)
          .hasMessageContaining(config.names().aggregatesTable())
          .hasMessageContaining("t#big")
          .hasMessageMatching("(?s).*: 420,\\d{3} bytes by DynamoDB's sizing rules.*");
    }
  }

  /** One shard and one campaign bucket: every campaign in the same items. */
  private static AdstreamConfig oneShardOneBucket(String moreState) {
    return AdstreamConfig.withOverrides(
        "{\"prefix\":\"m"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\",\"stream\":{\"shardCount\":1},\"state\":{\"campaignBuckets\":1"
            + moreState
            + "}}");
  }

  private static void processesWithoutParking(
      LocalAws aws, AdstreamConfig config, List<byte[]> records) throws InterruptedException {
    PipelineTotals totals = new PipelineTotals();

    RunReport report = QuietRuns.processor(aws, config, totals).build().run(records.iterator());

    assertThat(report.mapping().total().recordsParked()).as("records parked").isZero();
    assertThat(totals.snapshot().accepted()).isEqualTo(records.size());
  }

  private static long impressions(ApiHandler api, String campaign, Instant hour, String granularity)
      throws Exception {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(
            ApiRequests.get(
                "/v1/campaigns/" + campaign + "/metrics",
                Map.of(
                    "from",
                    hour.toString(),
                    "to",
                    hour.plus(Duration.ofHours(1)).toString(),
                    "granularity",
                    granularity)),
            null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return JSON.readTree(response.getBody()).get("totals").get("impressions").asLong();
  }

  private static MinuteBucket bucketOf(int campaigns, Instant minute) {
    List<AggregateDelta> deltas = new ArrayList<>();
    for (int i = 0; i < campaigns; i++) {
      deltas.add(
          new AggregateDelta(CampaignMinute.of(campaign(i), minute), Measures.impression(1)));
    }
    return MinuteBucket.EMPTY.plus(deltas);
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
