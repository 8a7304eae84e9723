package io.adstream.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One row of the batch job's per-campaign table: a campaign's totals over a UTC day, or over one
 * hour of it when the table carries an hour column.
 */
public record TableRow(LocalDate date, OptionalInt hour, String campaignId, CampaignTotals totals) {
  /** How a table's rows are ordered: by time, then campaign. */
  public static final Comparator<TableRow> TABLE_ORDER =
      Comparator.comparing(TableRow::start).thenComparing(TableRow::campaignId);

  public TableRow {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(totals, "totals");
    if (hour.isPresent() && (hour.getAsInt() < 0 || hour.getAsInt() > 23)) {
      throw new IllegalArgumentException("hour must be 0-23, was " + hour.getAsInt());
    }
  }

  public static TableRow daily(LocalDate date, String campaignId, CampaignTotals totals) {
    return new TableRow(date, OptionalInt.empty(), campaignId, totals);
  }

  public Instant start() {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hour.orElse(0)));
  }

  public Instant end() {
    return start().plus(hour.isPresent() ? Duration.ofHours(1) : Duration.ofDays(1));
  }
}
