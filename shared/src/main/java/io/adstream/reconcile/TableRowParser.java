package io.adstream.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One row of the batch table from its cells as text, through a {@link ColumnMapping}: the one place
 * that decides what a date, an hour, a count and an amount look like, whatever the file format.
 */
public final class TableRowParser {
  private final ColumnMapping columns;

  public TableRowParser(ColumnMapping columns) {
    this.columns = columns;
  }

  /**
   * @param where the file and the line or row, for errors
   * @param cells the cell of a column by name; null when the column has no value
   */
  public TableRow parse(Supplier<String> where, Function<String, String> cells) {
    String date = required(where, columns.date(), cells);
    LocalDate day;
    try {
      day = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
    } catch (DateTimeParseException e) {
      throw new TableFormatException(
          where.get(), columns.date(), "not a date (YYYY-MM-DD): " + date);
    }
    OptionalInt hour = OptionalInt.empty();
    if (columns.hour().isPresent()) {
      String cell = required(where, columns.hour().get(), cells);
      try {
        int h = Integer.parseInt(cell.trim());
        if (h < 0 || h > 23) {
          throw new NumberFormatException();
        }
        hour = OptionalInt.of(h);
      } catch (NumberFormatException e) {
        throw new TableFormatException(
            where.get(), columns.hour().get(), "not an hour 0-23: " + cell);
      }
    }
    String campaign = required(where, columns.campaignId(), cells);
    Map<Metric, Long> values = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      String column = columns.column(metric);
      String cell = required(where, column, cells);
      try {
        values.put(
            metric,
            metric.money()
                ? columns.moneyUnit().micros(cell)
                : new BigDecimal(cell.trim()).longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        throw new TableFormatException(
            where.get(),
            column,
            (metric.money()
                    ? "not an amount in " + columns.moneyUnit().name().toLowerCase(Locale.ROOT)
                    : "not a whole number")
                + ": "
                + cell);
      }
    }
    return new TableRow(day, hour, campaign, CampaignTotals.of(values));
  }

  private static String required(
      Supplier<String> where, String column, Function<String, String> cells) {
    String value = cells.apply(column);
    if (value == null || value.isBlank()) {
      throw new TableFormatException(where.get(), column, "missing");
    }
    return value;
  }
}
