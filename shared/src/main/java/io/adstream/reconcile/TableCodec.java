package io.adstream.reconcile;

import java.util.List;

/**
 * Reads and writes one file of the batch table. {@link TextTableCodec} reads CSV and JSON lines; the Parquet
 * codec lives in the CLI, so that its libraries stay out of the Lambda jar.
 */
public interface TableCodec {
  /**
   * The rows of one file.
   *
   * @param file the file's name or URI, for errors
   * @throws TableFormatException naming the file, the line or row, and the column of what cannot be read
   */
  List<TableRow> read(String file, byte[] bytes);

  /** The rows as one file, ordered by time and campaign. */
  byte[] write(List<TableRow> rows);
}
