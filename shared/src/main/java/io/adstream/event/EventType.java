package io.adstream.event;

import java.util.Optional;

/** The five event types of contract v1, with their wire names. */
public enum EventType {
  IMPRESSION("impression"),
  CLICK("click"),
  CONVERSION("conversion"),
  CAMPAIGN_UPDATE("campaign_update"),
  SEM_STATS("sem_stats");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EventType> fromWireName(String name) {
    // a switch, not a stream: the codec calls this for every record
    return switch (name) {
      case "impression" -> Optional.of(IMPRESSION);
      case "click" -> Optional.of(CLICK);
      case "conversion" -> Optional.of(CONVERSION);
      case "campaign_update" -> Optional.of(CAMPAIGN_UPDATE);
      case "sem_stats" -> Optional.of(SEM_STATS);
      default -> Optional.empty();
    };
  }
}
