package io.adstream.campaigns;

import java.util.Objects;

/** A campaign's latest settings (from campaign_update), as the API lists them. Money in micros. */
public record CampaignProfile(
    String campaignId, String name, String status, long dailyBudgetMicros, String currency) {
  public CampaignProfile {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(currency, "currency");
  }
}
