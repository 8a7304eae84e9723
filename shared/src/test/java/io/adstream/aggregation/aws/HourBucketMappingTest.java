package io.adstream.aggregation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The hour items' layout: beside the minute items in the aggregates table, one partition per bucket
 * and UTC month.
 */
class HourBucketMappingTest {
  private static final AdstreamConfig CONFIG = AdstreamConfig.defaults();
  private final HourBucketMapping hours = new HourBucketMapping(CONFIG);

  @Test
  void anHourLivesInItsBucketsMonthPartitionSortedByHourThenShard() {
    long lastOfMarch = hourOf("2025-03-31T23:00:00Z");
    Map<String, AttributeValue> key =
        hours.key(new HourBucketKey(1, lastOfMarch, "shardId-000000000002"));

    assertThat(hours.table())
        .isEqualTo(CONFIG.names().aggregatesTable())
        .isEqualTo(new MinuteBucketMapping(CONFIG).table());
    assertThat(key.get(TableSpec.PARTITION_KEY).s()).isEqualTo("h#1/8#2025-03");
    assertThat(key.get(TableSpec.SORT_KEY).s())
        .isEqualTo(String.format("%010d#shardId-000000000002", lastOfMarch));
    assertThat(
            hours.key(new HourBucketKey(1, lastOfMarch + 1, "s")).get(TableSpec.PARTITION_KEY).s())
        .as("April's first hour")
        .isEqualTo("h#1/8#2025-04");
    assertThat(
            new HourBucketMapping(
                    AdstreamConfig.withOverrides("{\"state\":{\"hourItemsPerBucket\":1}}"))
                .key(new HourBucketKey(1, lastOfMarch, "s"))
                .get(TableSpec.PARTITION_KEY)
                .s())
        .as("one hour item per minute bucket: the key it had before hour items were split")
        .isEqualTo("h#1#2025-03");
    assertThat(CapacityMeter.itemKind(key.get(TableSpec.PARTITION_KEY).s()))
        .as("counted apart from minute items")
        .isEqualTo("h");
  }

  @Test
  void anHoursItemsSortBetweenItsPrefixAndTheNextHoursPrefix() {
    long hour = hourOf("2025-03-10T12:00:00Z");
    String sortKey =
        hours.key(new HourBucketKey(0, hour, "shardId-000000000000")).get(TableSpec.SORT_KEY).s();

    assertThat(sortKey)
        .isGreaterThan(HourBucketMapping.sortKeyPrefix(hour))
        .isLessThan(HourBucketMapping.sortKeyPrefix(hour + 1));
    assertThat(HourBucketMapping.sortKeyPrefix(hour + 1))
        .isLessThan(HourBucketMapping.sortKeyPrefix(hour + 10));
    assertThat(HourBucketMapping.epochHour(hours.key(new HourBucketKey(0, hour, "x"))))
        .isEqualTo(hour);
  }

  @Test
  void campaignsRoundTripAndTheItemOutlivesTheLastMinuteItSums() {
    TreeMap<String, Measures> campaigns = new TreeMap<>();
    campaigns.put("cmp-a", new Measures(3, 1, 0, Long.MAX_VALUE, 1, 7, 0, -1));
    campaigns.put("cmp-b", Measures.impression(5));
    long hourStart = hourOf("2025-03-10T12:00:00Z") * 60;
    HourBucket value =
        new HourBucket(
            campaigns, Optional.of(new HourBucket.OpenMinutes(hourStart + 41, hourStart + 43)));
    long hour = hourOf("2025-03-10T12:00:00Z");

    assertThat(hours.decode(hours.encode(value))).isEqualTo(value);
    HourBucket withoutOpen = new HourBucket(campaigns, Optional.empty());
    assertThat(hours.decode(hours.encode(withoutOpen))).isEqualTo(withoutOpen);
    HourBucket oneOpen =
        new HourBucket(
            campaigns, Optional.of(new HourBucket.OpenMinutes(hourStart + 41, hourStart + 41)));
    assertThat(hours.encode(oneOpen)).as("one open minute: no last").doesNotContainKey("l");
    assertThat(hours.decode(hours.encode(oneOpen))).isEqualTo(oneOpen);
    Map<String, AttributeValue> item = new HashMap<>(hours.encode(value));
    item.putAll(hours.key(new HourBucketKey(0, hour, "s")));
    assertThat(BucketItemMapping.campaigns(item)).isEqualTo(campaigns);
    assertThat(MinuteBucketMapping.isMinuteItem(item)).isFalse();

    Duration retention = CONFIG.retention().aggregates();
    long lastMinute = hour * 60 + 59;
    assertThat(hours.expiresAt(new HourBucketKey(0, hour, "s"), value))
        .isEqualTo(Instant.parse("2025-03-10T13:00:00Z").plus(retention).getEpochSecond())
        .isGreaterThanOrEqualTo(
            new MinuteBucketMapping(CONFIG)
                .expiresAt(new MinuteBucketKey(0, lastMinute, "s"), MinuteBucket.EMPTY));
    assertThat(
            new MinuteBucketMapping(CONFIG)
                .expiresAt(new MinuteBucketKey(0, hour * 60, "s"), MinuteBucket.EMPTY))
        .as("an hour's first minute, which an hour item may read as its open minute, lives as long")
        .isEqualTo(hours.expiresAt(new HourBucketKey(0, hour, "s"), value));
  }

  @Test
  void minuteItemsAreToldFromHourItems() {
    Map<String, AttributeValue> minute =
        new MinuteBucketMapping(CONFIG).key(new MinuteBucketKey(0, 29_000_000, "s"));
    assertThat(MinuteBucketMapping.isMinuteItem(minute)).isTrue();
    assertThat(HourBucketMapping.monthOf(hourOf("2024-02-29T23:00:00Z")))
        .isEqualTo(YearMonth.of(2024, 2));
  }

  private static long hourOf(String time) {
    return Instant.parse(time).getEpochSecond() / 3_600;
  }
}
