package io.adstream.aggregation.aws;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads minute buckets by Query: one partition per (bucket, day), sort keys ordered by minute. A
 * campaign's range reads only its own bucket.
 */
public final class DynamoAggregateReader implements AggregateReader {
  private final DynamoDbClient dynamo;
  private final String table;
  private final int buckets;
  private final CapacityMeter meter;

  public DynamoAggregateReader(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.table = config.names().aggregatesTable();
    this.buckets = config.state().campaignBuckets();
    this.meter = meter;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    for (int bucket = 0; bucket < buckets; bucket++) {
      read(bucket, Optional.empty(), from, to, minutes);
    }
    return minutes;
  }

  @Override
  public SortedMap<CampaignMinute, Measures> minutes(String campaignId, Instant from, Instant to) {
    SortedMap<CampaignMinute, Measures> minutes = new TreeMap<>();
    read(MinuteBucketKey.bucketOf(campaignId, buckets), Optional.of(campaignId), from, to, minutes);
    return minutes;
  }

  @Override
  public Map<String, Measures> totals(Instant from, Instant to) {
    Map<String, Measures> totals = new TreeMap<>();
    minutes(from, to).forEach((at, measures) -> totals.merge(at.campaignId(), measures, Measures::plus));
    return totals;
  }

  private void read(
      int bucket, Optional<String> campaign, Instant from, Instant to, SortedMap<CampaignMinute, Measures> into) {
    long firstMinute = Math.floorDiv(from.toEpochMilli(), 60_000L);
    long endMinute = Math.floorDiv(to.toEpochMilli() + 59_999L, 60_000L); // exclusive
    for (long day = Math.floorDiv(firstMinute, 1440); day <= Math.floorDiv(endMinute - 1, 1440); day++) {
      QueryRequest query =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
              .expressionAttributeValues(
                  Map.of(
                      ":pk", AttributeValue.fromS(MinuteBucketMapping.partitionKey(bucket, day)),
                      ":from", AttributeValue.fromS(String.format("%010d#", firstMinute)),
                      ":to", AttributeValue.fromS(String.format("%010d#", endMinute))))
              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
              .build();
      dynamo
          .queryPaginator(query)
          .forEach(
              page -> {
                meter.read(BatchReads.units(page.consumedCapacity()));
                for (Map<String, AttributeValue> item : page.items()) {
                  long minute = Long.parseLong(item.get(TableSpec.SORT_KEY).s().substring(0, 10));
                  MinuteBucketMapping.campaigns(item)
                      .forEach(
                          (id, measures) -> {
                            if (campaign.isEmpty() || campaign.get().equals(id)) {
                              into.merge(new CampaignMinute(id, minute), measures, Measures::plus);
                            }
                          });
                }
              });
    }
    into.values().removeIf(Measures::isZero);
  }
}
