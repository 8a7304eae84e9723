package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.aggregation.aws.HourBucketMapping;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.alerts.Alert;
import io.adstream.alerts.aws.AlertItems;
import io.adstream.attribution.UserState;
import io.adstream.attribution.aws.UserStateMapping;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.campaigns.aws.DynamoCampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.AlertSettings.Severity;
import io.adstream.features.Activity;
import io.adstream.features.DeviceState;
import io.adstream.features.aws.DeviceStateMapping;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.local.serve.ApiRequests;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Fences;
import io.adstream.state.Versioned;
import io.adstream.state.aws.DynamoVersionedStore;
import io.adstream.testing.TestEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every endpoint of the read API through the Lambda handler, on the emulator's DynamoDB, over state
 * written with the processor's own item layouts: answers, empty results, bad parameters (400 naming
 * the parameter), pagination and conditional requests.
 */
@EmulatorTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-03-10T12:30:20Z");
  private static final String DEVICE = "k1.AAAAAAAAAAAAAAAAAAAAAA";
  private static final String USER = "k1.BBBBBBBBBBBBBBBBBBBBBB";

  private ApiHandler handler;
  private ApiHandler secondLater;

  @BeforeAll
  void seed(AwsClientFactory aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"s" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws).provision(ProvisioningPlan.of(config));
    DynamoDbClient dynamo = aws.dynamoDb();
    CapacityMeter meter = new CapacityMeter();

    Map<MinuteBucketKey, MinuteBucket> buckets = new HashMap<>();
    minute(
        buckets,
        config,
        "cmp-a",
        "12:00",
        "shard-0",
        new Measures(100, 5, 1, 1_200_000, 1, 3_000_000, 0, 0));
    minute(
        buckets,
        config,
        "cmp-a",
        "12:00",
        "shard-1",
        new Measures(50, 2, 0, 300_000, 1, 2_000_000, 0, 0));
    minute(
        buckets, config, "cmp-a", "12:05", "shard-0", new Measures(20, 1, 0, 200_000, 0, 0, 0, 0));
    minute(
        buckets, config, "cmp-c", "12:10", "shard-1", new Measures(10, 1, 0, 100_000, 0, 0, 0, 0));
    buckets.put(
        MinuteBucketKey.of(
            CampaignMinute.of("cmp-a", Instant.parse("2025-03-09T23:59:00Z")),
            "shard-0",
            config.state().campaignBuckets()),
        MinuteBucket.EMPTY.plus(
            List.of(
                new io.adstream.aggregation.AggregateDelta(
                    CampaignMinute.of("cmp-a", Instant.parse("2025-03-09T23:59:00Z")),
                    new Measures(7, 0, 0, 70_000, 0, 0, 0, 0)))));
    var aggregates = new DynamoVersionedStore<>(dynamo, new MinuteBucketMapping(config), meter);
    buckets.forEach(
        (key, bucket) -> aggregates.write(key, 0, new Versioned<>(bucket, 1, Fences.NONE)));
    // and the hour items the processor rolls them up into: what hour and day series read
    Map<HourBucketKey, HourBucket> hours =
        HourBucketKey.rolledUp(buckets, config.state().hourItemsPerBucket());
    var hourItems = new DynamoVersionedStore<>(dynamo, new HourBucketMapping(config), meter);
    hours.forEach((key, hour) -> hourItems.write(key, 0, new Versioned<>(hour, 1, Fences.NONE)));

    DynamoCampaignStore campaigns = new DynamoCampaignStore(dynamo, config, meter);
    campaigns.recordSettings(
        TestEvents.campaignUpdate("e-a", "cmp-a", NOW.minusSeconds(86_400), 50_000_000));
    campaigns.recordSettings(
        TestEvents.campaignUpdate("e-b", "cmp-b", NOW.minusSeconds(3_600), 10_000_000));

    Activity activity =
        Activity.NONE.withClick(at("12:20")).withClick(at("12:25")).withConversion(at("12:28"));
    new DynamoVersionedStore<>(dynamo, new DeviceStateMapping(config), meter)
        .write(
            DEVICE,
            0,
            new Versioned<>(new DeviceState(activity, new java.util.TreeMap<>()), 1, Fences.NONE));
    new DynamoVersionedStore<>(dynamo, new UserStateMapping(config), meter)
        .write(
            USER,
            0,
            new Versioned<>(
                new UserState(Map.of(), Map.of(), activity.withClick(at("12:29"))),
                1,
                Fences.NONE));

    for (Alert alert :
        new Alert[] {
          alert("click_flood", "device:" + DEVICE, "cmp-a", Instant.parse("2025-03-09T20:00:30Z")),
          alert("click_flood", "device:" + DEVICE, "cmp-a", at("12:01")),
          // a crawler's alert spans alerts.botTraffic.window (an hour), raised by its first click
          Alert.of(
              "bot_click",
              Severity.MEDIUM,
              "device:" + DEVICE,
              Optional.of("cmp-c"),
              at("12:00"),
              at("13:00"),
              at("12:10"),
              Map.of("crawler_clicks", 1)),
        }) {
      dynamo.putItem(
          r ->
              r.tableName(config.names().alertsTable())
                  .item(AlertItems.item(alert, config.retention().alerts())));
    }
    handler = new ApiHandler(aws, config, Clock.fixed(NOW, ZoneOffset.UTC));
    secondLater = new ApiHandler(aws, config, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC));
  }

  @Test
  void campaignsListsEveryCampaignWithTodaysTotalsAndPages() throws Exception {
    JsonNode all = ok("/v1/campaigns", Map.of());
    assertThat(all.get("day").asText()).isEqualTo("2025-03-10");
    assertThat(all.get("campaigns"))
        .extracting(c -> c.get("campaign_id").asText())
        .containsExactly("cmp-a", "cmp-b", "cmp-c");
    JsonNode a = all.get("campaigns").get(0);
    assertThat(a.get("name").asText()).isEqualTo("Campaign cmp-a");
    assertThat(a.get("daily_budget_micros").asLong()).isEqualTo(50_000_000);
    // yesterday's 23:59 minute is not today's
    assertThat(a.get("today").get("impressions").asLong()).isEqualTo(170);
    assertThat(a.get("today").get("clicks").asLong()).isEqualTo(8);
    assertThat(a.get("today").get("cost_micros").asLong()).isEqualTo(1_700_000);
    assertThat(a.get("today").get("cpa_micros").asLong()).isEqualTo(850_000);
    assertThat(a.get("today").get("ctr").asDouble()).isEqualTo(8.0 / 170);
    JsonNode b = all.get("campaigns").get(1);
    assertThat(b.get("today").get("impressions").asLong()).isZero();
    assertThat(b.get("today").get("ctr").isNull()).isTrue();
    assertThat(b.get("today").get("cpa_micros").isNull()).isTrue();
    assertThat(all.get("campaigns").get(2).get("name").isNull())
        .as("aggregates without settings")
        .isTrue();
    assertThat(all.get("next_cursor").isNull()).isTrue();

    JsonNode first = ok("/v1/campaigns", Map.of("limit", "2"));
    assertThat(first.get("campaigns"))
        .extracting(c -> c.get("campaign_id").asText())
        .containsExactly("cmp-a", "cmp-b");
    JsonNode second =
        ok("/v1/campaigns", Map.of("limit", "2", "cursor", first.get("next_cursor").asText()));
    assertThat(second.get("campaigns"))
        .extracting(c -> c.get("campaign_id").asText())
        .containsExactly("cmp-c");
    assertThat(second.get("next_cursor").isNull()).isTrue();

    assertBadParameter("/v1/campaigns", Map.of("limit", "0"), "limit");
    assertBadParameter("/v1/campaigns", Map.of("limit", "ten"), "limit");
    assertBadParameter("/v1/campaigns", Map.of("cursor", "%%%"), "cursor");
    assertBadParameter("/v1/campaigns", Map.of("campaign", "cmp-a"), "campaign");
  }

  @Test
  void metricsRollUpTheExactlyOnceMinutesAtEachGranularity() throws Exception {
    JsonNode minutes =
        ok(
            "/v1/campaigns/cmp-a/metrics",
            Map.of("from", "2025-03-10T12:00:00Z", "to", "2025-03-10T12:10:00Z"));
    assertThat(minutes.get("granularity").asText()).isEqualTo("minute");
    assertThat(minutes.get("points")).hasSize(10);
    JsonNode noon = minutes.get("points").get(0);
    assertThat(noon.get("start").asText()).isEqualTo("2025-03-10T12:00:00Z");
    assertThat(noon.get("impressions").asLong()).as("two shards' items summed").isEqualTo(150);
    assertThat(noon.get("conversions").asLong()).isEqualTo(2);
    assertThat(noon.get("conversion_value_micros").asLong()).isEqualTo(5_000_000);
    assertThat(noon.get("cpa_micros").asLong()).isEqualTo(750_000);
    assertThat(noon.get("invalid_clicks").asLong()).isEqualTo(1);
    assertThat(minutes.get("points").get(1).get("impressions").asLong())
        .as("empty minutes are zeros")
        .isZero();
    assertThat(minutes.get("totals").get("impressions").asLong()).isEqualTo(170);

    JsonNode hours =
        ok(
            "/v1/campaigns/cmp-a/metrics",
            Map.of(
                "granularity",
                "hour",
                "from",
                "2025-03-10T11:00:00Z",
                "to",
                "2025-03-10T13:00:00Z"));
    assertThat(hours.get("points"))
        .extracting(p -> p.get("impressions").asLong())
        .containsExactly(0L, 170L);
    JsonNode days =
        ok(
            "/v1/campaigns/cmp-a/metrics",
            Map.of("granularity", "day", "from", "1741478400000", "to", "2025-03-11T00:00:00Z"));
    assertThat(days.get("from").asText()).isEqualTo("2025-03-09T00:00:00Z");
    assertThat(days.get("points"))
        .extracting(p -> p.get("impressions").asLong())
        .containsExactly(7L, 170L);

    JsonNode defaults = ok("/v1/campaigns/cmp-a/metrics", Map.of());
    assertThat(defaults.get("to").asText())
        .as("up to the current minute")
        .isEqualTo("2025-03-10T12:31:00Z");
    assertThat(defaults.get("from").asText()).isEqualTo("2025-03-10T11:31:00Z");

    JsonNode unknown = ok("/v1/campaigns/cmp-zzz/metrics", Map.of());
    assertThat(unknown.get("points"))
        .hasSize(60)
        .allSatisfy(p -> assertThat(p.get("impressions").asLong()).isZero());
    assertThat(unknown.get("totals").get("ctr").isNull()).isTrue();

    assertBadParameter("/v1/campaigns/cmp-a/metrics", Map.of("granularity", "week"), "granularity");
    assertBadParameter("/v1/campaigns/cmp-a/metrics", Map.of("from", "yesterday"), "from");
    assertBadParameter(
        "/v1/campaigns/cmp-a/metrics",
        Map.of("from", "2025-03-10T13:00:00Z", "to", "2025-03-10T12:00:00Z"),
        "from");
    assertBadParameter("/v1/campaigns/cmp-a/metrics", Map.of("from", "2025-03-01T00:00:00Z"), "to");
    assertBadParameter("/v1/campaigns/cmp%20a/metrics", Map.of(), "id");
    for (String parameter : List.of("from", "granularity")) {
      APIGatewayV2HTTPResponse echoed =
          call("GET", "/v1/campaigns/cmp-a/metrics", Map.of(parameter, "x".repeat(500)), Map.of());
      assertThat(JSON.readTree(echoed.getBody()).get("message").asText())
          .as("a bad value is echoed abbreviated")
          .contains("x".repeat(40) + "…")
          .doesNotContain("x".repeat(41));
    }
    APIGatewayV2HTTPResponse limit =
        call("GET", "/v1/alerts", Map.of("limit", "9".repeat(500)), Map.of());
    assertThat(JSON.readTree(limit.getBody()).get("message").asText())
        .contains("9".repeat(40) + "…")
        .doesNotContain("9".repeat(41));
  }

  @Test
  void unchangedNumbersAnswer304ToTheirETag() throws Exception {
    Map<String, String> range =
        Map.of("from", "2025-03-10T12:00:00Z", "to", "2025-03-10T12:10:00Z");
    APIGatewayV2HTTPResponse first = call("GET", "/v1/campaigns/cmp-a/metrics", range, Map.of());
    String etag = first.getHeaders().get("ETag");
    assertThat(etag).startsWith("W/\"");
    assertThat(first.getHeaders().get("Cache-Control")).isEqualTo("private, max-age=2");
    APIGatewayV2HTTPResponse again =
        call("GET", "/v1/campaigns/cmp-a/metrics", range, Map.of("if-none-match", etag));
    assertThat(again.getStatusCode()).isEqualTo(304);
    assertThat(again.getBody()).isEmpty();
    APIGatewayV2HTTPResponse other =
        call(
            "GET",
            "/v1/campaigns/cmp-a/metrics",
            Map.of("from", "2025-03-10T12:00:00Z", "to", "2025-03-10T12:06:00Z"),
            Map.of("if-none-match", etag));
    assertThat(other.getStatusCode()).isEqualTo(200);

    APIGatewayV2HTTPResponse settled =
        call(
            "GET",
            "/v1/campaigns/cmp-a/metrics",
            Map.of(
                "granularity",
                "hour",
                "from",
                "2025-03-09T00:00:00Z",
                "to",
                "2025-03-10T00:00:00Z"),
            Map.of());
    assertThat(settled.getHeaders().get("Cache-Control"))
        .as("past the allowed lateness")
        .isEqualTo("private, max-age=300");
  }

  @Test
  void theETagIgnoresTheServingTimeButNotTheNumbers() throws Exception {
    for (String path : List.of("/v1/campaigns", "/v1/features/device/" + DEVICE)) {
      APIGatewayV2HTTPResponse first = call("GET", path, Map.of(), Map.of());
      APIGatewayV2HTTPResponse later = call(secondLater, "GET", path, Map.of(), Map.of());
      assertThat(later.getBody()).as(path).isNotEqualTo(first.getBody());
      String etag = first.getHeaders().get("ETag");
      assertThat(later.getHeaders().get("ETag"))
          .as("%s a second later: the same numbers", path)
          .isEqualTo(etag);
      assertThat(
              call(secondLater, "GET", path, Map.of(), Map.of("if-none-match", etag))
                  .getStatusCode())
          .as(path)
          .isEqualTo(304);
    }
    assertThat(ok("/v1/campaigns", Map.of("limit", "2")).get("campaigns")).hasSize(2);
    assertThat(
            call("GET", "/v1/campaigns", Map.of("limit", "2"), Map.of()).getHeaders().get("ETag"))
        .as("other numbers")
        .isNotEqualTo(call("GET", "/v1/campaigns", Map.of(), Map.of()).getHeaders().get("ETag"));
    APIGatewayV2HTTPResponse head = call("HEAD", "/v1/campaigns", Map.of(), Map.of());
    assertThat(head.getStatusCode()).isEqualTo(200);
    assertThat(head.getBody()).isEmpty();
    assertThat(head.getHeaders().get("ETag"))
        .isEqualTo(call("GET", "/v1/campaigns", Map.of(), Map.of()).getHeaders().get("ETag"));
  }

  @Test
  void featuresAreServedByTokenWithTheirAsOfTime() throws Exception {
    JsonNode device = ok("/v1/features/device/" + DEVICE, Map.of());
    assertThat(device.get("as_of").asText()).isEqualTo("2025-03-10T12:28:00Z");
    assertThat(device.get("features").get("clicks_1h").asLong()).isEqualTo(2);
    assertThat(device.get("features").get("conversions_7d").asLong()).isEqualTo(1);
    assertThat(device.get("features").get("last_click").asText()).isEqualTo("2025-03-10T12:25:00Z");
    JsonNode user = ok("/v1/features/user/" + USER, Map.of());
    assertThat(user.get("features").get("clicks_24h").asLong()).isEqualTo(3);
    assertThat(user.get("as_of").asText()).isEqualTo("2025-03-10T12:29:00Z");

    APIGatewayV2HTTPResponse missing =
        call("GET", "/v1/features/device/k1.CCCCCCCCCCCCCCCCCCCCCC", Map.of(), Map.of());
    assertThat(missing.getStatusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.getBody()).get("error").asText()).isEqualTo("not_found");
    assertBadParameter("/v1/features/device/usr-123", Map.of(), "token");
    assertBadParameter("/v1/features/user/203.0.113.7", Map.of(), "token");
    assertBadParameter("/v1/features/campaign/" + DEVICE, Map.of(), "entity");
  }

  @Test
  void alertsAreNewestFirstFilteredAndPaged() throws Exception {
    JsonNode day = ok("/v1/alerts", Map.of());
    assertThat(day.get("alerts"))
        .extracting(a -> a.get("rule").asText())
        .containsExactly("bot_click", "click_flood", "click_flood");
    JsonNode flood = day.get("alerts").get(1);
    assertThat(flood.get("campaign_id").asText()).isEqualTo("cmp-a");
    assertThat(flood.get("severity").asText()).isEqualTo("HIGH");
    assertThat(flood.get("evidence").get("clicks").asLong()).isEqualTo(45);

    assertThat(ok("/v1/alerts", Map.of("since", "2025-03-10T00:00:00Z")).get("alerts")).hasSize(2);
    assertThat(ok("/v1/alerts", Map.of("rule", "click_flood")).get("alerts")).hasSize(2);
    assertThat(ok("/v1/alerts", Map.of("campaign", "cmp-c")).get("alerts"))
        .singleElement()
        .satisfies(
            bot -> {
              assertThat(bot.get("rule").asText()).isEqualTo("bot_click");
              assertThat(bot.get("window_start").asText()).isEqualTo("2025-03-10T12:00:00Z");
              assertThat(bot.get("window_end").asText()).isEqualTo("2025-03-10T13:00:00Z");
            });
    assertThat(ok("/v1/alerts", Map.of("campaign", "cmp-b")).get("alerts")).isEmpty();

    JsonNode first = ok("/v1/alerts", Map.of("limit", "2"));
    JsonNode rest =
        ok("/v1/alerts", Map.of("limit", "2", "cursor", first.get("next_cursor").asText()));
    assertThat(first.get("alerts")).hasSize(2);
    assertThat(rest.get("alerts"))
        .extracting(a -> a.get("raised_at").asText())
        .containsExactly("2025-03-09T20:00:30Z");
    assertThat(rest.get("next_cursor").isNull()).isTrue();

    assertBadParameter("/v1/alerts", Map.of("since", "2025-03-11T00:00:00Z"), "since");
    assertBadParameter("/v1/alerts", Map.of("since", "2024-01-01T00:00:00Z"), "since");
    assertBadParameter("/v1/alerts", Map.of("rule", "Click Flood"), "rule");
    assertBadParameter("/v1/alerts", Map.of("limit", "501"), "limit");
    assertBadParameter("/v1/alerts", Map.of("cursor", "b2Zmc2V0Oi0x"), "cursor");
  }

  @Test
  void unknownPathsAndWritesAreRefused() throws Exception {
    assertThat(call("GET", "/v1/nothing", Map.of(), Map.of()).getStatusCode()).isEqualTo(404);
    assertThat(call("GET", "/v2/campaigns", Map.of(), Map.of()).getStatusCode()).isEqualTo(404);
    APIGatewayV2HTTPResponse post = call("POST", "/v1/campaigns", Map.of(), Map.of());
    assertThat(post.getStatusCode()).isEqualTo(405);
    assertThat(post.getHeaders().get("Allow")).isEqualTo("GET, HEAD");
  }

  private void assertBadParameter(String path, Map<String, String> query, String parameter)
      throws Exception {
    APIGatewayV2HTTPResponse response = call("GET", path, query, Map.of());
    assertThat(response.getStatusCode()).as("%s %s", path, query).isEqualTo(400);
    JsonNode error = JSON.readTree(response.getBody());
    assertThat(error.get("error").asText()).isEqualTo("bad_parameter");
    assertThat(error.get("parameter").asText()).as("%s %s", path, query).isEqualTo(parameter);
    assertThat(error.get("message").asText()).startsWith(parameter + ": ");
  }

  private JsonNode ok(String path, Map<String, String> query) throws Exception {
    APIGatewayV2HTTPResponse response = call("GET", path, query, Map.of());
    assertThat(response.getStatusCode())
        .as("%s %s: %s", path, query, response.getBody())
        .isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsKey("ETag");
    return JSON.readTree(response.getBody());
  }

  private APIGatewayV2HTTPResponse call(
      String method, String path, Map<String, String> query, Map<String, String> headers) {
    return call(handler, method, path, query, headers);
  }

  private static APIGatewayV2HTTPResponse call(
      ApiHandler handler,
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers) {
    return handler.handleRequest(ApiRequests.request(method, path, query, headers), null);
  }

  private static void minute(
      Map<MinuteBucketKey, MinuteBucket> buckets,
      AdstreamConfig config,
      String campaign,
      String time,
      String shard,
      Measures measures) {
    CampaignMinute at = CampaignMinute.of(campaign, at(time));
    buckets.merge(
        MinuteBucketKey.of(at, shard, config.state().campaignBuckets()),
        MinuteBucket.EMPTY.plus(List.of(new io.adstream.aggregation.AggregateDelta(at, measures))),
        (a, b) -> a.plus(List.of(new io.adstream.aggregation.AggregateDelta(at, measures))));
  }

  private static Instant at(String time) {
    return Instant.parse("2025-03-10T" + time + ":00Z");
  }

  private static Alert alert(String rule, String subject, String campaign, Instant raisedAt) {
    return Alert.of(
        rule,
        Severity.HIGH,
        subject,
        Optional.of(campaign),
        raisedAt.minusSeconds(60),
        raisedAt,
        raisedAt,
        Map.of("clicks", 45, "threshold", 30));
  }
}
