package io.adstream.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the batch table in CSV or JSON lines, through a {@link ColumnMapping}. Columns
 * the mapping does not name are ignored. Every error names the file, line and field.
 */
public final class TextTableCodec implements TableCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TableFormat format;
  private final ColumnMapping columns;
  private final TableRowParser parser;

  /**
   * @throws IllegalArgumentException for {@link TableFormat#PARQUET}, which is not text
   */
  public TextTableCodec(TableFormat format, ColumnMapping columns) {
    if (format != TableFormat.CSV && format != TableFormat.JSONL) {
      throw new IllegalArgumentException("CSV or JSON lines only, not " + format);
    }
    this.format = format;
    this.columns = columns;
    this.parser = new TableRowParser(columns);
  }

  /** The rows of one file (gzip or plain). */
  @Override
  public List<TableRow> read(String file, byte[] bytes) {
    byte[] content = io.adstream.lake.LakeObjectBytes.content(file, bytes);
    if (content.length >= 4
        && new String(content, 0, 4, StandardCharsets.US_ASCII).equals("PAR1")) {
      throw new TableFormatException(
          file,
          1,
          "",
          "a Parquet file, not "
              + format
              + ": read it as parquet (adstream reconcile --format parquet)");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return format == TableFormat.CSV ? readCsv(file, text) : readJsonLines(file, text);
  }

  @Override
  public byte[] write(List<TableRow> rows) {
    List<TableRow> ordered = TableCodec.inTableOrder(rows, columns);
    StringBuilder out = new StringBuilder();
    if (format == TableFormat.CSV) {
      out.append(String.join(",", columns.header().stream().map(TextTableCodec::csvCell).toList()))
          .append('\n');
    }
    for (TableRow row : ordered) {
      if (format == TableFormat.CSV) {
        List<String> cells = new ArrayList<>();
        cells.add(row.date().toString());
        row.hour().ifPresent(h -> cells.add(Integer.toString(h)));
        cells.add(csvCell(row.campaignId()));
        for (Metric metric : Metric.values()) {
          cells.add(cell(metric, row.totals().get(metric)));
        }
        out.append(String.join(",", cells)).append('\n');
      } else {
        ObjectNode line = JSON.createObjectNode();
        line.put(columns.date(), row.date().toString());
        row.hour().ifPresent(h -> line.put(columns.hour().orElseThrow(), h));
        line.put(columns.campaignId(), row.campaignId());
        for (Metric metric : Metric.values()) {
          long value = row.totals().get(metric);
          if (metric.money() && columns.moneyUnit() == ColumnMapping.MoneyUnit.CURRENCY) {
            line.put(columns.column(metric), new java.math.BigDecimal(cell(metric, value)));
          } else {
            line.put(columns.column(metric), value);
          }
        }
        try {
          out.append(JSON.writeValueAsString(line)).append('\n');
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String cell(Metric metric, long value) {
    return metric.money() ? columns.moneyUnit().format(value) : Long.toString(value);
  }

  private List<TableRow> readCsv(String file, String text) {
    List<List<String>> records = Csv.parse(file, text);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).trim(), i);
    }
    for (String column : columns.header()) {
      if (!index.containsKey(column)) {
        throw new TableFormatException(
            file, 1, column, "the header has no such column (header: " + header + ")");
      }
    }
    List<TableRow> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> record = records.get(r);
      if (record.size() == 1 && record.get(0).isBlank()) {
        continue;
      }
      long line = r + 1;
      rows.add(
          parser.parse(
              () -> file + ":" + line,
              column -> {
                int i = index.get(column);
                return i < record.size() ? record.get(i) : null;
              }));
    }
    return rows;
  }

  private List<TableRow> readJsonLines(String file, String text) {
    List<TableRow> rows = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new TableFormatException(file, i + 1, "", "not JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new TableFormatException(file, i + 1, "", "not a JSON object");
      }
      int number = i + 1;
      rows.add(
          parser.parse(
              () -> file + ":" + number,
              column -> {
                JsonNode value = node.get(column);
                return value == null || value.isNull()
                    ? null
                    : value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
              }));
    }
    return rows;
  }

  private static String csvCell(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }

  /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String file, String text) {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int line = 1;
      int recordLine = 1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            line += c == '\n' ? 1 : 0;
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (c == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
          line++;
          recordLine = line;
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw new TableFormatException(file, recordLine, "", "a quoted field is never closed");
      }
      if (!field.isEmpty() || !record.isEmpty()) {
        record.add(field.toString());
        records.add(record);
      }
      return records;
    }
  }
}
