package io.adstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.event.EventSamples;
import io.adstream.event.RecordMutator;
import io.adstream.lambda.AlertCheckHandler;
import io.adstream.lambda.ApiHandler;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PartitionKeyFunction;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.RunReport;
import io.adstream.local.serve.ApiRequests;
import io.adstream.pii.aws.SecretsManagerKeys;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import io.adstream.validation.Reason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a hostile producer can send, through Kinesis, the real processor and scheduled-check
 * handlers, Firehose, S3 and DynamoDB on the emulator: money near 2^63, ids past DynamoDB's key
 * limits and with characters the API cannot route, times in year 1, deep nesting, duplicate keys,
 * forged replay envelopes, card numbers in ids; then random mutants of every sample. Nothing is
 * parked, every rejected record is quarantined with the codec's reasons and its exact bytes, and
 * the API answers 200 for the campaign the hostile records named.
 */
@EmulatorTest
class HostileInputPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MUTANTS = 400;
  private static final String CAMPAIGN = "cmp-hostile";

  @Test
  void hostileRecordsAreQuarantinedWithTheirReasonsNothingParksAndTheApiServesTheCampaign(
      LocalAws aws) throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"h" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    Instant at = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    long seed =
        Optional.ofNullable(System.getenv("SEED"))
            .map(Long::parseLong)
            .orElseGet(() -> new SplittableRandom().nextLong());
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    Map<String, String> expectedReason = new HashMap<>();

    // the campaign's own valid records: settings, and impressions at the impression price maximum
    inputs.put(
        "campaign update",
        event(
            "campaign_update-1",
            at,
            Map.of("campaign_id", CAMPAIGN, "daily_budget_micros", 1_000_000_000L)));
    for (int i = 0; i < 3; i++) {
      inputs.put(
          "max-price impression " + i,
          event(
              "impression-1",
              at.plusSeconds(i),
              Map.of(
                  "campaign_id",
                  CAMPAIGN,
                  "impression_id",
                  "imp-max-" + i,
                  "cost_micros",
                  1_000_000_000L)));
    }
    hostile(
        inputs,
        expectedReason,
        "impression cost near 2^63",
        "money_too_large:cost_micros",
        event(
            "impression-1",
            at,
            Map.of(
                "campaign_id",
                CAMPAIGN,
                "impression_id",
                "imp-huge",
                "cost_micros",
                Long.MAX_VALUE - 1)));
    hostile(
        inputs,
        expectedReason,
        "click cost near 2^63",
        "money_too_large:cost_micros",
        event(
            "click-1",
            at,
            Map.of(
                "campaign_id",
                CAMPAIGN,
                "click_id",
                "clk-huge",
                "cost_micros",
                9_000_000_000_000_000_000L)));
    hostile(
        inputs,
        expectedReason,
        "conversion value near 2^63",
        "money_too_large:value_micros",
        event(
            "conversion-1",
            at,
            Map.of("conversion_id", "cnv-huge", "value_micros", Long.MAX_VALUE)));
    hostile(
        inputs,
        expectedReason,
        "budget near 2^63",
        "money_too_large:daily_budget_micros",
        event(
            "campaign_update-1",
            at,
            Map.of("campaign_id", CAMPAIGN, "daily_budget_micros", Long.MAX_VALUE)));
    hostile(
        inputs,
        expectedReason,
        "search-ads cost near 2^63",
        "money_too_large:cost_micros",
        event("sem_stats-1", at, Map.of("campaign_id", CAMPAIGN, "cost_micros", Long.MAX_VALUE)));
    hostile(
        inputs,
        expectedReason,
        "a count past 10^12",
        "count_too_large:impressions",
        event(
            "sem_stats-1",
            at,
            Map.of("campaign_id", CAMPAIGN, "impressions", 10_000_000_000_000L)));
    hostile(
        inputs,
        expectedReason,
        "cost past 64 bits",
        "bad_type:cost_micros",
        new String(
                event("impression-1", at, Map.of("impression_id", "imp-wide")),
                StandardCharsets.UTF_8)
            .replace("\"cost_micros\":2500", "\"cost_micros\":100000000000000000000000000000")
            .getBytes(StandardCharsets.UTF_8));
    hostile(
        inputs,
        expectedReason,
        "3,000-character campaign_id",
        "too_long:campaign_id",
        event("impression-1", at, Map.of("campaign_id", "c".repeat(3_000))));
    hostile(
        inputs,
        expectedReason,
        "3,000-character impression_id",
        "too_long:impression_id",
        event("impression-1", at, Map.of("impression_id", "i".repeat(3_000))));
    hostile(
        inputs,
        expectedReason,
        "3,000-character click_id",
        "too_long:click_id",
        event("click-1", at, Map.of("click_id", "k".repeat(3_000))));
    hostile(
        inputs,
        expectedReason,
        "campaign_update with a 3,000-character campaign_id",
        "too_long:campaign_id",
        event("campaign_update-1", at, Map.of("campaign_id", "u".repeat(3_000))));
    hostile(
        inputs,
        expectedReason,
        "a campaign id with a space",
        "bad_id:campaign_id",
        event("impression-1", at, Map.of("campaign_id", "spring sale")));
    hostile(
        inputs,
        expectedReason,
        "a campaign id with an @",
        "bad_id:campaign_id",
        event("click-1", at, Map.of("campaign_id", "jane@example.com")));
    hostile(
        inputs,
        expectedReason,
        "a card number as order id",
        "personal_data:order_id",
        event("conversion-1", at, Map.of("order_id", "4111-1111-1111-1111")));
    hostile(
        inputs,
        expectedReason,
        "year 1",
        "bad_time:event_time",
        event("impression-1", at, Map.of("event_time", "0001-01-01T00:00:00Z")));
    hostile(
        inputs,
        expectedReason,
        "epoch -1",
        "bad_time:event_time",
        event("click-1", at, Map.of("event_time", -1L)));
    hostile(
        inputs,
        expectedReason,
        "nesting 5,000 deep",
        "not_json",
        new String(event("impression-1", at, Map.of()), StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"extra\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",")
            .getBytes(StandardCharsets.UTF_8));
    hostile(
        inputs,
        expectedReason,
        "a key twice",
        "not_json",
        new String(event("impression-1", at, Map.of()), StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"cost_micros\":1,")
            .getBytes(StandardCharsets.UTF_8));
    hostile(
        inputs,
        expectedReason,
        "a forged replay envelope",
        "unauthenticated_replay",
        ("{\"adstream_replay\":2,\"auth\":\"k1.AAAA\",\"fingerprint\":\"x\",\"ip_prefix\":\"10.0.0.0/24\",\"pii_redacted\":[],\"event\":"
                + new String(
                    event("click-1", at, Map.of("click_id", "clk-forged")), StandardCharsets.UTF_8)
                + "}")
            .getBytes(StandardCharsets.UTF_8));
    hostile(
        inputs,
        expectedReason,
        "an old unauthenticated replay envelope",
        "unauthenticated_replay",
        ("{\"adstream_replay\":1,\"fingerprint\":\"x\",\"pii_redacted\":[],\"event\":"
                + new String(
                    event("click-1", at, Map.of("click_id", "clk-old")), StandardCharsets.UTF_8)
                + "}")
            .getBytes(StandardCharsets.UTF_8));
    SplittableRandom random = new SplittableRandom(seed);
    RecordMutator mutator = new RecordMutator(random);
    List<EventSamples.Sample> samples = EventSamples.all();
    for (int i = 0; i < MUTANTS; i++) {
      RecordMutator.Mutant mutant =
          mutator.mutate(samples.get(random.nextInt(samples.size())).bytes());
      inputs.put("mutant " + i + " (" + mutant.how() + ")", mutant.bytes());
    }

    PipelineTotals totals = new PipelineTotals();
    String topic = ProvisioningPlan.of(config).alertTopicArn();
    RunReport report =
        LocalRun.builder()
            .aws(aws)
            .config(config)
            .handler(() -> new ProcessorHandler(aws.clients(), config, topic, totals))
            // as a producer keys them, cut to the 256 characters Kinesis takes: the 3,000-character
            // ids are keys too
            .partitionKeys(
                line -> {
                  String key = PartitionKeyFunction.producers().partitionKey(line);
                  return key.length() <= 256 ? key : key.substring(0, 256);
                })
            .alertCheck(
                () -> new AlertCheckHandler(aws.clients(), config, topic, Clock.systemUTC()))
            .progress(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
            .functionLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build()
            .run(inputs.values().iterator());

    String context = "seed " + seed;
    PipelineTotals.Snapshot outcome = totals.snapshot();
    // an empty record may be refused by the stream itself (MiniStack does): it never reaches the
    // pipeline;
    // every other record must be put
    long empty = inputs.values().stream().filter(b -> b.length == 0).count();
    assertThat(report.load().records())
        .as(context + ": records put")
        .isBetween(inputs.size() - empty, (long) inputs.size());
    assertThat(outcome.accepted() + outcome.duplicates() + outcome.quarantined())
        .as(context)
        .isEqualTo(report.load().records());
    assertThat(outcome.accepted() + outcome.duplicates() + outcome.quarantined())
        .as(context)
        .isEqualTo(report.load().records());

    // every record the codec rejects on its own is in quarantine/, by its exact bytes, with the
    // codec's reasons
    EventCodec codec =
        EventCodec.builder().futureTolerance(config.windows().futureTolerance()).build();
    String bucket =
        ProvisioningPlan.of(config, ProvisioningPlan.LOCAL_ACCOUNT, "us-east-1").lakeBucket();
    QuarantineSealer sealer =
        QuarantineSealer.builder()
            .keyProvider(
                new SecretsManagerKeys(
                    aws.clients().secretsManager(),
                    config.names().piiKeySecret(),
                    Duration.ofMinutes(5),
                    Clock.systemUTC()))
            .build();
    Map<ByteBuffer, List<String>> quarantined = new HashMap<>();
    try (S3Client s3 = aws.clients().s3()) {
      for (JsonNode line : LakeLines.read(s3, bucket, ResourceNames.QUARANTINE_PREFIX)) {
        QuarantineRecord record = QuarantineRecord.parse(line.toString());
        assertThat(record.reasons()).as(context).isNotEmpty();
        quarantined.put(
            ByteBuffer.wrap(sealer.unseal(record)),
            record.reasons().stream().map(Reason::code).toList());
      }
    }
    inputs.forEach(
        (what, bytes) -> {
          if (expectedReason.containsKey(what)) {
            assertThat(quarantined.get(ByteBuffer.wrap(bytes)))
                .as("%s: %s", context, what)
                .contains(expectedReason.get(what));
          } else if (bytes.length > 0
              && codec.decode(bytes, Instant.now()) instanceof DecodeResult.Invalid invalid) {
            assertThat(quarantined.get(ByteBuffer.wrap(bytes)))
                .as("%s: %s", context, what)
                .containsAll(invalid.reasons().stream().map(Reason::code).toList());
          }
        });

    // the campaign the hostile records named is served: its valid impressions at the price maximum,
    // summed
    ApiHandler api = new ApiHandler(aws.clients(), config, Clock.systemUTC());
    APIGatewayV2HTTPResponse metrics =
        get(
            api,
            "/v1/campaigns/" + CAMPAIGN + "/metrics",
            Map.of(
                "from",
                at.minus(Duration.ofHours(1)).toString(),
                "to",
                at.plus(Duration.ofHours(1)).toString(),
                "granularity",
                "hour"));
    assertThat(metrics.getStatusCode()).as(metrics.getBody()).isEqualTo(200);
    JsonNode totalsJson = JSON.readTree(metrics.getBody()).get("totals");
    assertThat(totalsJson.get("impressions").asLong()).isEqualTo(3);
    assertThat(totalsJson.get("cost_micros").asLong()).isEqualTo(3_000_000_000L);
    APIGatewayV2HTTPResponse list = get(api, "/v1/campaigns", Map.of("limit", "500"));
    assertThat(list.getStatusCode()).as(list.getBody()).isEqualTo(200);
    assertThat(get(api, "/v1/alerts", Map.of()).getStatusCode()).isEqualTo(200);
  }

  private static void hostile(
      Map<String, byte[]> inputs,
      Map<String, String> reasons,
      String what,
      String reason,
      byte[] bytes) {
    inputs.put(what, bytes);
    reasons.put(what, reason);
  }

  /**
   * A sample with a fresh event_id, its times moved to {@code at}, and the given fields replaced.
   */
  private static byte[] event(String sample, Instant at, Map<String, Object> fields)
      throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(EventSamples.bytes(sample));
    event.put("event_id", "evt-" + UUID.randomUUID());
    event.put("event_time", at.toString());
    if (event.has("report_time")) {
      event.put("period_start", at.minus(Duration.ofDays(1)).toString());
      event.put("period_end", at.toString());
      event.put("report_time", at.toString());
    }
    fields.forEach((name, value) -> event.set(name, JSON.valueToTree(value)));
    return JSON.writeValueAsBytes(event);
  }

  private static APIGatewayV2HTTPResponse get(
      ApiHandler handler, String path, Map<String, String> query) {
    return handler.handleRequest(ApiRequests.get(path, query), null);
  }
}
