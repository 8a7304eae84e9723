package io.adstream.campaigns.aws;

import io.adstream.campaigns.CampaignDirectory;
import io.adstream.campaigns.CampaignProfile;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Campaign settings from the campaigns table: a filtered scan for the {@code settings} items. An
 * advertiser account has hundreds of campaigns, not millions, and the search-ads rows beside them
 * are filtered out by DynamoDB; a table that outgrows a scan gets an index on the settings items.
 */
public final class DynamoCampaignDirectory implements CampaignDirectory {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoCampaignDirectory(DynamoDbClient dynamo, AdstreamConfig config) {
    this.dynamo = dynamo;
    this.table = config.names().campaignsTable();
  }

  @Override
  public SortedMap<String, CampaignProfile> campaigns() {
    SortedMap<String, CampaignProfile> campaigns = new TreeMap<>();
    dynamo
        .scanPaginator(
            r ->
                r.tableName(table)
                    .filterExpression("#sk = :settings")
                    .expressionAttributeNames(
                        Map.of("#sk", TableSpec.SORT_KEY, "#name", "name", "#status", "status"))
                    .expressionAttributeValues(
                        Map.of(":settings", AttributeValue.fromS(DynamoCampaignStore.SETTINGS)))
                    .projectionExpression("pk, #name, #status, daily_budget_micros, currency"))
        .items()
        .forEach(
            item -> {
              CampaignProfile profile =
                  new CampaignProfile(
                      item.get(TableSpec.PARTITION_KEY).s(),
                      item.get("name").s(),
                      item.get("status").s(),
                      Long.parseLong(item.get("daily_budget_micros").n()),
                      item.get("currency").s());
              campaigns.put(profile.campaignId(), profile);
            });
    return campaigns;
  }
}
