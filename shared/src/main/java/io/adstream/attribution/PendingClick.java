package io.adstream.attribution;

import java.time.Instant;

/** A click parked on the impression it names, before that impression arrived. */
public record PendingClick(String clickId, Instant eventTime) {
  public String encode() {
    return clickId + "|" + eventTime.toEpochMilli();
  }

  public static PendingClick decode(String reference) {
    int bar = reference.lastIndexOf('|');
    return new PendingClick(reference.substring(0, bar), Instant.ofEpochMilli(Long.parseLong(reference.substring(bar + 1))));
  }
}
