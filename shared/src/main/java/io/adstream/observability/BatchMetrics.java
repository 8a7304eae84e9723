package io.adstream.observability;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one batch did, for the records that took effect (those before its first failure). {@code
 * received = accepted + duplicates + quarantined} holds per batch; parked records are counted by
 * the event source mapping, which parks them.
 *
 * @param acceptedByType accepted events per event type (wire name)
 * @param writeUnitsByItem DynamoDB write units the batch consumed, per table and item kind ({@code
 *     table/kind})
 * @param eventAgesMillis now − event_time of each accepted event
 */
public record BatchMetrics(
    String shardId,
    int received,
    int accepted,
    SortedMap<String, Integer> acceptedByType,
    int duplicates,
    int quarantined,
    SortedMap<String, Integer> quarantinedByReason,
    int late,
    int joinsAttributed,
    int joinsOrphan,
    int conversionsUnattributed,
    int invalidClicks,
    int landedLines,
    SortedMap<String, Integer> alertsPublishedByRule,
    SortedMap<String, Double> writeUnitsByItem,
    long processingMillis,
    List<Long> eventAgesMillis) {

  public BatchMetrics {
    Objects.requireNonNull(shardId, "shardId");
    acceptedByType = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(acceptedByType));
    quarantinedByReason =
        java.util.Collections.unmodifiableSortedMap(new TreeMap<>(quarantinedByReason));
    writeUnitsByItem = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(writeUnitsByItem));
    alertsPublishedByRule =
        java.util.Collections.unmodifiableSortedMap(new TreeMap<>(alertsPublishedByRule));
    eventAgesMillis = List.copyOf(eventAgesMillis);
    if (received != accepted + duplicates + quarantined) {
      throw new IllegalArgumentException(
          "conservation broken in shard "
              + shardId
              + ": received "
              + received
              + " != accepted "
              + accepted
              + " + duplicates "
              + duplicates
              + " + quarantined "
              + quarantined);
    }
  }

  public double writeUnits() {
    return writeUnitsByItem.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * What the batch's DynamoDB writes cost per million records received, at a price per write unit.
   */
  public double writeCostPerMillionRecords(double writeUnitPriceUsd) {
    return received == 0 ? 0 : writeUnits() / received * 1_000_000 * writeUnitPriceUsd;
  }

  public static Map<String, Integer> reasonCounts(List<String> reasonCodes) {
    Map<String, Integer> counts = new TreeMap<>();
    reasonCodes.forEach(code -> counts.merge(code, 1, Integer::sum));
    return counts;
  }
}
