package io.adstream.aggregation.aws;

import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Aggregates table: pk {@code m#<bucket>#<epoch day>}, sk {@code <epoch minute, 10
 * digits>#<shard>}, and attribute {@code c}: campaign -> [the 8 measures]. A reader queries one
 * bucket's day by sort key range. The hour items that roll these up share the table under their own
 * prefix ({@link HourBucketMapping}).
 */
public final class MinuteBucketMapping extends BucketItemMapping<MinuteBucketKey, MinuteBucket> {
  /**
   * The partition key prefix of minute items: what {@link io.adstream.state.CapacityMeter} counts
   * them as.
   */
  public static final String KIND = "m";

  public MinuteBucketMapping(AdstreamConfig config) {
    super(config, MinuteBucket::byCampaign, MinuteBucket::new);
  }

  @Override
  public Map<String, AttributeValue> key(MinuteBucketKey key) {
    return itemKey(key.bucket(), key.epochMinute(), key.shardId());
  }

  /** The key of one shard's item of a bucket's minute. */
  public static Map<String, AttributeValue> itemKey(int bucket, long epochMinute, String shardId) {
    return Map.of(
        TableSpec.PARTITION_KEY,
            AttributeValue.fromS(partitionKey(bucket, Math.floorDiv(epochMinute, 1440))),
        TableSpec.SORT_KEY, AttributeValue.fromS(String.format("%010d#%s", epochMinute, shardId)));
  }

  /**
   * With its hour item: an hour item reads its open minute from the minute item, so a minute is
   * kept until the end of its hour plus the retention, as the hour is.
   */
  @Override
  public long expiresAt(MinuteBucketKey key, MinuteBucket value) {
    long hourEnd = (Math.floorDiv(key.epochMinute(), 60) + 1) * 3600;
    return Instant.ofEpochSecond(hourEnd).plus(retention()).getEpochSecond();
  }

  /** The partition of one bucket's day: what a reader queries. */
  public static String partitionKey(int bucket, long epochDay) {
    return KIND + "#" + bucket + "#" + epochDay;
  }

  /** Whether an aggregates item is a minute item (not an hour item). */
  public static boolean isMinuteItem(Map<String, AttributeValue> item) {
    return item.get(TableSpec.PARTITION_KEY).s().startsWith(KIND + "#");
  }
}
