package io.adstream.event;

/** A campaign log row: the campaign's current settings as of the event time. */
public record CampaignUpdate(
    Envelope envelope,
    String campaignId,
    String advertiserId,
    String name,
    CampaignStatus status,
    long dailyBudgetMicros,
    String currency)
    implements AdEvent {

  public enum CampaignStatus {
    ACTIVE("active"),
    PAUSED("paused"),
    ARCHIVED("archived");

    private final String wireName;

    CampaignStatus(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
