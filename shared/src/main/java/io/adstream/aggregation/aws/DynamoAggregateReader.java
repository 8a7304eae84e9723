package io.adstream.aggregation.aws;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads aggregate items by Query, a campaign's range only from its own bucket: minutes from one
 * partition per (bucket, day), sort keys ordered by minute ({@link MinuteBucketMapping}); hours
 * from one partition per (hour bucket, month), ordered by hour ({@link HourBucketMapping}).
 */
public final class DynamoAggregateReader implements AggregateReader {
  private static final long MINUTE_MS = 60_000L;
  private static final long HOUR_MS = 3_600_000L;

  private final DynamoDbClient dynamo;
  private final String table;
  private final int buckets;
  private final int hourItemsPerBucket;
  private final CapacityMeter meter;

  public DynamoAggregateReader(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.table = config.names().aggregatesTable();
    this.buckets = config.state().campaignBuckets();
    this.hourItemsPerBucket = config.state().hourItemsPerBucket();
    this.meter = meter;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    for (int bucket = 0; bucket < buckets; bucket++) {
      readMinutes(bucket, Optional.empty(), from, to, minutes);
    }
    return minutes;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(String campaignId, Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    readMinutes(
        MinuteBucketKey.bucketOf(campaignId, buckets), Optional.of(campaignId), from, to, minutes);
    return minutes;
  }

  @Override
  public SortedMap<Instant, Measures> hours(String campaignId, Instant from, Instant to) {
    SortedMap<Instant, Measures> hours = new TreeMap<>();
    long firstHour = Math.ceilDiv(from.toEpochMilli(), HOUR_MS);
    long endHour =
        Math.ceilDiv(
            to.toEpochMilli(), HOUR_MS); // exclusive: the first hour starting at or after to
    if (firstHour >= endHour) {
      return hours;
    }
    int hourBucket = HourBucketKey.bucketOf(campaignId, buckets, hourItemsPerBucket);
    int minuteBucket = MinuteBucketKey.bucketOf(campaignId, buckets);
    YearMonth last = HourBucketMapping.monthOf(endHour - 1);
    // an hour item holds its closed minutes; its open minutes are in those minutes' items
    List<Map<String, AttributeValue>> openMinutes = new ArrayList<>();
    for (YearMonth month = HourBucketMapping.monthOf(firstHour);
        !month.isAfter(last);
        month = month.plusMonths(1)) {
      query(
          HourBucketMapping.partitionKey(hourBucket, hourItemsPerBucket, month),
          HourBucketMapping.sortKeyPrefix(firstHour),
          HourBucketMapping.sortKeyPrefix(endHour),
          item -> {
            long hour = HourBucketMapping.epochHour(item);
            Measures measures = BucketItemMapping.campaigns(item).get(campaignId);
            if (measures != null) {
              hours.merge(Instant.ofEpochMilli(hour * HOUR_MS), measures, Measures::plus);
            }
            HourBucketMapping.openMinutes(item)
                .ifPresent(
                    open ->
                        open.minutes()
                            .forEach(
                                minute ->
                                    openMinutes.add(
                                        MinuteBucketMapping.itemKey(
                                            minuteBucket,
                                            minute,
                                            HourBucketMapping.shardId(item)))));
          });
    }
    for (Map<String, AttributeValue> minute :
        BucketItemMapping.whole(
            dynamo, table, BatchReads.get(dynamo, table, openMinutes, meter), meter)) {
      Measures measures = BucketItemMapping.campaigns(minute).get(campaignId);
      if (measures != null) {
        long epochMinute = Long.parseLong(minute.get(TableSpec.SORT_KEY).s().substring(0, 10));
        hours.merge(
            Instant.ofEpochMilli(Math.floorDiv(epochMinute, 60) * HOUR_MS),
            measures,
            Measures::plus);
      }
    }
    hours.values().removeIf(Measures::isZero);
    return hours;
  }

  private void readMinutes(
      int bucket,
      Optional<String> campaign,
      Instant from,
      Instant to,
      SortedMap<CampaignMinute, Measures> into) {
    long firstMinute = Math.floorDiv(from.toEpochMilli(), MINUTE_MS);
    long endMinute = Math.ceilDiv(to.toEpochMilli(), MINUTE_MS); // exclusive
    for (long day = Math.floorDiv(firstMinute, 1440);
        day <= Math.floorDiv(endMinute - 1, 1440);
        day++) {
      query(
          MinuteBucketMapping.partitionKey(bucket, day),
          String.format("%010d#", firstMinute),
          String.format("%010d#", endMinute),
          item -> {
            long minute = Long.parseLong(item.get(TableSpec.SORT_KEY).s().substring(0, 10));
            BucketItemMapping.campaigns(item)
                .forEach(
                    (id, measures) -> {
                      if (campaign.isEmpty() || campaign.get().equals(id)) {
                        into.merge(new CampaignMinute(id, minute), measures, Measures::plus);
                      }
                    });
          });
    }
    into.values().removeIf(Measures::isZero);
  }

  /**
   * Every item of a partition whose sort key lies in [fromPrefix, toPrefix]: prefixes end in {@code
   * #}, so an item of the period {@code toPrefix} names ({@code <period>#<shard>}) sorts above it
   * and is left out. An item stored as parts is passed on whole: its parts sort after it, in the
   * same range.
   */
  private void query(
      String partitionKey,
      String fromPrefix,
      String toPrefix,
      Consumer<Map<String, AttributeValue>> item) {
    QueryRequest query =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
            .expressionAttributeValues(
                Map.of(
                    ":pk", AttributeValue.fromS(partitionKey),
                    ":from", AttributeValue.fromS(fromPrefix),
                    ":to", AttributeValue.fromS(toPrefix)))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
            .build();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo
        .queryPaginator(query)
        .forEach(
            page -> {
              meter.read(BatchReads.units(page.consumedCapacity()));
              items.addAll(page.items());
            });
    BucketItemMapping.whole(dynamo, table, items, meter).forEach(item);
  }
}
