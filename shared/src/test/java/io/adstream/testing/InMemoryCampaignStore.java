package io.adstream.testing;

import io.adstream.campaigns.CampaignStore;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.SemStats;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** A {@link CampaignStore} in memory. */
public final class InMemoryCampaignStore implements CampaignStore {
  private static final Comparator<CampaignUpdate> SETTINGS_ORDER =
      Comparator.comparing(CampaignUpdate::eventTime).thenComparing(CampaignUpdate::eventId);
  private static final Comparator<SemStats> ROW_ORDER =
      Comparator.comparing(SemStats::reportTime).thenComparing(SemStats::eventId);

  private final Map<String, CampaignUpdate> settings = new HashMap<>();
  private final Map<String, SemStats> rows = new HashMap<>();

  @Override
  public synchronized void recordSettings(CampaignUpdate update) {
    settings.merge(
        update.campaignId(), update, (a, b) -> SETTINGS_ORDER.compare(a, b) >= 0 ? a : b);
  }

  @Override
  public synchronized void recordSemRow(SemStats row) {
    rows.merge(row.rowKey(), row, (a, b) -> ROW_ORDER.compare(a, b) >= 0 ? a : b);
  }

  public synchronized Map<String, CampaignUpdate> settings() {
    return Map.copyOf(settings);
  }

  public synchronized Map<String, SemStats> semRows() {
    return Map.copyOf(rows);
  }
}
