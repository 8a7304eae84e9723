package io.adstream.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextTableCodecTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  private static final List<TableRow> ROWS =
      List.of(
          TableRow.daily(DAY, "cmp-1", new CampaignTotals(100, 7, 1, 12_345_678, 50_000_000)),
          TableRow.daily(DAY, "cmp,2", new CampaignTotals(3, 0, 0, 1, 0)));

  @Test
  void csvAndJsonLinesRoundTripInMicrosAndInCurrency() {
    ColumnMapping currency =
        new ColumnMapping(
            "day",
            Optional.empty(),
            "campaign",
            "imps",
            "clicks",
            "convs",
            "cost",
            "value",
            ColumnMapping.MoneyUnit.CURRENCY);
    for (TableFormat format : List.of(TableFormat.CSV, TableFormat.JSONL)) {
      for (ColumnMapping columns : List.of(ColumnMapping.defaults(), currency)) {
        TableCodec codec = new TextTableCodec(format, columns);
        assertThat(codec.read("t", codec.write(ROWS)))
            .as("%s %s", format, columns.moneyUnit())
            .containsExactlyInAnyOrderElementsOf(ROWS);
      }
    }
    String csv =
        new String(
            new TextTableCodec(TableFormat.CSV, currency).write(ROWS), StandardCharsets.UTF_8);
    assertThat(csv)
        .startsWith("day,campaign,imps,clicks,convs,cost,value\n")
        .contains("\"cmp,2\"")
        .contains(",12.345678,50.000000\n");
  }

  @Test
  void rowsAreWrittenByTimeThenCampaignAndHourlyRowsNeedAnHourColumn() {
    List<TableRow> hourly =
        List.of(
            new TableRow(DAY, java.util.OptionalInt.of(11), "a", CampaignTotals.ZERO),
            new TableRow(DAY, java.util.OptionalInt.of(10), "b", CampaignTotals.ZERO),
            new TableRow(DAY, java.util.OptionalInt.of(10), "a", CampaignTotals.ZERO));
    TableCodec codec = new TextTableCodec(TableFormat.CSV, ColumnMapping.defaults().hourly("hour"));
    assertThat(codec.read("t", codec.write(hourly)))
        .containsExactly(hourly.get(2), hourly.get(1), hourly.get(0));
    assertThatThrownBy(
            () -> new TextTableCodec(TableFormat.JSONL, ColumnMapping.defaults()).write(hourly))
        .hasMessage("hourly rows need a mapping with an hour column, daily rows one without");
  }

  @Test
  void aGlueStyleTableIsReadThroughTheMappingAndExtraColumnsAreIgnored() {
    String glue =
        "campaign_id,date,ctr,impressions,clicks,conversions,spend,revenue\r\n"
            + "cmp-9,2026-11-24,0.5,10,5,1,2000000,9000000\r\n";
    assertThat(
            new TextTableCodec(TableFormat.CSV, ColumnMapping.defaults())
                .read("glue.csv", glue.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(
            TableRow.daily(DAY, "cmp-9", new CampaignTotals(10, 5, 1, 2_000_000, 9_000_000)));
  }

  @Test
  void errorsNameTheFileLineAndField() {
    TableCodec csv = new TextTableCodec(TableFormat.CSV, ColumnMapping.defaults());
    assertThatThrownBy(
            () ->
                csv.read(
                    "t.csv",
                    "date,campaign_id,impressions,clicks,conversions,spend,revenue\n2026-11-24,c,1,2,x,4,5\n"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TableFormatException.class)
        .hasMessage("t.csv:2: field conversions: not a whole number: x");
    assertThatThrownBy(
            () -> csv.read("t.csv", "date,campaign_id\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("t.csv:1: field impressions: the header has no such column");
    TableCodec jsonl = new TextTableCodec(TableFormat.JSONL, ColumnMapping.defaults());
    assertThatThrownBy(
            () ->
                jsonl.read(
                    "t.jsonl", "{\"date\":\"2026-11-24\"}\n{".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("t.jsonl:1: field campaign_id: missing");
    assertThatThrownBy(
            () ->
                new TextTableCodec(
                        TableFormat.CSV,
                        new ColumnMapping(
                            "date",
                            Optional.empty(),
                            "campaign_id",
                            "impressions",
                            "clicks",
                            "conversions",
                            "spend",
                            "revenue",
                            ColumnMapping.MoneyUnit.CURRENCY))
                    .read(
                        "t.csv",
                        "date,campaign_id,impressions,clicks,conversions,spend,revenue\n2026-11-24,c,1,2,3,0.0000001,5\n"
                            .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("t.csv:2: field spend: not an amount in currency: 0.0000001");
  }

  @Test
  void aParquetFileReadAsTextSaysSo() {
    byte[] parquet = "PAR1\u0015\u0004".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(
            () ->
                new TextTableCodec(TableFormat.CSV, ColumnMapping.defaults())
                    .read("part-00000.snappy.parquet", parquet))
        .isInstanceOf(TableFormatException.class)
        .hasMessage(
            "part-00000.snappy.parquet:1: a Parquet file, not CSV: read it as parquet (adstream reconcile --format parquet)");
    assertThatThrownBy(() -> new TextTableCodec(TableFormat.PARQUET, ColumnMapping.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
