package io.adstream.reconcile;

/** A batch table cell or line that cannot be read: names the file, the line and the field. */
public final class TableFormatException extends RuntimeException {
  public TableFormatException(String file, long line, String field, String problem) {
    super(file + ":" + line + (field.isEmpty() ? "" : ": field " + field) + ": " + problem);
  }
}
