package io.adstream.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.aws.BucketItemMapping;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.config.TableSpec;
import io.adstream.lambda.ReconcileHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.mapping.EventSourceMapping;
import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.Metric;
import io.adstream.reconcile.Reconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The migration's shadow run (docs/cli.md, migration tools) on the emulator: a day slice through
 * the streaming pipeline, the batch table recomputed from the lake, reconciled with zero drift; a
 * replay of the processed range changes no aggregate; then the streaming side is damaged (one
 * shard's batch skipped, another batch applied twice past its fence) and reconcile reports exactly
 * that drift, per campaign.
 */
@EmulatorTest
class ShadowRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void reconcileFindsNoDriftThenExactlyTheInjectedDrift(LocalAws aws) throws Exception {
    MigrationFixture pipeline = new MigrationFixture(aws, "\"batchSize\":100");
    pipeline.run(pipeline.traffic(5, 3_000), handler -> handler);
    String date = pipeline.day.toString();
    Path table = dir.resolve("batch.csv");

    MigrationFixture.Cli batch =
        pipeline.adstream(
            "batch",
            "--lake",
            "s3://" + pipeline.bucket(),
            "--date",
            date,
            "--out",
            table.toString());
    assertThat(batch.exitCode()).as(batch.err()).isZero();
    assertThat(Files.readAllLines(table).get(0))
        .isEqualTo("date,campaign_id,impressions,clicks,conversions,spend,revenue");

    JsonNode clean = reconcile(pipeline, table, date, 0);
    assertThat(clean.at("/summary/campaigns").asInt()).isGreaterThan(5);
    assertThat(clean.at("/summary/match").asInt())
        .isEqualTo(clean.at("/summary/campaigns").asInt());
    assertThat(clean.at("/summary/total_difference/spend").asLong()).isZero();
    assertThat(clean.at("/summary/total_difference/conversions").asLong()).isZero();

    // the same comparison from the lake's side of the stream: per campaign, the lake holds what the
    // aggregates do
    MigrationFixture.Cli fromLake =
        pipeline.adstream(
            "reconcile",
            "--batch",
            table.toString(),
            "--date",
            date,
            "--grace",
            "0s",
            "--streaming",
            "lake",
            "--lake",
            "s3://" + pipeline.bucket(),
            "--json");
    assertThat(fromLake.exitCode()).as(fromLake.out() + fromLake.err()).isZero();
    JsonNode lakeSide = JSON.readTree(fromLake.out());
    assertThat(lakeSide.get("streaming_source").asText())
        .startsWith("enriched events in s3://" + pipeline.bucket());
    assertThat(streamingTotals(lakeSide))
        .as("streaming totals from the lake")
        .isEqualTo(streamingTotals(clean));

    // the Glue job's table as Spark writes it: snappy Parquet part files under a prefix, money in
    // currency units
    String glue = "glue/daily/date=" + date + "/";
    MigrationFixture.Cli parquet =
        pipeline.adstream(
            "batch",
            "--lake",
            "s3://" + pipeline.bucket(),
            "--date",
            date,
            "--format",
            "parquet",
            "--money-unit",
            "currency",
            "--out",
            "s3://" + pipeline.bucket() + "/" + glue + "part-00000-5e1c0d2a-c000.snappy.parquet");
    assertThat(parquet.exitCode()).as(parquet.err()).isZero();
    try (S3Client s3 = pipeline.aws.clients().s3()) {
      s3.putObject(
          b -> b.bucket(pipeline.bucket()).key(glue + "_SUCCESS"),
          software.amazon.awssdk.core.sync.RequestBody.empty());
    }
    MigrationFixture.Cli fromParquet =
        pipeline.adstream(
            "reconcile",
            "--batch",
            "s3://" + pipeline.bucket() + "/" + glue,
            "--format",
            "parquet",
            "--money-unit",
            "currency",
            "--date",
            date,
            "--grace",
            "0s",
            "--json");
    assertThat(fromParquet.exitCode()).as(fromParquet.err()).isZero();
    assertThat(JSON.readTree(fromParquet.out()).at("/summary/match").asInt())
        .isEqualTo(clean.at("/summary/campaigns").asInt());

    // the scheduled Lambda's check of the same day, with the table where the batch job writes it
    String tableKey =
        pipeline.config.reconcile().batchTable().prefixFor(pipeline.day) + "part-00000.csv";
    assertThat(
            pipeline
                .adstream(
                    "batch",
                    "--lake",
                    "s3://" + pipeline.bucket(),
                    "--date",
                    date,
                    "--out",
                    "s3://" + pipeline.bucket() + "/" + tableKey)
                .exitCode())
        .isZero();
    assertThat(scheduledDrift(pipeline)).as("scheduled reconcile drift, clean").isZero();

    var before = pipeline.aggregates();
    try (EventSourceMapping mapping = pipeline.tipMapping()) {
      MigrationFixture.Cli replay =
          pipeline.adstream(
              "replay",
              "--lake",
              "s3://" + pipeline.bucket(),
              "--date",
              date,
              "--rate",
              "20000",
              "--checkpoint",
              dir.resolve("replay.checkpoint").toString());
      assertThat(replay.exitCode()).as(replay.err()).isZero();
      assertThat(replay.out()).contains("records put");
      var drained = mapping.awaitDrained(Duration.ofMinutes(5));
      assertThat(drained.total().recordsCompleted())
          .as("replayed records processed")
          .isGreaterThan(2_500);
    }
    assertThat(pipeline.aggregates())
        .as("aggregates after replaying the processed day")
        .isEqualTo(before);

    Map<String, CampaignTotals> injected = damage(pipeline);
    JsonNode damaged = reconcile(pipeline, table, date, 1);
    Map<String, CampaignTotals> reported = new TreeMap<>();
    for (JsonNode campaign : damaged.get("campaigns")) {
      Map<Metric, Long> difference = new HashMap<>();
      for (Metric metric : Metric.values()) {
        difference.put(metric, campaign.at("/metrics/" + metric.key() + "/difference").asLong());
      }
      CampaignTotals totals = CampaignTotals.of(difference);
      if (!totals.isZero()) {
        reported.put(campaign.get("campaign_id").asText(), totals);
        assertThat(campaign.get("status").asText()).isIn("drift", "missing_in_streaming");
      }
    }
    assertThat(reported).as("drift per campaign").isEqualTo(injected).isNotEmpty();
    assertThat(damaged.at("/summary/outside_tolerance").asInt()).isEqualTo(injected.size());
    assertThat(scheduledDrift(pipeline))
        .as("scheduled reconcile drift, damaged")
        .isEqualTo(injected.size());
    assertThat(Files.list(dir.resolve("reports")).map(p -> p.getFileName().toString()))
        .anyMatch(name -> name.endsWith(".html"))
        .anyMatch(name -> name.endsWith(".md"));
  }

  /**
   * Invokes the scheduled reconcile handler as EventBridge would the morning after the day; its
   * drift metric.
   */
  private static long scheduledDrift(MigrationFixture pipeline) {
    List<Reconciliation> published = new ArrayList<>();
    ScheduledEvent event = new ScheduledEvent();
    event.setTime(
        new DateTime(
            pipeline
                .day
                .plusDays(1)
                .atTime(6, 0)
                .toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli(),
            DateTimeZone.UTC));
    String summary =
        new ReconcileHandler(
                pipeline.aws.clients(), pipeline.config, pipeline.bucket(), published::add)
            .handleRequest(event, null);
    assertThat(summary).contains("reconciled " + pipeline.day);
    try (S3Client s3 = pipeline.aws.clients().s3()) {
      assertThat(
              s3.listObjectsV2(
                      b ->
                          b.bucket(pipeline.bucket())
                              .prefix("reconcile/date=" + pipeline.day + "/"))
                  .contents())
          .extracting(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
          .containsExactlyInAnyOrder("report.json", "report.md", "report.html");
    }
    assertThat(published).hasSize(1);
    return published.get(0).settled() ? published.get(0).campaignsOutsideTolerance() : -1;
  }

  /** The streaming side's totals per campaign, as a report shows them. */
  private static Map<String, CampaignTotals> streamingTotals(JsonNode report) {
    Map<String, CampaignTotals> totals = new TreeMap<>();
    for (JsonNode campaign : report.get("campaigns")) {
      Map<Metric, Long> values = new HashMap<>();
      for (Metric metric : Metric.values()) {
        values.put(metric, campaign.at("/metrics/" + metric.key() + "/streaming").asLong());
      }
      totals.put(campaign.get("campaign_id").asText(), CampaignTotals.of(values));
    }
    return totals;
  }

  private JsonNode reconcile(MigrationFixture pipeline, Path table, String date, int expectedExit)
      throws Exception {
    MigrationFixture.Cli run =
        pipeline.adstream(
            "reconcile",
            "--batch",
            table.toString(),
            "--date",
            date,
            "--grace",
            "0s",
            "--json",
            "--report-dir",
            dir.resolve("reports").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(expectedExit);
    return JSON.readTree(run.out());
  }

  /**
   * Skips one shard's batch (its effect on one aggregate item is gone) and applies another shard's
   * batch twice past its fence (its item's measures doubled, fence untouched). Returns the drift
   * that injects, per campaign.
   */
  private static Map<String, CampaignTotals> damage(MigrationFixture pipeline) {
    String table = pipeline.config.names().aggregatesTable();
    try (DynamoDbClient dynamo = pipeline.aws.clients().dynamoDb()) {
      // minute items: what the reconciliation reads (the hour items beside them serve hour and day
      // series)
      List<Map<String, AttributeValue>> items =
          new ArrayList<>(
              dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                  .filter(MinuteBucketMapping::isMinuteItem)
                  .toList());
      items.sort(
          Comparator.comparing(
                  (Map<String, AttributeValue> item) -> BucketItemMapping.campaigns(item).size())
              .reversed());
      Map<String, AttributeValue> skipped =
          items.stream().filter(i -> shard(i).endsWith("0")).findFirst().orElseThrow();
      Map<String, AttributeValue> twice =
          items.stream().filter(i -> shard(i).endsWith("1")).findFirst().orElseThrow();
      Map<String, CampaignTotals> injected = new TreeMap<>();
      BucketItemMapping.campaigns(skipped)
          .forEach(
              (campaign, measures) ->
                  injected.merge(
                      campaign, CampaignTotals.of(measures.negate()), CampaignTotals::plus));
      BucketItemMapping.campaigns(twice)
          .forEach(
              (campaign, measures) ->
                  injected.merge(campaign, CampaignTotals.of(measures), CampaignTotals::plus));
      injected.values().removeIf(CampaignTotals::isZero);

      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(
                      Map.of(
                          TableSpec.PARTITION_KEY,
                          skipped.get(TableSpec.PARTITION_KEY),
                          TableSpec.SORT_KEY,
                          skipped.get(TableSpec.SORT_KEY))));
      Map<String, AttributeValue> doubled = new HashMap<>(twice);
      Map<String, AttributeValue> campaigns = new HashMap<>();
      twice
          .get("c")
          .m()
          .forEach(
              (campaign, values) ->
                  campaigns.put(
                      campaign,
                      AttributeValue.fromL(
                          values.l().stream()
                              .map(
                                  n ->
                                      AttributeValue.fromN(
                                          Long.toString(2 * Long.parseLong(n.n()))))
                              .toList())));
      doubled.put("c", AttributeValue.fromM(campaigns));
      dynamo.putItem(b -> b.tableName(table).item(doubled));
      return injected;
    }
  }

  private static String shard(Map<String, AttributeValue> item) {
    return item.get(TableSpec.SORT_KEY).s();
  }
}
