package io.adstream.alerts;

import java.time.Instant;
import java.util.Objects;

/** One device's or one IP's event-time minute: what the click-flood rule counts clicks in. */
public record FloodKey(Kind kind, String token, long epochMinute) {

  public enum Kind {
    DEVICE("device"),
    IP("ip");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public FloodKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(token, "token");
  }

  public static FloodKey device(String deviceToken, Instant time) {
    return new FloodKey(Kind.DEVICE, deviceToken, minuteOf(time));
  }

  public static FloodKey ip(String ipToken, Instant time) {
    return new FloodKey(Kind.IP, ipToken, minuteOf(time));
  }

  /** The alert subject: the kind and the token, never a raw value. */
  public String subject() {
    return kind.label() + ":" + token;
  }

  public Instant minute() {
    return Instant.ofEpochSecond(epochMinute * 60);
  }

  private static long minuteOf(Instant time) {
    return Math.floorDiv(time.toEpochMilli(), 60_000L);
  }
}
