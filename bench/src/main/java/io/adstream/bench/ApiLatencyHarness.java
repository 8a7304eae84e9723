package io.adstream.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.aggregation.aws.HourBucketMapping;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.local.serve.ApiRequests;
import io.adstream.local.serve.LocalApiServer;
import io.adstream.state.aws.ItemMapping;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Latency of the metrics endpoint on the embedded emulator: 20 campaigns over 2 shards for a whole
 * UTC day (2 buckets x 1,440 minutes x 2 shards = 5,760 minute items), and the 30 days before it
 * for the measured campaign's bucket (dashboards read a month), each minute also rolled up into its
 * hour item as the processor does (24 per day, bucket and shard), then {@code GET
 * /v1/campaigns/{id}/metrics} for the whole day by minute (1,440 points) and by hour, and for the
 * 31 days by hour (744 points) and by day, measured in the handler and through {@code adstream
 * serve}'s loopback HTTP server. Prints p50/p99/max.
 *
 * <pre>./mvnw -B -q -pl bench -am verify -DskipTests -Dadstream.apiLatency</pre>
 */
public final class ApiLatencyHarness {
  static final int CAMPAIGNS = 20;

  /**
   * Requests per measurement: the emulator reads a day of minute buckets in about a second on the
   * shared machine, and a month by minute (what an hourly month was before hour items) in tens of
   * seconds.
   */
  static final int WARMUP = 2;

  static final int REQUESTS = 20;
  static final int LONG_RANGE_REQUESTS = 3;

