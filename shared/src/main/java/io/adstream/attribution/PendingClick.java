package io.adstream.attribution;

import java.time.Instant;
import java.util.Objects;

/**
 * A click parked on the impression it names, before that impression arrived. It keeps its campaign:
 * when the impression joins it, the click's campaign minute stops counting it as an orphan.
 */
public record PendingClick(String clickId, String campaignId, Instant eventTime) {
  public PendingClick {
    Objects.requireNonNull(clickId, "clickId");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** {@code <campaign length>:<campaign>|<click id>|<epoch ms>}: ids may contain any character. */
  public String encode() {
    return campaignId.length() + ":" + campaignId + "|" + clickId + "|" + eventTime.toEpochMilli();
  }

  public static PendingClick decode(String reference) {
    int colon = reference.indexOf(':');
    int campaignEnd = colon + 1 + Integer.parseInt(reference.substring(0, colon));
    int bar = reference.lastIndexOf('|');
    return new PendingClick(
        reference.substring(campaignEnd + 1, bar),
        reference.substring(colon + 1, campaignEnd),
        Instant.ofEpochMilli(Long.parseLong(reference.substring(bar + 1))));
  }
}
