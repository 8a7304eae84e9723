package io.adstream.reconcile;

import java.util.Locale;

/** How a batch table is stored. */
public enum TableFormat {
  /** RFC 4180 comma-separated values with a header row. */
  CSV("csv"),
  /** One JSON object per line. */
  JSONL("jsonl");

  private final String extension;

  TableFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** The format named by a file's extension (.csv, .jsonl, .json, .ndjson), gzip suffix ignored. */
  public static java.util.Optional<TableFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (lower.endsWith(".csv")) {
      return java.util.Optional.of(CSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return java.util.Optional.of(JSONL);
    }
    return java.util.Optional.empty();
  }
}
