package io.adstream.local.harness;

import io.adstream.observability.BatchMetrics;
import io.adstream.observability.MetricsSink;
import java.util.Map;
import java.util.TreeMap;

/** The processor's batch metrics summed over a run: the local stand-in for the CloudWatch dashboard. */
public final class PipelineTotals implements MetricsSink {
  private long received;
  private long accepted;
  private long duplicates;
  private long quarantined;
  private final Map<String, Long> quarantinedByReason = new TreeMap<>();
  private long late;
  private long joinsAttributed;
  private long joinsOrphan;
  private long conversionsUnattributed;
  private long invalidClicks;
  private long landedLines;
  private final Map<String, Double> writeUnitsByTable = new TreeMap<>();
  private final Map<String, Long> alertsByRule = new TreeMap<>();

  @Override
  public synchronized void publish(BatchMetrics batch) {
    received += batch.received();
    accepted += batch.accepted();
    duplicates += batch.duplicates();
    quarantined += batch.quarantined();
    batch.quarantinedByReason().forEach((reason, n) -> quarantinedByReason.merge(reason, (long) n, Long::sum));
    late += batch.late();
    joinsAttributed += batch.joinsAttributed();
    joinsOrphan += batch.joinsOrphan();
    conversionsUnattributed += batch.conversionsUnattributed();
    invalidClicks += batch.invalidClicks();
    landedLines += batch.landedLines();
    batch.writeUnitsByTable().forEach((table, units) -> writeUnitsByTable.merge(table, units, Double::sum));
    batch.alertsPublishedByRule().forEach((rule, n) -> alertsByRule.merge(rule, (long) n, Long::sum));
  }

  /** A consistent copy. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(
        received, accepted, duplicates, quarantined, Map.copyOf(quarantinedByReason), late, joinsAttributed,
        joinsOrphan, conversionsUnattributed, invalidClicks, landedLines, Map.copyOf(writeUnitsByTable),
        Map.copyOf(alertsByRule));
  }

  public record Snapshot(
      long received,
      long accepted,
      long duplicates,
      long quarantined,
      Map<String, Long> quarantinedByReason,
      long late,
      long joinsAttributed,
      long joinsOrphan,
      long conversionsUnattributed,
      long invalidClicks,
      long landedLines,
      Map<String, Double> writeUnitsByTable,
      Map<String, Long> alertsByRule) {

    public double writeUnits() {
      return writeUnitsByTable.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double writeUnitsPerAcceptedEvent() {
      return accepted == 0 ? 0 : writeUnits() / accepted;
    }
  }
}
