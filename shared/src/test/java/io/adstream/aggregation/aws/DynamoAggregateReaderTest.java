package io.adstream.aggregation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.AggregateDelta;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Hour series from hour items: which partitions and sort-key ranges the reader queries (one Query
 * per bucket and month), and what it makes of the items, on a table that answers a Query as
 * DynamoDB does (key condition {@code pk = :pk AND sk BETWEEN :from AND :to}, items in sort-key
 * order).
 */
class DynamoAggregateReaderTest {
  private static final AdstreamConfig CONFIG =
      AdstreamConfig.withOverrides("{\"state\":{\"campaignBuckets\":4}}");
  private static final int SPLIT = CONFIG.state().hourItemsPerBucket();
  private static final int HOUR_BUCKET = HourBucketKey.bucketOf("cmp-a", 4, SPLIT);

  private final Table table = new Table();
  private final DynamoAggregateReader reader =
      new DynamoAggregateReader(table, CONFIG, new CapacityMeter());

  @Test
  void anHourSeriesAcrossAMonthEndQueriesBothMonthsOfTheCampaignsBucketOnly() {
    put("2025-03-31T22:00:00Z", "shard-0", "cmp-a", Measures.impression(1));
    put("2025-03-31T23:00:00Z", "shard-0", "cmp-a", Measures.impression(2));
    put("2025-03-31T23:00:00Z", "shard-1", "cmp-a", Measures.impression(4));
    put("2025-04-01T00:00:00Z", "shard-1", "cmp-a", Measures.impression(8));

    SortedMap<Instant, Measures> hours =
        reader.hours(
            "cmp-a", Instant.parse("2025-03-31T23:00:00Z"), Instant.parse("2025-04-01T01:00:00Z"));

    assertThat(hours)
        .containsExactly(
            Map.entry(Instant.parse("2025-03-31T23:00:00Z"), new Measures(2, 0, 0, 6, 0, 0, 0, 0)),
            Map.entry(Instant.parse("2025-04-01T00:00:00Z"), Measures.impression(8)));
    assertThat(table.partitionsQueried)
        .containsExactly("h#" + HOUR_BUCKET + "/8#2025-03", "h#" + HOUR_BUCKET + "/8#2025-04");
  }

  @Test
  void theHourThatStartsAtToIsLeftOutAndAnHourStartingBeforeFromToo() {
    put("2025-03-10T11:00:00Z", "shard-0", "cmp-a", Measures.impression(1));
    put("2025-03-10T12:00:00Z", "shard-0", "cmp-a", Measures.impression(2));
    put("2025-03-10T13:00:00Z", "shard-0", "cmp-a", Measures.impression(4));

    assertThat(
            reader.hours(
                "cmp-a",
                Instant.parse("2025-03-10T11:30:00Z"),
                Instant.parse("2025-03-10T13:00:00Z")))
        .containsOnlyKeys(Instant.parse("2025-03-10T12:00:00Z"));
    assertThat(
            reader.hours(
                "cmp-a",
                Instant.parse("2025-03-10T12:00:00Z"),
                Instant.parse("2025-03-10T12:00:00Z")))
        .isEmpty();
  }

  @Test
  void otherCampaignsOfTheBucketAndZeroHoursAreLeftOut() {
    String neighbour = neighbourOf("cmp-a");
    put("2025-03-10T12:00:00Z", "shard-0", neighbour, Measures.impression(5));
    put("2025-03-10T13:00:00Z", "shard-0", "cmp-a", Measures.impression(1));
    put("2025-03-10T13:00:00Z", "shard-1", "cmp-a", Measures.impression(1).negate());

    assertThat(
            reader.hours(
                "cmp-a",
                Instant.parse("2025-03-10T00:00:00Z"),
                Instant.parse("2025-03-11T00:00:00Z")))
        .isEmpty();
    assertThat(
            reader.hours(
                neighbour,
                Instant.parse("2025-03-10T00:00:00Z"),
                Instant.parse("2025-03-11T00:00:00Z")))
        .containsExactly(Map.entry(Instant.parse("2025-03-10T12:00:00Z"), Measures.impression(5)));
  }

  @Test
  void twoYearsByDayAreOneQueryPerMonth() {
    reader.hours(
        "cmp-a", Instant.parse("2023-03-10T00:00:00Z"), Instant.parse("2025-03-11T00:00:00Z"));
    assertThat(table.partitionsQueried)
        .hasSize(25)
        .startsWith("h#" + HOUR_BUCKET + "/8#2023-03")
        .endsWith("h#" + HOUR_BUCKET + "/8#2025-03");
  }

  private void put(String hour, String shard, String campaign, Measures measures) {
    putHour(
        hour,
        shard,
        new HourBucket(new TreeMap<>(Map.of(campaign, measures)), Optional.empty()),
        campaign);
  }

