package io.adstream.local.harness;

import io.adstream.stream.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures each record's time from put ({@link PutLog}) to its first completion by the function,
 * and to the first API read that showed its aggregate ({@link VisibilityProbe}). Plug {@link
 * #completed(List)} into the mapping's completion listener; thread-safe. Completions are joined
 * with put times only when asked, because a record can be processed before its PutRecords call has
 * returned the sequence number that identifies it.
 */
public final class LatencyRecorder {

  private final PutLog putLog;
  private final ConcurrentHashMap<String, Long> completedAt = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> visibleAt = new ConcurrentHashMap<>();

  public LatencyRecorder(PutLog putLog) {
    this.putLog = putLog;
  }

  public void completed(List<SourceRecord> records) {
    record(completedAt, records, System.nanoTime());
  }

  /** The records whose aggregates an API read that returned at {@code nanoTime} showed. */
  void visible(List<SourceRecord> records, long nanoTime) {
    record(visibleAt, records, nanoTime);
  }

  private static void record(
      ConcurrentHashMap<String, Long> into, List<SourceRecord> records, long nanoTime) {
    for (SourceRecord record : records) {
      into.putIfAbsent(PutLog.eventId(record.shardId(), record.sequenceNumber()), nanoTime);
    }
  }

  /**
   * Put to processed and put to aggregate-visible, over all shards and per shard, of the records
   * put at or after {@code putSince} (a {@link System#nanoTime()} reading: the end of a warm-up).
   */
  public LatencyReport report(long putSince) {
    Map<String, List<Long>> processed = byShard(completedAt, putSince);
    Map<String, List<Long>> visible = byShard(visibleAt, putSince);
    Map<String, LatencyReport.Shard> shards = new TreeMap<>();
    processed.forEach(
        (shard, latencies) ->
            shards.put(
                shard,
                new LatencyReport.Shard(
                    of(latencies), of(visible.getOrDefault(shard, List.of())))));
    return new LatencyReport(of(all(processed)), of(all(visible)), shards);
  }

  /**
   * Put to processed over the records completed in the last {@code windowNanos}: what the progress
   * line shows.
   */
  Latencies recent(long windowNanos) {
    long since = System.nanoTime() - windowNanos;
    List<Long> nanos = new ArrayList<>();
    completedAt.forEach(
        (eventId, at) -> {
          long putAt = at >= since ? putLog.putAt(eventId) : -1;
          if (putAt >= 0 && at >= putAt) {
            nanos.add(at - putAt);
          }
        });
    return of(nanos);
  }

  private Map<String, List<Long>> byShard(ConcurrentHashMap<String, Long> times, long putSince) {
    Map<String, List<Long>> shards = new TreeMap<>();
    times.forEach(
        (eventId, at) -> {
          long putAt = putLog.putAt(eventId);
          if (putAt >= 0 && at >= putAt && putAt - putSince >= 0) {
            shards.computeIfAbsent(PutLog.shardOf(eventId), s -> new ArrayList<>()).add(at - putAt);
          }
        });
    return shards;
  }

  private static List<Long> all(Map<String, List<Long>> byShard) {
    return byShard.values().stream().flatMap(List::stream).toList();
  }

  private static Latencies of(List<Long> nanos) {
    return Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
  }
}
