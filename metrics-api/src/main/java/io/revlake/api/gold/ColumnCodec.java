package io.revlake.api.gold;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.revlake.catalog.Column;
import io.revlake.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;

/**
 * How a catalog column is held in memory and written to JSON.
 *
 * <p>Tablesaw has no decimal column, so decimal catalog types (MONEY, AMOUNT, RATE) are held as a
 * {@link LongColumn} of the <em>unscaled</em> value at the catalog's scale: MONEY 1234.50 is held as
 * 123450 (cents), a RATE 1.0834567891 as 10834567891. That keeps every stored digit (no binary
 * floating point anywhere between the Delta file and the JSON) and sums stay exact. Reading a value
 * that does not fit (more decimals than the catalog's scale, or beyond a long) fails the load with a
 * message naming the column and value, rather than rounding silently.
 *
 * <p>Other types map one to one: STRING → StringColumn, DATE → DateColumn, TIMESTAMP → InstantColumn,
 * LONG → LongColumn, BOOLEAN → BooleanColumn, DOUBLE → DoubleColumn (ratios, where exactness is not a
 * contract). Missing values use Tablesaw's missing markers and are written to JSON as {@code null}.
 */
public final class ColumnCodec {
    private ColumnCodec() {
    }

    /** An empty Tablesaw column for a catalog column, named like it. */
    public static tech.tablesaw.columns.Column<?> emptyColumn(Column column) {
        String name = column.name();
        return switch (column.type()) {
            case STRING -> StringColumn.create(name);
            case DATE -> DateColumn.create(name);
            case TIMESTAMP -> InstantColumn.create(name);
            case LONG, MONEY, AMOUNT, RATE -> LongColumn.create(name);
            case BOOLEAN -> BooleanColumn.create(name);
            case DOUBLE -> DoubleColumn.create(name);
        };
    }

    /**
     * Whether a Delta column of {@code deltaType} can be read into a catalog column without losing
     * anything. Decimals must not carry more decimals than the catalog's scale; integers may be narrower.
     */
    public static boolean isReadable(DataType deltaType, ColumnType catalogType) {
        return switch (catalogType) {
            case STRING -> deltaType instanceof StringType;
            case DATE -> deltaType instanceof DateType;
            case TIMESTAMP -> deltaType instanceof TimestampType || deltaType instanceof TimestampNTZType;
            case LONG -> deltaType instanceof LongType || deltaType instanceof IntegerType
                    || deltaType instanceof ShortType || deltaType instanceof ByteType;
            case BOOLEAN -> deltaType instanceof BooleanType;
            case DOUBLE -> deltaType instanceof DoubleType || deltaType instanceof FloatType;
            case MONEY, AMOUNT, RATE -> deltaType instanceof DecimalType d && d.getScale() <= catalogType.scale();
        };
    }

    /** Catalog type as it would be spelled in a Delta schema, for messages. */
    public static String describe(ColumnType type) {
        return type.isDecimal() ? "decimal(" + type.precision() + "," + type.scale() + ")"
                : type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Appends row {@code row} of a Kernel vector to a Tablesaw column made by {@link #emptyColumn}.
     *
     * @throws ArithmeticException when a decimal does not fit the catalog's scale or a long
     */
    public static void append(tech.tablesaw.columns.Column<?> target, Column column, ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            target.appendMissing();
            return;
        }
        DataType type = vector.getDataType();
        switch (column.type()) {
            case STRING -> ((StringColumn) target).append(vector.getString(row));
            case DATE -> ((DateColumn) target).append(LocalDate.ofEpochDay(vector.getInt(row)));
            case TIMESTAMP -> {
                long micros = vector.getLong(row); // Delta timestamps are microseconds since the epoch
                ((InstantColumn) target).append(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
            }
            case LONG -> ((LongColumn) target).append(integral(vector, type, row));
            case BOOLEAN -> ((BooleanColumn) target).append(vector.getBoolean(row));
            case DOUBLE -> ((DoubleColumn) target).append(
                    type instanceof FloatType ? vector.getFloat(row) : vector.getDouble(row));
            case MONEY, AMOUNT, RATE -> ((LongColumn) target).append(unscaled(vector.getDecimal(row), column.type()));
        }
    }

    /**
     * The unscaled long of a decimal at the catalog type's scale; exact or an exception. {@link Long#MIN_VALUE}
     * is refused too: it is Tablesaw's "missing" marker, so holding it would turn a number into null.
     * For MONEY that bounds amounts to ±92,233,720,368,547,758.07.
     */
    public static long unscaled(BigDecimal value, ColumnType type) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.scale(), java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(value.toPlainString() + " has more than " + type.scale() + " decimals");
        }
        long unscaled;
        try {
            unscaled = scaled.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            unscaled = Long.MIN_VALUE;
        }
        if (unscaled == Long.MIN_VALUE) {
            throw new ArithmeticException(value.toPlainString() + " is beyond the ±"
                    + BigDecimal.valueOf(Long.MAX_VALUE, type.scale()).toPlainString() + " the server holds exactly");
        }
        return unscaled;
    }

    /** The decimal a held unscaled value stands for, with the catalog's scale (e.g. 1234.50). */
    public static BigDecimal decimal(long unscaled, ColumnType type) {
        return BigDecimal.valueOf(unscaled, type.scale());
    }

    /**
     * The JSON value of one cell: {@link BigDecimal} for decimals (exact digits), {@link Long},
     * {@link Double}, {@link Boolean}, ISO-8601 text for dates and instants, or {@code null} when missing.
     */
    public static Object jsonValue(tech.tablesaw.api.Table table, Column column, int row) {
        return jsonValue(table.column(column.name()), column, row);
    }

    /** As {@link #jsonValue(tech.tablesaw.api.Table, Column, int)}, with the Tablesaw column already looked up. */
    public static Object jsonValue(tech.tablesaw.columns.Column<?> c, Column column, int row) {
        if (c.isMissing(row)) {
            return null;
        }
        return switch (column.type()) {
            case STRING -> ((StringColumn) c).get(row);
            case DATE -> ((DateColumn) c).get(row).toString();
            case TIMESTAMP -> ((InstantColumn) c).get(row).toString();
            case LONG -> ((LongColumn) c).getLong(row);
            case BOOLEAN -> ((BooleanColumn) c).get(row);
            case DOUBLE -> {
                double d = ((DoubleColumn) c).getDouble(row);
                yield Double.isFinite(d) ? d : null;
            }
            case MONEY, AMOUNT, RATE -> decimal(((LongColumn) c).getLong(row), column.type());
        };
    }

    private static long integral(ColumnVector vector, DataType type, int row) {
        if (type instanceof LongType) {
            return vector.getLong(row);
        }
        if (type instanceof IntegerType) {
            return vector.getInt(row);
        }
        if (type instanceof ShortType) {
            return vector.getShort(row);
        }
        return vector.getByte(row);
    }
}
