package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.TableCodec;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.TextTableCodec;
import io.adstream.reconcile.parquet.ParquetTableCodec;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How the batch table is stored: format and column mapping, defaulting to reconcile.batchTable of
 * the configuration.
 */
final class TableOptions {

  @Option(
      names = "--format",
      paramLabel = "csv|jsonl|parquet",
      description =
          "Table format (default: the file's extension, else reconcile.batchTable.format).")
  Optional<String> format;

  @Option(
      names = "--column",
      paramLabel = "NAME=COLUMN",
      description =
          "Column of the table for date, hour, campaign_id, impressions, clicks, conversions, spend or"
              + " revenue, e.g. --column spend=cost --column hour=hr (default: reconcile.batchTable.columns).")
  Map<String, String> columns = Map.of();

  @Option(
      names = "--money-unit",
      paramLabel = "micros|currency",
      description =
          "Money columns in integer micros or decimal currency units (default: reconcile.batchTable.columns.moneyUnit).")
  Optional<String> moneyUnit;

  TableFormat format(CommandSpec spec, AdstreamConfig config, String fileName) {
    if (format.isPresent()) {
      try {
        return TableFormat.valueOf(format.get().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--format must be csv, jsonl or parquet, was " + format.get());
      }
    }
    return TableFormat.ofFileName(fileName).orElse(config.reconcile().batchTable().format());
  }

  /** The codec of the format, for the columns. */
  static TableCodec codec(TableFormat format, ColumnMapping columns) {
    return format == TableFormat.PARQUET
        ? new ParquetTableCodec(columns)
        : new TextTableCodec(format, columns);
  }

  ColumnMapping columns(CommandSpec spec, AdstreamConfig config) {
    ColumnMapping c = config.reconcile().batchTable().columns();
    String date = c.date();
    Optional<String> hour = c.hour();
    String campaign = c.campaignId();
    String impressions = c.impressions();
    String clicks = c.clicks();
    String conversions = c.conversions();
    String spend = c.spend();
    String revenue = c.revenue();
    ColumnMapping.MoneyUnit unit = c.moneyUnit();
    for (Map.Entry<String, String> column : columns.entrySet()) {
      String name = column.getValue();
      switch (column.getKey()) {
        case "date" -> date = name;
        case "hour" -> hour = Optional.of(name);
        case "campaign_id" -> campaign = name;
        case "impressions" -> impressions = name;
        case "clicks" -> clicks = name;
        case "conversions" -> conversions = name;
        case "spend" -> spend = name;
        case "revenue" -> revenue = name;
        default ->
            throw new ParameterException(
                spec.commandLine(),
                "--column "
                    + column.getKey()
                    + ": not a column of the table (date, hour, campaign_id, impressions, clicks, conversions, spend, revenue)");
      }
    }
    if (moneyUnit.isPresent()) {
      try {
        unit = ColumnMapping.MoneyUnit.valueOf(moneyUnit.get().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--money-unit must be micros or currency, was " + moneyUnit.get());
      }
    }
    try {
      return new ColumnMapping(
          date, hour, campaign, impressions, clicks, conversions, spend, revenue, unit);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--column: " + e.getMessage());
    }
  }
}
