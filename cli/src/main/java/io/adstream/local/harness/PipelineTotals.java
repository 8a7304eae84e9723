package io.adstream.local.harness;

import io.adstream.observability.BatchMetrics;
import io.adstream.observability.MetricsSink;
import io.adstream.state.CapacityMeter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processor's batch metrics summed over a run: the local stand-in for the CloudWatch dashboard.
 */
public final class PipelineTotals implements MetricsSink {
  private long received;
  private long accepted;
  private final Map<String, Long> acceptedByType = new TreeMap<>();
  private long duplicates;
  private long quarantined;
  private final Map<String, Long> quarantinedByReason = new TreeMap<>();
  private long late;
  private long joinsAttributed;
  private long joinsOrphan;
  private long conversionsUnattributed;
  private long invalidClicks;
  private long landedLines;
  private final Map<String, Double> writeUnitsByItem = new TreeMap<>();
  private final Map<String, Long> alertsByRule = new TreeMap<>();

  @Override
  public synchronized void publish(BatchMetrics batch) {
    received += batch.received();
    accepted += batch.accepted();
    batch.acceptedByType().forEach((type, n) -> acceptedByType.merge(type, (long) n, Long::sum));
    duplicates += batch.duplicates();
    quarantined += batch.quarantined();
    batch
        .quarantinedByReason()
        .forEach((reason, n) -> quarantinedByReason.merge(reason, (long) n, Long::sum));
    late += batch.late();
    joinsAttributed += batch.joinsAttributed();
    joinsOrphan += batch.joinsOrphan();
    conversionsUnattributed += batch.conversionsUnattributed();
    invalidClicks += batch.invalidClicks();
    landedLines += batch.landedLines();
    batch
        .writeUnitsByItem()
        .forEach((item, units) -> writeUnitsByItem.merge(item, units, Double::sum));
    batch
        .alertsPublishedByRule()
        .forEach((rule, n) -> alertsByRule.merge(rule, (long) n, Long::sum));
  }

  /** A consistent copy. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(
        received,
        accepted,
        Map.copyOf(acceptedByType),
        duplicates,
        quarantined,
        Map.copyOf(quarantinedByReason),
        late,
        joinsAttributed,
        joinsOrphan,
        conversionsUnattributed,
        invalidClicks,
        landedLines,
        Map.copyOf(writeUnitsByItem),
        Map.copyOf(alertsByRule));
  }

  public record Snapshot(
      long received,
      long accepted,
      Map<String, Long> acceptedByType,
      long duplicates,
      long quarantined,
      Map<String, Long> quarantinedByReason,
      long late,
      long joinsAttributed,
      long joinsOrphan,
      long conversionsUnattributed,
      long invalidClicks,
      long landedLines,
      Map<String, Double> writeUnitsByItem,
      Map<String, Long> alertsByRule) {

    public double writeUnits() {
      return writeUnitsByItem.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Write units per table, summed over its item kinds. */
    public Map<String, Double> writeUnitsByTable() {
      Map<String, Double> byTable = new TreeMap<>();
      writeUnitsByItem.forEach(
          (item, units) ->
              byTable.merge(
                  item.substring(0, item.indexOf(CapacityMeter.ITEM_SEPARATOR)),
                  units,
                  Double::sum));
      return byTable;
    }

    public double writeUnitsPerAcceptedEvent() {
      return accepted == 0 ? 0 : writeUnits() / accepted;
    }
  }
}
