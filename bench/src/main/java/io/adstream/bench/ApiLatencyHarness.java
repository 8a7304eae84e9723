package io.adstream.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.lambda.ApiHandler;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.local.serve.LocalApiServer;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Fences;
import io.adstream.state.Versioned;
import io.adstream.state.aws.DynamoVersionedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

/**
 * Latency of the metrics endpoint over a day of minute buckets, on the embedded emulator:
 * 20 campaigns over 2 shards for a whole UTC day (2 buckets x 1,440 minutes x 2 shards = 5,760 items), then
 * {@code GET /v1/campaigns/{id}/metrics} for the whole day by minute (1,440 points) and by hour, measured
 * in the handler and through {@code adstream serve}'s loopback HTTP server. Prints p50/p99/max.
 *
 * <pre>./mvnw -B -q -pl bench -am verify -DskipTests -Dadstream.apiLatency</pre>
 */
public final class ApiLatencyHarness {
  static final int CAMPAIGNS = 20;
  static final int WARMUP = 20;
  static final int REQUESTS = 200;
  static final Instant DAY = Instant.parse("2025-03-10T00:00:00Z");

  public static void main(String[] args) throws Exception {
    AdstreamConfig config = AdstreamConfig.withOverrides("{\"prefix\":\"bench-api\"}");
    try (LocalAws aws = LocalAws.start()) {
      new LocalProvisioner(aws.clients()).provision(ProvisioningPlan.of(config));
      long seeding = System.nanoTime();
      int items = seed(aws, config);
      System.out.printf(Locale.ROOT, "seeded %,d aggregate items (%d campaigns, one day, 2 shards) in %.1f s%n",
          items, CAMPAIGNS, (System.nanoTime() - seeding) / 1e9);
      ApiHandler handler = new ApiHandler(aws.clients(), config, Clock.fixed(DAY.plusSeconds(86_399), ZoneOffset.UTC));
      String day = "from=2025-03-10T00:00:00Z&to=2025-03-11T00:00:00Z";
      report("handler, minute x 1,440", inHandler(handler, "/v1/campaigns/cmp-007/metrics", day + "&granularity=minute"));
      report("handler, hour x 24", inHandler(handler, "/v1/campaigns/cmp-007/metrics", day + "&granularity=hour"));
      report("handler, campaigns list", inHandler(handler, "/v1/campaigns", ""));
      try (LocalApiServer server = LocalApiServer.start(handler, 0)) {
        HttpClient http = HttpClient.newHttpClient();
        URI minute = server.uri().resolve("/v1/campaigns/cmp-007/metrics?" + day + "&granularity=minute");
        report("HTTP loopback, minute x 1,440", () -> {
          try {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(minute).build(), HttpResponse.BodyHandlers.ofByteArray());
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
    Map<MinuteBucketKey, MinuteBucket> buckets = new HashMap<>();
    for (int minute = 0; minute < 1_440; minute++) {
      for (int c = 0; c < CAMPAIGNS; c++) {
        for (String shard : new String[] {"shardId-000000000000", "shardId-000000000001"}) {
          CampaignMinute at = CampaignMinute.of(String.format(Locale.ROOT, "cmp-%03d", c), DAY.plusSeconds(60L * minute));
          Measures measures = new Measures(random.nextInt(40, 400), random.nextInt(0, 12), random.nextInt(0, 2),
              random.nextLong(10_000, 900_000), random.nextInt(0, 2), random.nextLong(0, 5_000_000), 0, 0);
          buckets.merge(MinuteBucketKey.of(at, shard, config.state().campaignBuckets()),
              MinuteBucket.EMPTY.plus(List.of(new AggregateDelta(at, measures))),
              (a, b) -> a.plus(List.of(new AggregateDelta(at, measures))));
        }
      }
    }
    var store = new DynamoVersionedStore<>(aws.clients().dynamoDb(), new MinuteBucketMapping(config), new CapacityMeter());
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      var writes = buckets.entrySet().stream()
          .map(e -> writers.submit(() -> store.write(e.getKey(), 0, new Versioned<>(e.getValue(), 1, Fences.NONE))))
          .toList();
      for (Future<Boolean> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdown();
    }
    return buckets.size();
  }

  private static LongSupplier inHandler(ApiHandler handler, String path, String rawQuery) {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withQueryStringParameters(LocalApiServer.query(rawQuery))
        .withHeaders(Map.of())
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
            .build())
        .build();
    return () -> {
      long start = System.nanoTime();
      APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
      long elapsed = System.nanoTime() - start;
      check(response.getStatusCode(), response.getBody().length());
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

  private static void report(String name, LongSupplier request) {
    for (int i = 0; i < WARMUP; i++) {
      request.getAsLong();
    }
    long[] nanos = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      nanos[i] = request.getAsLong();
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-32s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%,d requests, %,d bytes each)%n",
        name, nanos[REQUESTS / 2] / 1e6, nanos[(int) (REQUESTS * 0.99)] / 1e6, nanos[REQUESTS - 1] / 1e6, REQUESTS, lastBytes);
  }
}
