package io.adstream.aggregation.aws;

import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.state.aws.ItemMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Aggregates table: pk {@code m#<bucket>#<epoch day>}, sk {@code <epoch minute, 10 digits>#<shard>}, and
 * attribute {@code c}: campaign -> [the 8 measures]. A reader queries one bucket's day by sort key range.
 */
public final class MinuteBucketMapping implements ItemMapping<MinuteBucketKey, MinuteBucket> {
  private final String table;
  private final Duration retention;

  public MinuteBucketMapping(AdstreamConfig config) {
    this.table = config.names().aggregatesTable();
    this.retention = config.retention().aggregates();
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public Map<String, AttributeValue> key(MinuteBucketKey key) {
    return Map.of(
        TableSpec.PARTITION_KEY, AttributeValue.fromS(partitionKey(key.bucket(), Math.floorDiv(key.epochMinute(), 1440))),
        TableSpec.SORT_KEY, AttributeValue.fromS(String.format("%010d#%s", key.epochMinute(), key.shardId())));
  }

  @Override
  public Map<String, AttributeValue> encode(MinuteBucket value) {
    Map<String, AttributeValue> campaigns = new HashMap<>();
    value.byCampaign().forEach((campaign, measures) -> campaigns.put(campaign, measuresValue(measures)));
    return Map.of("c", AttributeValue.fromM(campaigns));
  }

  @Override
  public MinuteBucket decode(Map<String, AttributeValue> item) {
    return new MinuteBucket(campaigns(item));
  }

  @Override
  public long expiresAt(MinuteBucketKey key, MinuteBucket value) {
    return Instant.ofEpochSecond(key.epochMinute() * 60).plus(retention).getEpochSecond();
  }

  /** The partition of one bucket's day: what a reader queries. */
  public static String partitionKey(int bucket, long epochDay) {
    return "m#" + bucket + "#" + epochDay;
  }

  /** The campaigns' measures of an aggregates item. */
  public static TreeMap<String, Measures> campaigns(Map<String, AttributeValue> item) {
    TreeMap<String, Measures> campaigns = new TreeMap<>();
    AttributeValue c = item.get("c");
    if (c != null && c.hasM()) {
      c.m().forEach((campaign, measures) -> campaigns.put(campaign, measures(measures)));
    }
    return campaigns;
  }

  private static AttributeValue measuresValue(Measures measures) {
    long[] values = measures.toArray();
    AttributeValue[] numbers = new AttributeValue[values.length];
    for (int i = 0; i < values.length; i++) {
      numbers[i] = AttributeValue.fromN(Long.toString(values[i]));
    }
    return AttributeValue.fromL(List.of(numbers));
  }

  private static Measures measures(AttributeValue value) {
    List<AttributeValue> numbers = value.l();
    long[] values = new long[numbers.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Long.parseLong(numbers.get(i).n());
    }
    return Measures.fromArray(values);
  }
}
