package io.adstream.event;

import java.util.Arrays;
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
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
