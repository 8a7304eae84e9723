package io.adstream.attribution;

import java.time.Instant;

/** A conversion parked on the click it names, before that click arrived. */
public record PendingConversion(String conversionId, Instant eventTime, long valueMicros) {
  public String encode() {
    return conversionId + "|" + eventTime.toEpochMilli() + "|" + valueMicros;
  }

  public static PendingConversion decode(String reference) {
    int second = reference.lastIndexOf('|');
    int first = reference.lastIndexOf('|', second - 1);
    return new PendingConversion(
        reference.substring(0, first),
        Instant.ofEpochMilli(Long.parseLong(reference.substring(first + 1, second))),
        Long.parseLong(reference.substring(second + 1)));
  }
}
