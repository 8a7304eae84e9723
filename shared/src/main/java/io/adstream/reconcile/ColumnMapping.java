package io.adstream.reconcile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which column of the batch table holds what, and the unit of its money columns. The defaults are
 * the Glue job's daily per-campaign table: {@code date, campaign_id, impressions, clicks,
 * conversions, spend, revenue}.
 *
 * @param hour a column with the UTC hour (0-23) when the table is hourly; empty for a daily table
 * @param moneyUnit {@code MICROS}: integer micros; {@code CURRENCY}: decimal currency units
 *     (12.345678)
 */
public record ColumnMapping(
    String date,
    Optional<String> hour,
    String campaignId,
    String impressions,
    String clicks,
    String conversions,
    String spend,
    String revenue,
    MoneyUnit moneyUnit) {

  /** How money columns are written. */
  public enum MoneyUnit {
    MICROS,
    CURRENCY;

    /** The micros a cell holds; CURRENCY cells may have at most six decimals. */
    public long micros(String cell) {
      BigDecimal value = new BigDecimal(cell.trim());
      BigDecimal micros = this == CURRENCY ? value.movePointRight(6) : value;
      try {
        return micros.longValueExact();
      } catch (ArithmeticException e) {
        throw new NumberFormatException(
            this == CURRENCY
                ? "more than six decimals or out of range: " + cell
                : "not a whole number of micros: " + cell);
      }
    }

    public String format(long micros) {
      return this == CURRENCY
          ? BigDecimal.valueOf(micros).movePointLeft(6).toPlainString()
          : Long.toString(micros);
    }
  }

  public ColumnMapping {
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(moneyUnit, "moneyUnit");
    List<String> names =
        new ArrayList<>(
            List.of(date, campaignId, impressions, clicks, conversions, spend, revenue));
    hour.ifPresent(names::add);
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("every column of the batch table needs a name");
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException(
          "two measures of the batch table are mapped to the same column: " + names);
    }
  }

  public static ColumnMapping defaults() {
    return new ColumnMapping(
        "date",
        Optional.empty(),
        "campaign_id",
        "impressions",
        "clicks",
        "conversions",
        "spend",
        "revenue",
        MoneyUnit.MICROS);
  }

  public ColumnMapping hourly(String hourColumn) {
    return new ColumnMapping(
        date,
        Optional.of(hourColumn),
        campaignId,
        impressions,
        clicks,
        conversions,
        spend,
        revenue,
        moneyUnit);
  }

  public String column(Metric metric) {
    return switch (metric) {
      case IMPRESSIONS -> impressions;
      case CLICKS -> clicks;
      case CONVERSIONS -> conversions;
      case SPEND -> spend;
      case REVENUE -> revenue;
    };
  }

  /** Column names in table order: date, [hour,] campaign, then the metrics. */
  public List<String> header() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(date, date);
    hour.ifPresent(h -> columns.put(h, h));
    columns.put(campaignId, campaignId);
    for (Metric metric : Metric.values()) {
      columns.put(column(metric), column(metric));
    }
    return List.copyOf(columns.keySet());
  }
}
