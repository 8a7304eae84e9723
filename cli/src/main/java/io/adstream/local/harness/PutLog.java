package io.adstream.local.harness;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each record was put, by its Kinesis event id ({@code shardId:sequenceNumber}), so that the
 * time from put to processing can be measured per record. Times are {@link System#nanoTime()}
 * readings.
 */
public final class PutLog {

  private final ConcurrentHashMap<String, Long> putAt = new ConcurrentHashMap<>();

  void put(String shardId, String sequenceNumber, long nanoTime) {
    putAt.put(eventId(shardId, sequenceNumber), nanoTime);
  }

  /** The put time of a record by its event id, or -1 if this log did not see it put. */
  public long putAt(String eventId) {
    return putAt.getOrDefault(eventId, -1L);
  }

  public int size() {
    return putAt.size();
  }

  static String shardOf(String eventId) {
    return eventId.substring(0, eventId.indexOf(':'));
  }

  static String eventId(String shardId, String sequenceNumber) {
    return shardId + ":" + sequenceNumber;
  }
}
