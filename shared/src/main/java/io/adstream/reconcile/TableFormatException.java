package io.adstream.reconcile;

/**
 * A batch table cell, line or row that cannot be read: names the file, the line or row, and the
 * field.
 */
public final class TableFormatException extends RuntimeException {
  /** A line of a text file (1-based). */
  public TableFormatException(String file, long line, String field, String problem) {
    this(file + ":" + line, field, problem);
  }

  /**
   * @param where the file and the place in it, e.g. {@code part-00000.snappy.parquet: row index 17}
   */
  public TableFormatException(String where, String field, String problem) {
    super(where + (field.isEmpty() ? "" : ": field " + field) + ": " + problem);
  }
}
