package io.adstream.campaigns;

import java.util.Collection;
import java.util.Map;

/** Reads the daily budgets the latest campaign_update of each campaign set. */
public interface CampaignBudgets {

  /** Daily budget in micros of each of {@code campaignIds} that has settings; others are absent. */
  Map<String, Long> dailyBudgetMicros(Collection<String> campaignIds);
}