  /**
   * Yesterday (UTC): items are written with the aggregates' retention as their TTL, and the
   * emulator deletes expired items as DynamoDB does, so a fixed day of long ago would be read back
   * empty.
   */
  static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));

  /** The month a long-range request reads: DAY and the 30 days before it. */
  static final int DAYS = 31;

  static final String MEASURED = "cmp-007";

  public static void main(String[] args) throws Exception {
    AdstreamConfig config = AdstreamConfig.withOverrides("{\"prefix\":\"bench-api\"}");
    try (LocalAws aws = LocalAws.start()) {
      new LocalProvisioner(aws.clients()).provision(ProvisioningPlan.of(config));
      long seeding = System.nanoTime();
      int items = seed(aws, config);
      System.out.printf(
          Locale.ROOT,
          "seeded %,d aggregate items, minute and hour (%d campaigns, one day, 2 shards; %d days of %s's bucket) in %.1f s%n",
          items,
          CAMPAIGNS,
          DAYS,
          MEASURED,
          (System.nanoTime() - seeding) / 1e9);
      ApiHandler handler =
          new ApiHandler(
              aws.clients(), config, Clock.fixed(DAY.plusSeconds(86_399), ZoneOffset.UTC));
      String day = "from=" + DAY + "&to=" + DAY.plus(Duration.ofDays(1));
      String month =
          "from=" + DAY.minus(Duration.ofDays(DAYS - 1)) + "&to=" + DAY.plus(Duration.ofDays(1));
      String metrics = "/v1/campaigns/" + MEASURED + "/metrics";
      report("handler, minute x 1,440", inHandler(handler, metrics, day + "&granularity=minute"));
      report("handler, hour x 24", inHandler(handler, metrics, day + "&granularity=hour"));
      report("handler, campaigns list", inHandler(handler, "/v1/campaigns", ""));
      report(
          "handler, hour x 744 (31 days)",
          1,
          LONG_RANGE_REQUESTS,
          inHandler(handler, metrics, month + "&granularity=hour"));
      report(
          "handler, day x 31",
          1,
          LONG_RANGE_REQUESTS,
          inHandler(handler, metrics, month + "&granularity=day"));
      try (LocalApiServer server = LocalApiServer.start(handler, 0)) {
        HttpClient http = HttpClient.newHttpClient();
        URI minute =
            server.uri().resolve("/v1/campaigns/cmp-007/metrics?" + day + "&granularity=minute");
        report(
            "HTTP loopback, minute x 1,440",
            WARMUP,
            REQUESTS,
            () -> {
              try {
                long start = System.nanoTime();
                HttpResponse<byte[]> response =
                    http.send(
                        HttpRequest.newBuilder(minute).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                check(response.statusCode(), response.body().length);
                return System.nanoTime() - start;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
      }
    }
  }

  private static int seed(LocalAws aws, AdstreamConfig config) throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    int buckets = config.state().campaignBuckets();
    int measuredBucket = MinuteBucketKey.bucketOf(MEASURED, buckets);
    Map<MinuteBucketKey, MinuteBucket> items = new HashMap<>();
    Instant first = DAY.minus(Duration.ofDays(DAYS - 1));
    for (int minute = 0; minute < 1_440 * DAYS; minute++) {
      Instant time = first.plusSeconds(60L * minute);
      for (int c = 0; c < CAMPAIGNS; c++) {
        String campaign = String.format(Locale.ROOT, "cmp-%03d", c);
        if (time.isBefore(DAY) && MinuteBucketKey.bucketOf(campaign, buckets) != measuredBucket) {
          continue;
        }
        for (String shard : new String[] {"shardId-000000000000", "shardId-000000000001"}) {
          CampaignMinute at = CampaignMinute.of(campaign, time);
          Measures measures =
              new Measures(
                  random.nextInt(40, 400),
                  random.nextInt(0, 12),
                  random.nextInt(0, 2),
                  random.nextLong(10_000, 900_000),
                  random.nextInt(0, 2),
                  random.nextLong(0, 5_000_000),
                  0,
                  0);
          AggregateDelta delta = new AggregateDelta(at, measures);
          items.merge(
              MinuteBucketKey.of(at, shard, buckets),
              MinuteBucket.EMPTY.plus(List.of(delta)),
              (a, b) -> a.plus(List.of(delta)));
        }
      }
    }
    // and the hour items the processor rolls them up into: what hour and day series read
    Map<HourBucketKey, HourBucket> hours =
        HourBucketKey.rolledUp(items, config.state().hourItemsPerBucket());
    write(aws, new MinuteBucketMapping(config), items);
    write(aws, new HourBucketMapping(config), hours);
    return items.size() + hours.size();
  }

  /**
   * Puts the items as the processor would have left them (version 1, no fences), 25 to a
   * BatchWriteItem on 8 threads: a month of minute buckets one conditional put at a time takes the
   * emulator most of an hour.
   */
  private static <K, V> void write(LocalAws aws, ItemMapping<K, V> mapping, Map<K, V> items)
      throws Exception {
    DynamoDbClient dynamo = aws.clients().dynamoDb();
    List<WriteRequest> puts = new ArrayList<>();
    items.forEach(
        (key, value) -> {
          Map<String, AttributeValue> item = new HashMap<>(mapping.encode(value));
          item.putAll(mapping.key(key));
          item.put("v", AttributeValue.fromN("1"));
          item.put(
              TableSpec.TTL_ATTRIBUTE,
              AttributeValue.fromN(Long.toString(mapping.expiresAt(key, value))));
          puts.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
        });
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int from = 0; from < puts.size(); from += 25) {
        List<WriteRequest> chunk = puts.subList(from, Math.min(from + 25, puts.size()));
        writes.add(
            writers.submit(
                () -> {
                  Map<String, List<WriteRequest>> pending = Map.of(mapping.table(), chunk);
                  while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    pending =
                        dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                  }
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  private static LongSupplier inHandler(ApiHandler handler, String path, String rawQuery) {
    APIGatewayV2HTTPEvent event = ApiRequests.get(path, ApiRequests.query(rawQuery));
    return () -> {
      long start = System.nanoTime();
      APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
      long elapsed = System.nanoTime() - start;
      check(response.getStatusCode(), response.getBody().length());
      lastBody = response.getBody();
      return elapsed;
    };
  }

  private static void check(int status, int bytes) {
    if (status != 200) {
      throw new IllegalStateException("status " + status);
    }
    lastBytes = bytes;
  }

  private static int lastBytes;
  private static String lastBody = "";

  /** What the last handler response held: a series with empty points read less than was seeded. */
  private static String points() {
    try {
      JsonNode points = new ObjectMapper().readTree(lastBody).path("points");
      int withImpressions = 0;
      for (JsonNode point : points) {
        withImpressions += point.path("impressions").asLong() > 0 ? 1 : 0;
      }
      return points.isEmpty()
          ? ""
          : String.format(
              Locale.ROOT, ", %,d of %,d points with impressions", withImpressions, points.size());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void report(String name, LongSupplier request) {
    report(name, WARMUP, REQUESTS, request);
  }

  private static void report(String name, int warmup, int requests, LongSupplier request) {
    for (int i = 0; i < warmup; i++) {
      request.getAsLong();
    }
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      nanos[i] = request.getAsLong();
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-32s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (%,d requests, %,d bytes each%s)%n",
        name,
        nanos[requests / 2] / 1e6,
        nanos[(int) (requests * 0.99)] / 1e6,
        nanos[requests - 1] / 1e6,
        requests,
        lastBytes,
        points());
    lastBody = "";
  }
}
