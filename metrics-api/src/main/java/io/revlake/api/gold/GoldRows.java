package io.revlake.api.gold;

import io.revlake.catalog.Column;
import io.revlake.catalog.ColumnType;
import io.revlake.catalog.TableDef;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** Small helpers over loaded gold tables: row selection, JSON rows, exact money in unscaled cents. */
public final class GoldRows {
    private GoldRows() {
    }

    /** Indexes of the rows that pass. */
    public static List<Integer> where(Table data, IntPredicate test) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.rowCount(); i++) {
            if (test.test(i)) {
                rows.add(i);
            }
        }
        return rows;
    }

    /** Rows as JSON objects with the named catalog columns, in that order. */
    public static List<Map<String, Object>> rows(Table data, TableDef table, List<Integer> indexes,
                                                 List<String> columns) {
        List<Column> cols = columns.stream().map(n -> table.column(n).orElseThrow(() -> new IllegalStateException(
                table.qualifiedName() + " has no column " + n))).toList();
        List<tech.tablesaw.columns.Column<?>> held = cols.stream().<tech.tablesaw.columns.Column<?>>map(
                c -> data.column(c.name())).toList();
        List<Map<String, Object>> rows = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                row.put(cols.get(i).name(), ColumnCodec.jsonValue(held.get(i), cols.get(i), index));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Every catalog column. */
    public static List<Map<String, Object>> rows(Table data, TableDef table, List<Integer> indexes) {
        return rows(data, table, indexes, table.columnNames());
    }

    /** Unscaled cents of a MONEY cell; a missing cell counts 0. */
    public static long cents(LongColumn column, int row) {
        return column.isMissing(row) ? 0 : column.getLong(row);
    }

    public static BigDecimal money(long cents) {
        return ColumnCodec.decimal(cents, ColumnType.MONEY);
    }

    /** The exact decimal of a RATE cell. */
    public static BigDecimal rate(LongColumn column, int row) {
        return ColumnCodec.decimal(column.getLong(row), ColumnType.RATE);
    }

    /** amount (cents) × rate, rounded half up to the cent: how the transform converts a row. */
    public static long convert(long cents, BigDecimal rate) {
        return BigDecimal.valueOf(cents).multiply(rate).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** YYYY-MM text inside [from, to] (either end open). YYYY-MM sorts chronologically as text. */
    public static boolean inRange(String month, Optional<YearMonth> from, Optional<YearMonth> to) {
        return (from.isEmpty() || month.compareTo(from.get().toString()) >= 0)
                && (to.isEmpty() || month.compareTo(to.get().toString()) <= 0);
    }
}
