package io.adstream.reconcile.parquet;

import io.adstream.reconcile.ColumnMapping;
import io.adstream.reconcile.Metric;
import io.adstream.reconcile.TableCodec;
import io.adstream.reconcile.TableFormatException;
import io.adstream.reconcile.TableRow;
import io.adstream.reconcile.TableRowParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Reads and writes the batch table in Apache Parquet, as Glue and Spark write it: any codec
 * parquet-java reads (snappy by default), dates as {@code date}, string or timestamp, counts as
 * int32/int64, money as int64, double or decimal. Typed values become the same text a CSV cell
 * holds and go through {@link TableRowParser}, so the column mapping and the money unit apply as
 * they do to CSV: a decimal is read exactly, a double through its shortest decimal representation
 * (12.34, never 12.339999999999999857891452847979962825775146484375); a double amount within
 * floating-point error of a micro (a job's {@code sum} of doubles: 0.30000000000000004) is that
 * micro, one with real digits below the micro is an error, as in CSV. Errors name the file, the row
 * index (0-based, across row groups) and the column.
 *
 * <p>Writes what Spark writes for the table: snappy, a {@code spark_schema} message of optional
 * columns, the date as {@code date}, counts as int64, money as int64 micros or, in currency units,
 * {@code decimal(18,6)}.
 */
public final class ParquetTableCodec implements TableCodec {
  /** The largest amount decimal(18,6) holds, in micros. */
  private static final long MAX_DECIMAL_MICROS = 999_999_999_999_999_999L;

  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588;

  /**
   * How far a double sum may stray from the amount it means: far more than summing errs, far less
   * than a micro.
   */
  private static final double RELATIVE_FLOAT_ERROR = 1e-12;

  private static final double ABSOLUTE_FLOAT_ERROR = 1e-9;

  static final ParquetReadOptions READ_OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration())
          .withCodecFactory(ParquetCodecs.INSTANCE)
          .build();

  private final ColumnMapping columns;
  private final TableRowParser parser;

  public ParquetTableCodec(ColumnMapping columns) {
    this.columns = columns;
    this.parser = new TableRowParser(columns);
  }

  @Override
  public List<TableRow> read(String file, byte[] bytes) {
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(new ByteArrayInputFile(bytes), READ_OPTIONS);
    } catch (IOException | RuntimeException e) {
      throw new TableFormatException(file, "", "not a readable Parquet file: " + e.getMessage());
    }
    try (reader) {
      MessageType schema = reader.getFileMetaData().getSchema();
      Map<String, Function<Group, String>> cells = new HashMap<>();
      List<Type> projected = new ArrayList<>();
      for (String column : columns.header()) {
        if (!schema.containsField(column)) {
          throw new TableFormatException(
              file,
              column,
              "the file has no such column (columns: "
                  + schema.getFields().stream().map(Type::getName).toList()
                  + ")");
        }
        Type type = schema.getType(column);
        cells.put(
            column, cell(file, column, role(column), type, projected.size(), columns.moneyUnit()));
        projected.add(type);
      }
      MessageType projection = new MessageType(schema.getName(), projected);
      reader.setRequestedSchema(projection);
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
      List<TableRow> rows = new ArrayList<>();
      long index = 0;
      int rowGroup = 0;
      PageReadStore pages;
      while ((pages = readRowGroup(file, reader, rowGroup)) != null) {
        RecordReader<Group> records =
            io.getRecordReader(pages, new GroupRecordConverter(projection));
        for (long i = 0; i < pages.getRowCount(); i++, index++) {
          long row = index;
          Group group;
          try {
            group = records.read();
          } catch (RuntimeException e) {
            throw new TableFormatException(
                file + ": row index " + row, "", "cannot be decoded: " + e.getMessage());
          }
          rows.add(
              parser.parse(
                  () -> file + ": row index " + row, column -> cells.get(column).apply(group)));
        }
        rowGroup++;
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static PageReadStore readRowGroup(String file, ParquetFileReader reader, int rowGroup) {
    try {
      return reader.readNextRowGroup();
    } catch (IOException | RuntimeException e) {
      throw new TableFormatException(
          file + ": row group " + rowGroup, "", "cannot be read: " + e.getMessage());
    }
  }

  /** What a column of the table holds, which decides the Parquet types it may have. */
  private enum Role {
    DATE("a date: date, string, timestamp or int96"),
    TEXT("text: string or an integer"),
    NUMBER("a number: int32, int64, decimal, double, float or string"),
    MONEY(NUMBER.accepts);

    final String accepts;

    Role(String accepts) {
      this.accepts = accepts;
    }
  }

  private Role role(String column) {
    if (column.equals(columns.date())) {
      return Role.DATE;
    }
    if (column.equals(columns.campaignId())) {
      return Role.TEXT;
    }
    return column.equals(columns.spend()) || column.equals(columns.revenue())
        ? Role.MONEY
        : Role.NUMBER;
  }

  /**
   * The text of a column's value in a row, null when the value is null.
   *
   * @throws TableFormatException when the column's type cannot hold what the column means
   */
  private static Function<Group, String> cell(
      String file, String column, Role role, Type type, int field, ColumnMapping.MoneyUnit unit) {
    Function<Group, String> value =
        type.isPrimitive() && type.getRepetition() != Type.Repetition.REPEATED
            ? value(
                role,
                type.asPrimitiveType(),
                field,
                unit == ColumnMapping.MoneyUnit.CURRENCY ? 6 : 0)
            : null;
    if (value == null) {
      throw new TableFormatException(
          file, column, "the column is '" + type.toString().strip() + "', not " + role.accepts);
    }
    return group -> group.getFieldRepetitionCount(field) == 0 ? null : value.apply(group);
  }

  /**
   * @param moneyScale the decimals of a micro in the money unit
   */
  private static Function<Group, String> value(
      Role role, PrimitiveType type, int field, int moneyScale) {
    boolean number = role == Role.NUMBER || role == Role.MONEY;
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      int scale = decimal.getScale();
      return !number
          ? null
          : switch (physical) {
            case INT32 -> g -> BigDecimal.valueOf(g.getInteger(field, 0), scale).toPlainString();
            case INT64 -> g -> BigDecimal.valueOf(g.getLong(field, 0), scale).toPlainString();
            case BINARY, FIXED_LEN_BYTE_ARRAY ->
                g ->
                    new BigDecimal(new BigInteger(g.getBinary(field, 0).getBytes()), scale)
                        .toPlainString();
            default -> null;
          };
    }
    boolean integer = logical == null || logical instanceof IntLogicalTypeAnnotation;
    boolean unsigned = logical instanceof IntLogicalTypeAnnotation i && !i.isSigned();
    boolean text =
        logical == null
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
    return switch (physical) {
      case INT32 ->
          logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? role == Role.DATE
                  ? g -> LocalDate.ofEpochDay(g.getInteger(field, 0)).toString()
                  : null
              : integer && role != Role.DATE
                  ? g ->
                      unsigned
                          ? Integer.toUnsignedString(g.getInteger(field, 0))
                          : Integer.toString(g.getInteger(field, 0))
                  : null;
      case INT64 ->
          logical instanceof TimestampLogicalTypeAnnotation timestamp
              ? role == Role.DATE ? g -> utc(timestamp.getUnit(), g.getLong(field, 0)) : null
              : integer && role != Role.DATE
                  ? g ->
                      unsigned
                          ? Long.toUnsignedString(g.getLong(field, 0))
                          : Long.toString(g.getLong(field, 0))
                  : null;
      case INT96 -> role == Role.DATE ? g -> int96Date(g.getInt96(field, 0).getBytes()) : null;
      case DOUBLE ->
          role == Role.MONEY
              ? g -> amountText(g.getDouble(field, 0), moneyScale)
              : number ? g -> decimalText(g.getDouble(field, 0)) : null;
      case FLOAT -> number ? g -> decimalText(g.getFloat(field, 0)) : null;
      case BINARY -> text ? g -> g.getBinary(field, 0).toStringUsingUTF8() : null;
      case BOOLEAN, FIXED_LEN_BYTE_ARRAY -> null;
    };
  }

  /** The shortest decimal that reads back as the double: what the job that wrote it meant. */
  private static String decimalText(double value) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).toPlainString()
        : Double.toString(value);
  }

  /** The amount, as the nearest micro when it is within floating-point error of one. */
  private static String amountText(double value, int scale) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal exact = BigDecimal.valueOf(value);
    BigDecimal micros = exact.setScale(scale, RoundingMode.HALF_EVEN);
    double error = Math.abs(value) * RELATIVE_FLOAT_ERROR + ABSOLUTE_FLOAT_ERROR;
    return micros.subtract(exact).abs().doubleValue() <= error
        ? micros.toPlainString()
        : exact.toPlainString();
  }

  private static String decimalText(float value) {
    return Float.isFinite(value)
        ? new BigDecimal(Float.toString(value)).toPlainString()
        : Float.toString(value);
  }

  private static String utc(LogicalTypeAnnotation.TimeUnit unit, long value) {
    Instant instant =
        switch (unit) {
          case MILLIS -> Instant.ofEpochMilli(value);
          case MICROS ->
              Instant.EPOCH
                  .plusNanos(Math.multiplyExact(Math.floorMod(value, 1_000_000L), 1_000L))
                  .plusSeconds(Math.floorDiv(value, 1_000_000L));
          case NANOS ->
              Instant.EPOCH
                  .plusSeconds(Math.floorDiv(value, 1_000_000_000L))
                  .plusNanos(Math.floorMod(value, 1_000_000_000L));
        };
    return instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
  }

  /** Spark's legacy timestamps: nanoseconds of the day, then the Julian day, little-endian. */
  private static String int96Date(byte[] bytes) {
    int julianDay = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    return LocalDate.ofEpochDay(julianDay - JULIAN_DAY_OF_EPOCH).toString();
  }

  /**
   * A writer of the schema's rows, snappy-compressed as Spark's, with no Hadoop configuration or
   * codec.
   */
  static ExampleParquetWriter.Builder writer(OutputFile out, MessageType type) {
    return ExampleParquetWriter.builder(out)
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .withType(type)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
  }

  @Override
  public byte[] write(List<TableRow> rows) {
    boolean currency = columns.moneyUnit() == ColumnMapping.MoneyUnit.CURRENCY;
    Types.MessageTypeBuilder schema = Types.buildMessage();
    schema
        .optional(PrimitiveTypeName.INT32)
        .as(LogicalTypeAnnotation.dateType())
        .named(columns.date());
    columns.hour().ifPresent(hour -> schema.optional(PrimitiveTypeName.INT32).named(hour));
    schema
        .optional(PrimitiveTypeName.BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named(columns.campaignId());
    for (Metric metric : Metric.values()) {
      var column = schema.optional(PrimitiveTypeName.INT64);
      if (metric.money() && currency) {
        column.as(LogicalTypeAnnotation.decimalType(6, 18));
      }
      column.named(columns.column(metric));
    }
    MessageType type = schema.named("spark_schema");
    List<TableRow> ordered = TableCodec.inTableOrder(rows, columns);
    ByteArrayOutputFile out = new ByteArrayOutputFile();
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer = writer(out, type).build()) {
      for (TableRow row : ordered) {
        Group group = groups.newGroup().append(columns.date(), (int) row.date().toEpochDay());
        columns.hour().ifPresent(hour -> group.append(hour, row.hour().getAsInt()));
        group.append(columns.campaignId(), row.campaignId());
        for (Metric metric : Metric.values()) {
          long value = row.totals().get(metric);
          if (metric.money() && currency && Math.abs(value) > MAX_DECIMAL_MICROS) {
            throw new IllegalArgumentException(
                metric.key() + " of " + row.campaignId() + " does not fit decimal(18,6): " + value);
          }
          group.append(columns.column(metric), value);
        }
        writer.write(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
