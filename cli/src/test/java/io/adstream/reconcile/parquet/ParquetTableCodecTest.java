package io.adstream.reconcile.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.TableFormat;
import io.adstream.reconcile.TableFormatException;
import io.adstream.reconcile.TableRow;
import io.adstream.reconcile.TextTableCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * Parquet files written here with parquet-java's own writer, shaped as Glue and Spark write the
 * daily table, read like the same table in CSV.
 */
class ParquetTableCodecTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  private static final ColumnMapping MICROS = ColumnMapping.defaults();
  private static final ColumnMapping CURRENCY =
      new ColumnMapping(
          "date",
          Optional.empty(),
          "campaign_id",
          "impressions",
          "clicks",
          "conversions",
          "spend",
          "revenue",
          ColumnMapping.MoneyUnit.CURRENCY);

  /**
   * Spark's schema of the Glue job's table: date as date, sums of counts as bigint, money as
   * decimal sums.
   */
  private static final MessageType SPARK_DECIMAL =
      MessageTypeParser.parseMessageType(
          """
      message spark_schema {
        optional int32 date (DATE);
        optional binary campaign_id (STRING);
        optional int64 impressions;
        optional int32 clicks;
        optional int64 conversions;
        optional int64 spend (DECIMAL(18,6));
        optional fixed_len_byte_array(12) revenue (DECIMAL(28,6));
        optional binary note (STRING);
      }""");

  @Test
  void aSnappyFileOfSeveralRowGroupsWithDecimalMoneyReadsLikeTheSameTableInCsv()
      throws IOException {
    List<TableRow> rows = rows(3_000);
    byte[] parquet =
        write(
            SPARK_DECIMAL,
            CompressionCodecName.SNAPPY,
            rows,
            (group, row) -> {
              group
                  .append("date", (int) row.date().toEpochDay())
                  .append("campaign_id", row.campaignId())
                  .append("impressions", row.totals().impressions())
                  .append("clicks", (int) row.totals().clicks())
                  .append("conversions", row.totals().conversions())
                  .append("spend", row.totals().spendMicros())
                  .append(
                      "revenue",
                      Binary.fromConstantByteArray(
                          fixed(BigInteger.valueOf(row.totals().revenueMicros()), 12)));
              if (row.campaignId().endsWith("7")) {
                group.append(
                    "note",
                    "promo"); // the rest null: a column the mapping does not name may have nulls
              }
            });
    try (ParquetFileReader file =
        ParquetFileReader.open(new ByteArrayInputFile(parquet), ParquetTableCodec.READ_OPTIONS)) {
      assertThat(file.getRowGroups()).as("row groups").hasSizeGreaterThan(2);
      assertThat(file.getRowGroups())
          .flatExtracting(BlockMetaData::getColumns)
          .allSatisfy(
              column -> assertThat(column.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
    }
    assertThat(new ParquetTableCodec(CURRENCY).read("part-00000-x.snappy.parquet", parquet))
        .containsExactlyElementsOf(asCsv(CURRENCY, rows));
  }

  @Test
  void int64MicrosStringDatesAndDoubleCurrencyReadExactly() throws IOException {
    List<TableRow> rows = rows(50);
    MessageType micros =
        MessageTypeParser.parseMessageType(
            """
        message spark_schema {
          optional binary date (STRING);
          optional binary campaign_id (STRING);
          optional int64 impressions; optional int64 clicks; optional int64 conversions;
          optional int64 spend; optional int64 revenue;
        }""");
    byte[] inMicros =
        write(
            micros,
            CompressionCodecName.GZIP,
            rows,
            (group, row) ->
                group
                    .append("date", row.date().toString())
                    .append("campaign_id", row.campaignId())
                    .append("impressions", row.totals().impressions())
                    .append("clicks", row.totals().clicks())
                    .append("conversions", row.totals().conversions())
                    .append("spend", row.totals().spendMicros())
                    .append("revenue", row.totals().revenueMicros()));
    assertThat(new ParquetTableCodec(MICROS).read("micros.parquet", inMicros))
        .containsExactlyElementsOf(asCsv(MICROS, rows));

    // money summed as double by the job: 0.1 + 0.2 (0.30000000000000004) is 300000 micros
    MessageType doubles =
        MessageTypeParser.parseMessageType(
            """
        message spark_schema {
          optional int64 date (TIMESTAMP(MICROS,true));
          optional binary campaign_id (STRING);
          optional int64 impressions; optional int64 clicks; optional int64 conversions;
          optional double spend; optional double revenue;
        }""");
    List<TableRow> cents =
        List.of(TableRow.daily(DAY, "cmp-d", new CampaignTotals(3, 2, 1, 300_000, 12_340_000)));
    byte[] inDoubles =
        write(
            doubles,
            CompressionCodecName.UNCOMPRESSED,
            cents,
            (group, row) ->
                group
                    .append(
                        "date",
                        row.date().atTime(23, 59, 59).toEpochSecond(java.time.ZoneOffset.UTC)
                            * 1_000_000)
                    .append("campaign_id", row.campaignId())
                    .append("impressions", 3L)
                    .append("clicks", 2L)
                    .append("conversions", 1L)
                    .append("spend", 0.1 + 0.2)
                    .append("revenue", 12.34));
    assertThat(new ParquetTableCodec(CURRENCY).read("doubles.parquet", inDoubles))
        .containsExactlyElementsOf(cents);
    byte[] belowAMicro =
        write(
            doubles,
            CompressionCodecName.SNAPPY,
            cents,
            (group, row) ->
                group
                    .append("date", 0L)
                    .append("campaign_id", row.campaignId())
                    .append("impressions", 3L)
                    .append("clicks", 2L)
                    .append("conversions", 1L)
                    .append("spend", 0.3)
                    .append("revenue", 12.3456789));
    assertThatThrownBy(() -> new ParquetTableCodec(CURRENCY).read("doubles.parquet", belowAMicro))
        .hasMessage(
            "doubles.parquet: row index 0: field revenue: not an amount in currency: 12.3456789");
  }

  @Test
  void whatBatchWritesIsTypedAsSparkWritesAndReadsBack() throws IOException {
    List<TableRow> hourly =
        List.of(
            new TableRow(
                DAY,
                java.util.OptionalInt.of(0),
                "cmp-1",
                new CampaignTotals(10, 2, 1, 1_234_567, 9_000_000)),
            new TableRow(
                DAY, java.util.OptionalInt.of(23), "cmp,2", new CampaignTotals(0, 0, 0, 0, 1)));
    for (ColumnMapping columns : List.of(MICROS.hourly("hour"), CURRENCY.hourly("hour"))) {
      ParquetTableCodec codec = new ParquetTableCodec(columns);
      byte[] bytes = codec.write(hourly);
      assertThat(codec.read("t.parquet", bytes))
          .as("%s", columns.moneyUnit())
          .containsExactlyElementsOf(hourly);
      try (ParquetFileReader file =
          ParquetFileReader.open(new ByteArrayInputFile(bytes), ParquetTableCodec.READ_OPTIONS)) {
        MessageType schema = file.getFileMetaData().getSchema();
        assertThat(schema.getType("date").toString()).isEqualTo("optional int32 date (DATE)");
        assertThat(schema.getType("spend").toString())
            .isEqualTo(
                columns.moneyUnit() == ColumnMapping.MoneyUnit.MICROS
                    ? "optional int64 spend"
                    : "optional int64 spend (DECIMAL(18,6))");
        assertThat(file.getRowGroups().get(0).getColumns().get(0).getCodec())
            .isEqualTo(CompressionCodecName.SNAPPY);
      }
    }
  }

  @Test
  void errorsNameTheFileRowIndexAndColumn() throws IOException {
    MessageType withoutRevenue =
        MessageTypeParser.parseMessageType(
            """
        message spark_schema {
          optional int32 date (DATE); optional binary campaign_id (STRING);
          optional int64 impressions; optional int64 clicks; optional int64 conversions; optional int64 spend;
        }""");
    byte[] missing =
        write(
            withoutRevenue,
            CompressionCodecName.SNAPPY,
            rows(1),
            (group, row) -> group.append("date", 1));
    assertThatThrownBy(() -> new ParquetTableCodec(MICROS).read("s3://b/t/part-0.parquet", missing))
        .isInstanceOf(TableFormatException.class)
        .hasMessage(
            "s3://b/t/part-0.parquet: field revenue: the file has no such column"
                + " (columns: [date, campaign_id, impressions, clicks, conversions, spend])");

    MessageType booleanClicks =
        MessageTypeParser.parseMessageType(
            SPARK_DECIMAL.toString().replace("int32 clicks", "boolean clicks"));
    byte[] wrongType =
        write(
            booleanClicks,
            CompressionCodecName.SNAPPY,
            rows(1),
            (group, row) -> group.append("clicks", true));
    assertThatThrownBy(() -> new ParquetTableCodec(CURRENCY).read("t.parquet", wrongType))
        .isInstanceOf(TableFormatException.class)
        .hasMessage(
            "t.parquet: field clicks: the column is 'optional boolean clicks',"
                + " not a number: int32, int64, decimal, double, float or string");

    MessageType strings =
        MessageTypeParser.parseMessageType(
            """
        message spark_schema {
          optional binary date (STRING); optional binary campaign_id (STRING);
          optional binary impressions (STRING); optional binary clicks (STRING); optional binary conversions (STRING);
          optional binary spend (STRING); optional binary revenue (STRING);
        }""");
    BiConsumer<Group, TableRow> asText =
        (group, row) -> {
          group
              .append("date", row.date().toString())
              .append("campaign_id", row.campaignId())
              .append("impressions", "1")
              .append("conversions", "0")
              .append("spend", "2.5")
              .append("revenue", row.campaignId().equals("cmp-0000") ? "0.0000001" : "1.5");
          if (!row.campaignId().equals("cmp-0001")) { // null: clicks of cmp-0001
            group.append("clicks", row.campaignId().equals("cmp-0002") ? "n/a" : "3");
          }
        };
    List<TableRow> four = rows(4);
    assertThatThrownBy(
            () ->
                new ParquetTableCodec(CURRENCY)
                    .read(
                        "t.parquet",
                        write(strings, CompressionCodecName.SNAPPY, List.of(four.get(0)), asText)))
        .hasMessage("t.parquet: row index 0: field revenue: not an amount in currency: 0.0000001");
    assertThatThrownBy(
            () ->
                new ParquetTableCodec(CURRENCY)
                    .read(
                        "t.parquet",
                        write(
                            strings,
                            CompressionCodecName.SNAPPY,
                            List.of(four.get(3), four.get(1)),
                            asText)))
        .hasMessage("t.parquet: row index 1: field clicks: missing");
    assertThatThrownBy(
            () ->
                new ParquetTableCodec(CURRENCY)
                    .read(
                        "t.parquet",
                        write(
                            strings,
                            CompressionCodecName.SNAPPY,
                            List.of(four.get(3), four.get(3), four.get(2)),
                            asText)))
        .hasMessage("t.parquet: row index 2: field clicks: not a whole number: n/a");

    byte[] truncated = Arrays.copyOf(new ParquetTableCodec(MICROS).write(rows(5)), 200);
    assertThatThrownBy(() -> new ParquetTableCodec(MICROS).read("cut.parquet", truncated))
        .isInstanceOf(TableFormatException.class)
        .hasMessageStartingWith(
            "cut.parquet: not a readable Parquet file: it (200 bytes) is not a Parquet file.");
  }

  @Test
  void theFormatOfAPartFileIsParquet() {
    assertThat(TableFormat.ofFileName("part-00000-9f1c2a.c000.snappy.parquet"))
        .contains(TableFormat.PARQUET);
  }

  /**
   * The campaigns of a day, cmp-0000 …: counts and money varied enough to fill dictionaries and
   * pages.
   */
  private static List<TableRow> rows(int campaigns) {
    List<TableRow> rows = new ArrayList<>();
    for (int i = 0; i < campaigns; i++) {
      rows.add(
          TableRow.daily(
              DAY,
              String.format("cmp-%04d", i),
              new CampaignTotals(
                  1_000L + i * 37L, i % 50, i % 7, i * 1_234_567L, i * 9_876_543L + 1)));
    }
    return rows;
  }

  /** The rows as the same table in CSV, read back by the CSV codec. */
  private static List<TableRow> asCsv(ColumnMapping columns, List<TableRow> rows) {
    TextTableCodec csv = new TextTableCodec(TableFormat.CSV, columns);
    return csv.read("t.csv", csv.write(rows));
  }

  private static byte[] write(
      MessageType schema,
      CompressionCodecName codec,
      List<TableRow> rows,
      BiConsumer<Group, TableRow> fill)
      throws IOException {
    ByteArrayOutputFile out = new ByteArrayOutputFile();
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ParquetTableCodec.writer(out, schema)
            .withCompressionCodec(codec)
            .withRowGroupSize(16 * 1024L)
            .withPageSize(4 * 1024)
            .build()) {
      for (TableRow row : rows) {
        Group group = groups.newGroup();
        fill.accept(group, row);
        writer.write(group);
      }
    }
    return out.toByteArray();
  }

  /** Big-endian two's complement in a fixed width, as decimal(28,6) is stored. */
  private static byte[] fixed(BigInteger value, int width) {
    byte[] minimal = value.toByteArray();
    byte[] bytes = new byte[width];
    Arrays.fill(bytes, 0, width - minimal.length, (byte) (value.signum() < 0 ? 0xff : 0));
    System.arraycopy(minimal, 0, bytes, width - minimal.length, minimal.length);
    return bytes;
  }
}
