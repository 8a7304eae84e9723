package io.adstream.cli;

import io.adstream.state.aws.CapacityLedger;
import io.adstream.state.aws.CapacityLedger.TableUnits;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local summary's DynamoDB line: write units computed from item sizes, per accepted event and
 * per table, and how far the endpoint's own ConsumedCapacity is from the computed figure where it
 * reported one (emulators report placeholders, or nothing).
 */
final class CapacityLine {
  private CapacityLine() {}

  static String of(CapacityLedger capacity, long accepted) {
    Map<String, TableUnits> tables = capacity.byTable();
    double writes = capacity.writeUnits();
    double perEvent = writes / Math.max(1, accepted);
    String byTable =
        tables.entrySet().stream()
            .filter(e -> e.getValue().writeUnits() > 0)
            .map(
                e ->
                    String.format(
                        Locale.ROOT,
                        "%s %.3f",
                        shortName(e.getKey()),
                        e.getValue().writeUnits() / Math.max(1, accepted)))
            .collect(Collectors.joining(", "));
    double reported = tables.values().stream().mapToDouble(TableUnits::reportedWriteUnits).sum();
    double comparable =
        tables.values().stream().mapToDouble(TableUnits::writeUnitsWhereReported).sum();
    String check =
        reported == 0
            ? "the endpoint reported no consumed capacity"
            : String.format(
                Locale.ROOT,
                "the endpoint reported %,.0f where it reported any (%+.2f%% of computed)",
                reported,
                100 * (reported - comparable) / Math.max(1e-9, comparable));
    return String.format(
        Locale.ROOT,
        "%,.0f write units computed from item sizes: %.3f per accepted event (budget 1.2); %s; %s",
        writes,
        perEvent,
        byTable,
        check);
  }

  /** The table name without the stack prefix ({@code adstream-claims} -> {@code claims}). */
  private static String shortName(String table) {
    int dash = table.indexOf('-');
    return dash < 0 ? table : table.substring(dash + 1);
  }
}
