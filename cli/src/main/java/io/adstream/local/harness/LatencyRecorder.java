package io.adstream.local.harness;

import io.adstream.event.SourceRecord;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures each record's time from put ({@link PutLog}) to its first completion by the function. Plug
 * {@link #completed(List)} into the mapping's completion listener; thread-safe. Completions are joined with
 * put times only when asked, because a record can be processed before its PutRecords call has returned the
 * sequence number that identifies it.
 */
public final class LatencyRecorder {

  private final PutLog putLog;
  private final ConcurrentHashMap<String, Long> completedAt = new ConcurrentHashMap<>();

  public LatencyRecorder(PutLog putLog) {
    this.putLog = putLog;
  }

  public void completed(List<SourceRecord> records) {
    long now = System.nanoTime();
    for (SourceRecord record : records) {
      completedAt.putIfAbsent(PutLog.eventId(record.shardId(), record.sequenceNumber()), now);
    }
  }

  /** Over the records both put through the log and completed. */
  public Latencies latencies() {
    long[] nanos =
        completedAt.entrySet().stream()
            .mapToLong(
                completion -> {
                  long putAt = putLog.putAt(completion.getKey());
                  return putAt < 0 ? -1 : completion.getValue() - putAt;
                })
            .filter(latency -> latency >= 0)
            .toArray();
    return Latencies.of(nanos);
  }
}
