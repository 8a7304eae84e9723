package io.adstream.reconcile;

import java.util.Locale;
import java.util.Optional;

/** How a batch table is stored. */
public enum TableFormat {
  /** RFC 4180 comma-separated values with a header row. */
  CSV,
  /** One JSON object per line. */
  JSONL,
  /**
   * Apache Parquet, as Glue and Spark write it; read by the CLI only (its libraries are not in the
   * Lambda jar).
   */
  PARQUET;

  /**
   * The format named by a file's extension (.csv, .jsonl, .json, .ndjson, .parquet), gzip suffix
   * ignored.
   */
  public static Optional<TableFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    if (lower.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
