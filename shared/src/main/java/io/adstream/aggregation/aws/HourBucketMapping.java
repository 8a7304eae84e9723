package io.adstream.aggregation.aws;

import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hour items, in the aggregates table beside the minute items they roll up: pk {@code h#<hour
 * bucket>/<items per bucket>#<UTC month, yyyy-MM>} ({@link #partitionKey}), sk {@code <epoch hour,
 * 10 digits>#<shard>}, attribute {@code c} (the closed minutes) as a minute item has it, and {@code
 * o} and {@code l}, the first and last open minutes ({@code l} left out when it is {@code o}),
 * whose measures a reader adds from those minutes' items ({@link HourBucket}).
 *
 * <p>Why a partition per (hour bucket, month): an hour or day series reads one hour bucket's hours
 * of a range, and a Query reads one partition, so the partition decides how many requests a range
 * costs. Per day, as the minute items are, a 92-day hourly series would be 92 queries; per month it
 * is four, a 31-day one at most two, and two years by day 25, each reading its hours in sort-key
 * order. A month partition stays small (744 items per shard, each holding the hour bucket's
 * campaigns that had events in the hour), and the current month's partition takes a write per shard
 * and hour bucket when a minute closes (and for a late event to a closed minute), not one per
 * batch. Why the same table: it already has the key schema, TTL and permissions both the processor
 * and the API need, and the {@code h} prefix keeps the items apart for readers and for {@link
 * io.adstream.state.CapacityMeter}, which counts write units per prefix.
 */
public final class HourBucketMapping extends BucketItemMapping<HourBucketKey, HourBucket> {
  /** The partition key prefix of hour items. */
  public static final String KIND = "h";

  /**
   * The attributes holding the first and last open minutes (epoch minutes): see {@link HourBucket}.
   */
  static final String FIRST_OPEN = "o";

  static final String LAST_OPEN = "l";

  private final int itemsPerBucket;

  public HourBucketMapping(AdstreamConfig config) {
    super(config, HourBucket::closed, closed -> new HourBucket(closed, Optional.empty()));
    this.itemsPerBucket = config.state().hourItemsPerBucket();
  }

  @Override
  public Map<String, AttributeValue> encode(HourBucket value) {
    Map<String, AttributeValue> item = new HashMap<>(super.encode(value));
    value
        .open()
        .ifPresent(
            open -> {
              item.put(FIRST_OPEN, AttributeValue.fromN(Long.toString(open.first())));
              if (open.last() != open.first()) {
                item.put(LAST_OPEN, AttributeValue.fromN(Long.toString(open.last())));
              }
            });
    return item;
  }

  @Override
  public HourBucket decode(Map<String, AttributeValue> item) {
    return new HourBucket(campaigns(item), openMinutes(item));
  }

  /** The open minutes of an hour item, whose measures are in those minutes' items only. */
  public static Optional<HourBucket.OpenMinutes> openMinutes(Map<String, AttributeValue> item) {
    AttributeValue first = item.get(FIRST_OPEN);
    if (first == null || first.n() == null) {
      return Optional.empty();
    }
    AttributeValue last = item.get(LAST_OPEN);
    long firstMinute = Long.parseLong(first.n());
    return Optional.of(
        new HourBucket.OpenMinutes(
            firstMinute,
            last == null || last.n() == null ? firstMinute : Long.parseLong(last.n())));
  }

  @Override
  public Map<String, AttributeValue> key(HourBucketKey key) {
    return Map.of(
        TableSpec.PARTITION_KEY,
            AttributeValue.fromS(
                partitionKey(key.bucket(), itemsPerBucket, monthOf(key.epochHour()))),
        TableSpec.SORT_KEY, AttributeValue.fromS(sortKeyPrefix(key.epochHour()) + key.shardId()));
  }

  /**
   * With the last minute it sums: an hour is not gone from a series while any of its minutes is
   * kept.
   */
  @Override
  public long expiresAt(HourBucketKey key, HourBucket value) {
    return Instant.ofEpochSecond((key.epochHour() + 1) * 3600).plus(retention()).getEpochSecond();
  }

  /**
   * The partition of one hour bucket's UTC month: what a reader queries. With one hour item per
   * minute bucket, {@code h#<bucket>#<month>}, as before hour items were split; otherwise the split
   * is in the key too ({@code h#<hour bucket>/<items per bucket>#<month>}), so that items of one
   * split are never read as another's: after a change, earlier hours read as zero (minute series
   * still have them) rather than wrong.
   */
  public static String partitionKey(int bucket, int itemsPerBucket, YearMonth month) {
    return KIND + "#" + bucket + (itemsPerBucket == 1 ? "" : "/" + itemsPerBucket) + "#" + month;
  }

  /** The UTC month an hour falls in. */
  public static YearMonth monthOf(long epochHour) {
    return YearMonth.from(Instant.ofEpochSecond(epochHour * 3600).atOffset(ZoneOffset.UTC));
  }

  /** What every shard's item of the hour begins its sort key with; sorts below the next hour's. */
  public static String sortKeyPrefix(long epochHour) {
    return String.format("%010d#", epochHour);
  }

  /** The shard that wrote an hour item, from its sort key. */
  public static String shardId(Map<String, AttributeValue> item) {
    return item.get(TableSpec.SORT_KEY).s().substring(11);
  }

  /** The epoch hour of an hour item, from its sort key. */
  public static long epochHour(Map<String, AttributeValue> item) {
    return Long.parseLong(item.get(TableSpec.SORT_KEY).s().substring(0, 10));
  }
}
