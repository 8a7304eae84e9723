package io.adstream.campaigns;

import io.adstream.event.CampaignUpdate;
import io.adstream.event.SemStats;

/**
 * Campaign settings (from campaign_update) and search-ads rows (from sem_stats). Both keep the
 * latest row only, so applying a row twice, or rows out of order, ends in the same state: no fence
 * needed.
 */
public interface CampaignStore {

  /** Keeps the update if it is the campaign's latest by (event_time, event_id). */
  void recordSettings(CampaignUpdate update);

  /**
   * Keeps the row if it is its row key's latest by (report_time, event_id): restatements replace.
   */
  void recordSemRow(SemStats row);
}