  private void putHour(String hour, String shard, HourBucket value, String campaign) {
    long epochHour = Instant.parse(hour).getEpochSecond() / 3_600;
    HourBucketMapping mapping = new HourBucketMapping(CONFIG);
    Map<String, AttributeValue> item = new HashMap<>(mapping.encode(value));
    item.putAll(
        mapping.key(
            new HourBucketKey(HourBucketKey.bucketOf(campaign, 4, SPLIT), epochHour, shard)));
    table.put(item);
  }

  private void putMinute(String minute, String shard, String campaign, Measures measures) {
    MinuteBucketMapping mapping = new MinuteBucketMapping(CONFIG);
    MinuteBucketKey key =
        MinuteBucketKey.of(CampaignMinute.of(campaign, Instant.parse(minute)), shard, 4);
    Map<String, AttributeValue> item =
        new HashMap<>(
            mapping.encode(
                MinuteBucket.EMPTY.plus(
                    List.of(
                        new AggregateDelta(
                            CampaignMinute.of(campaign, Instant.parse(minute)), measures)))));
    item.putAll(mapping.key(key));
    table.put(item);
  }

  @Test
  void anHoursOpenMinutesAreReadFromTheirMinuteItemsOfTheSameShard() {
    long open = Instant.parse("2025-03-10T12:41:00Z").getEpochSecond() / 60;
    putHour(
        "2025-03-10T12:00:00Z",
        "shard-0",
        new HourBucket(
            new TreeMap<>(Map.of("cmp-a", Measures.impression(1))),
            Optional.of(new HourBucket.OpenMinutes(open, open + 1))),
        "cmp-a");
    putMinute("2025-03-10T12:41:00Z", "shard-0", "cmp-a", Measures.impression(2));
    putMinute("2025-03-10T12:42:00Z", "shard-0", "cmp-a", Measures.impression(16));
    // another shard's item of the same minute is that shard's hour's business, not this one's
    putMinute("2025-03-10T12:41:00Z", "shard-1", "cmp-a", Measures.impression(64));
    // a closed minute's item is already in the hour item
    putMinute("2025-03-10T12:40:00Z", "shard-0", "cmp-a", Measures.impression(1));

    assertThat(
            reader.hours(
                "cmp-a",
                Instant.parse("2025-03-10T00:00:00Z"),
                Instant.parse("2025-03-11T00:00:00Z")))
        .containsExactly(
            Map.entry(
                Instant.parse("2025-03-10T12:00:00Z"), new Measures(3, 0, 0, 19, 0, 0, 0, 0)));
  }

  /** Another campaign in the same hour bucket, and so in the same minute bucket too. */
  private static String neighbourOf(String campaign) {
    for (int i = 0; ; i++) {
      String other = "cmp-n" + i;
      if (HourBucketKey.bucketOf(other, 4, SPLIT) == HourBucketKey.bucketOf(campaign, 4, SPLIT)) {
        return other;
      }
    }
  }

  /** One table's items by partition and sort key, queried as DynamoDB queries them. */
  private static final class Table implements DynamoDbClient {
    final Map<String, TreeMap<String, Map<String, AttributeValue>>> partitions = new HashMap<>();
    final List<String> partitionsQueried = new ArrayList<>();

    void put(Map<String, AttributeValue> item) {
      partitions
          .computeIfAbsent(item.get(TableSpec.PARTITION_KEY).s(), p -> new TreeMap<>())
          .put(item.get(TableSpec.SORT_KEY).s(), item);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
      assertThat(request.keyConditionExpression())
          .isEqualTo("pk = :pk AND sk BETWEEN :from AND :to");
      Map<String, AttributeValue> values = request.expressionAttributeValues();
      String partition = values.get(":pk").s();
      partitionsQueried.add(partition);
      List<Map<String, AttributeValue>> items =
          List.copyOf(
              partitions
                  .getOrDefault(partition, new TreeMap<>())
                  .subMap(values.get(":from").s(), true, values.get(":to").s(), true)
                  .values());
      return QueryResponse.builder().items(items).count(items.size()).build();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
      Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
      request
          .requestItems()
          .forEach(
              (name, keys) ->
                  keys.keys()
                      .forEach(
                          key -> {
                            Map<String, AttributeValue> item =
                                partitions
                                    .getOrDefault(
                                        key.get(TableSpec.PARTITION_KEY).s(), new TreeMap<>())
                                    .get(key.get(TableSpec.SORT_KEY).s());
                            if (item != null) {
                              found.computeIfAbsent(name, n -> new ArrayList<>()).add(item);
                            }
                          }));
      return BatchGetItemResponse.builder().responses(found).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }
}
