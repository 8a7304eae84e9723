package io.adstream.campaigns.aws;

import io.adstream.campaigns.CampaignBudgets;
import io.adstream.campaigns.CampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.SemStats;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Campaigns table (also the budgets the scheduled alert check reads): pk = campaign_id; sk {@code
 * settings} holds the latest campaign_update, sk {@code sem#<row key>} the latest sem_stats row per
 * row key. A put wins only over an older row, so redelivery and out-of-order arrival converge on
 * the same state.
 */
public final class DynamoCampaignStore implements CampaignStore, CampaignBudgets {
  public static final String SETTINGS = "settings";
  public static final String SEM_PREFIX = "sem#";

  private final DynamoDbClient dynamo;
  private final String table;
  private final CapacityMeter meter;

  public DynamoCampaignStore(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.table = config.names().campaignsTable();
    this.meter = meter;
  }

  @Override
  public void recordSettings(CampaignUpdate update) {
    putIfNewer(settingsItem(update));
  }

  @Override
  public void recordSemRow(SemStats row) {
    putIfNewer(semRowItem(row));
  }

  /**
   * The item of a campaign's settings, with its version ({@code at}, {@code eid}): what a newer row
   * replaces.
   */
  public static Map<String, AttributeValue> settingsItem(CampaignUpdate update) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("advertiser_id", s(update.advertiserId()));
    item.put("name", s(update.name()));
    item.put("status", s(update.status().wireName()));
    item.put("daily_budget_micros", n(update.dailyBudgetMicros()));
    item.put("currency", s(update.currency()));
    return versioned(
        item, update.campaignId(), SETTINGS, update.eventTime().toEpochMilli(), update.eventId());
  }

  /** The item of a search-ads row key's standing row, with its version. */
  public static Map<String, AttributeValue> semRowItem(SemStats row) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("engine", s(row.engine()));
    item.put("account_id", s(row.accountId()));
    item.put("ad_group_id", s(row.adGroupId()));
    item.put("keyword", s(row.keyword()));
    item.put("match_type", s(row.matchType().wireName()));
    item.put("period_start", s(row.periodStart().toString()));
    item.put("period_end", s(row.periodEnd().toString()));
    item.put("impressions", n(row.impressions()));
    item.put("clicks", n(row.clicks()));
    item.put("cost_micros", n(row.costMicros()));
    item.put("conversions", n(row.conversions()));
    item.put("conversion_value_micros", n(row.conversionValueMicros()));
    return versioned(
        item,
        row.campaignId(),
        SEM_PREFIX + row.rowKey(),
        row.reportTime().toEpochMilli(),
        row.eventId());
  }

  /**
   * Whether {@code candidate} replaces {@code stored}: newer by (version time, event id), the
   * tie-break making concurrent equal-time rows converge too. The same rule as the conditional
   * put's.
   */
  public static boolean isNewer(
      Map<String, AttributeValue> candidate, Map<String, AttributeValue> stored) {
    long at = Long.parseLong(candidate.get("at").n());
    long storedAt = Long.parseLong(stored.get("at").n());
    return storedAt < at
        || (storedAt == at && stored.get("eid").s().compareTo(candidate.get("eid").s()) <= 0);
  }

  private static Map<String, AttributeValue> versioned(
      Map<String, AttributeValue> item,
      String campaignId,
      String sortKey,
      long at,
      String eventId) {
    item.put(TableSpec.PARTITION_KEY, s(campaignId));
    item.put(TableSpec.SORT_KEY, s(sortKey));
    item.put("at", n(at));
    item.put("eid", s(eventId));
    return item;
  }

  @Override
  public Map<String, Long> dailyBudgetMicros(Collection<String> campaignIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    campaignIds.forEach(
        id -> keys.add(Map.of(TableSpec.PARTITION_KEY, s(id), TableSpec.SORT_KEY, s(SETTINGS))));
    Map<String, Long> budgets = new TreeMap<>();
    for (Map<String, AttributeValue> item : BatchReads.get(dynamo, table, keys, meter)) {
      budgets.put(
          item.get(TableSpec.PARTITION_KEY).s(),
          Long.parseLong(item.get("daily_budget_micros").n()));
    }
    return budgets;
  }

  /** Puts the row unless the stored one is newer (see {@link #isNewer}). */
  private void putIfNewer(Map<String, AttributeValue> item) {
    AttributeValue at = item.get("at");
    AttributeValue eventId = item.get("eid");
    try {
      var response =
          dynamo.putItem(
              r ->
                  r.tableName(table)
                      .item(item)
                      .conditionExpression(
                          "attribute_not_exists(pk) OR #at < :at OR (#at = :at AND eid <= :eid)")
                      .expressionAttributeNames(Map.of("#at", "at"))
                      .expressionAttributeValues(Map.of(":at", at, ":eid", eventId))
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(
          table,
          CapacityMeter.itemKind(item.get(TableSpec.SORT_KEY).s()),
          BatchReads.units(response.consumedCapacity()));
    } catch (ConditionalCheckFailedException olderThanStored) {
      meter.wrote(
          table,
          CapacityMeter.itemKind(item.get(TableSpec.SORT_KEY).s()),
          1); // the stored row is newer: keeping it is the point
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
