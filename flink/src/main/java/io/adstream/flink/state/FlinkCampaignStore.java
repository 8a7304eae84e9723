package io.adstream.flink.state;

import io.adstream.campaigns.CampaignStore;
import io.adstream.campaigns.aws.DynamoCampaignStore;
import io.adstream.config.TableSpec;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.SemStats;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Campaign settings and standing search-ads rows in Flink keyed state, item for item as the
 * campaigns table holds them; a row replaces the stored one by the table's own rule, and only then
 * goes to the serving sink.
 */
public final class FlinkCampaignStore implements CampaignStore {
  private final MapState<String, String> rows;
  private final String table;
  private final ItemChanges changes;

  public FlinkCampaignStore(MapState<String, String> rows, String table, ItemChanges changes) {
    this.rows = rows;
    this.table = table;
    this.changes = changes;
  }

  @Override
  public void recordSettings(CampaignUpdate update) {
    putIfNewer(DynamoCampaignStore.settingsItem(update));
  }

  @Override
  public void recordSemRow(SemStats row) {
    putIfNewer(DynamoCampaignStore.semRowItem(row));
  }

  private void putIfNewer(Map<String, AttributeValue> item) {
    String key = item.get(TableSpec.PARTITION_KEY).s() + "|" + item.get(TableSpec.SORT_KEY).s();
    try {
      String stored = rows.get(key);
      if (stored == null || DynamoCampaignStore.isNewer(item, ItemJson.read(stored))) {
        rows.put(key, ItemJson.write(item));
        changes.changed(table, item);
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read or write campaign row " + key + " in Flink state", e);
    }
  }
}
