package io.adstream.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes one file of the batch table. {@link TextTableCodec} reads CSV and JSON lines;
 * the Parquet codec lives in the CLI, so that its libraries stay out of the Lambda jar.
 */
public interface TableCodec {
  /**
   * The rows of one file.
   *
   * @param file the file's name or URI, for errors
   * @throws TableFormatException naming the file, the line or row, and the column of what cannot be
   *     read
   */
  List<TableRow> read(String file, byte[] bytes);

  /** The rows as one file, ordered by time and campaign. */
  byte[] write(List<TableRow> rows);

  /**
   * The rows in the order a table is written, by time then campaign.
   *
   * @throws IllegalArgumentException when hourly rows meet a mapping without an hour column, or
   *     daily rows one with it
   */
  static List<TableRow> inTableOrder(List<TableRow> rows, ColumnMapping columns) {
    List<TableRow> ordered = new ArrayList<>(rows);
    for (TableRow row : ordered) {
      if (row.hour().isPresent() != columns.hour().isPresent()) {
        throw new IllegalArgumentException(
            "hourly rows need a mapping with an hour column, daily rows one without");
      }
    }
    ordered.sort(TableRow.TABLE_ORDER);
    return ordered;
  }
}
