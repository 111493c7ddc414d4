package io.revlake.api.metrics;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.catalog.Column;
import io.revlake.catalog.ColumnType;
import io.revlake.catalog.TableDef;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Parts from a gold table with a {@code month} column (YYYY-MM): every numeric column is a part of the same name,
 * summed over the rows of a month (and group). String columns listed as dimensions can group and filter.
 * Months without a row are unknown, not zero.
 */
public final class MonthTableSource implements PartSource {
    private final TableDef table;
    private final List<String> dimensions;

    public MonthTableSource(TableDef table, List<String> dimensions) {
        this.table = table;
        this.dimensions = List.copyOf(dimensions);
        if (table.column("month").isEmpty()) {
            throw new IllegalArgumentException(table.qualifiedName() + " has no month column");
        }
        for (String d : dimensions) {
            if (table.column(d).map(c -> c.type() != ColumnType.STRING).orElse(true)) {
                throw new IllegalArgumentException(table.qualifiedName() + " has no text column " + d);
            }
        }
    }

    @Override
    public List<TableDef> tables() {
        return List.of(table);
    }

    @Override
    public List<String> dimensions() {
        return dimensions;
    }

    @Override
    public boolean absentMeansZero() {
        return false;
    }

    @Override
    public PartTable compute(GoldSnapshot snapshot, List<String> groupBy, Map<String, Set<String>> filters) {
        Table data = snapshot.require(table).data();
        StringColumn months = data.stringColumn("month");
        List<Column> numeric = table.columns().stream()
                .filter(c -> c.type() != ColumnType.STRING && c.type() != ColumnType.DATE
                        && c.type() != ColumnType.TIMESTAMP && c.type() != ColumnType.BOOLEAN).toList();
        PartTable parts = new PartTable(groupBy);
        for (int row = 0; row < data.rowCount(); row++) {
            if (!Dimensions.matches(data, row, filters)) {
                continue;
            }
            YearMonth month = YearMonth.parse(months.get(row));
            List<String> group = Dimensions.key(data, row, groupBy);
            parts.add(group, month, "rows", BigDecimal.ONE);
            for (Column c : numeric) {
                parts.add(group, month, c.name(), value(data, c, row));
            }
        }
        return parts;
    }

    @Override
    public Map<String, SortedSet<String>> dimensionValues(GoldSnapshot snapshot) {
        Map<String, SortedSet<String>> values = new TreeMap<>();
        Table data = snapshot.require(table).data();
        for (String d : dimensions) {
            values.put(d, Dimensions.distinct(data, d, new TreeSet<>()));
        }
        return values;
    }

    static BigDecimal value(Table data, Column c, int row) {
        tech.tablesaw.columns.Column<?> column = data.column(c.name());
        if (column.isMissing(row)) {
            return null;
        }
        return switch (c.type()) {
            case LONG -> BigDecimal.valueOf(((LongColumn) column).getLong(row));
            case MONEY, AMOUNT, RATE -> ColumnCodec.decimal(((LongColumn) column).getLong(row), c.type());
            case DOUBLE -> {
                double d = ((DoubleColumn) column).getDouble(row);
                yield Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            }
            default -> null;
        };
    }

    /** Helpers over dimension columns. */
    static final class Dimensions {
        private Dimensions() {
        }

        static String value(Table data, String dimension, int row) {
            StringColumn c = data.stringColumn(dimension);
            return c.isMissing(row) ? null : c.get(row);
        }

        static boolean matches(Table data, int row, Map<String, Set<String>> filters) {
            for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
                String v = value(data, f.getKey(), row);
                if (!f.getValue().contains(v == null ? NONE : v)) {
                    return false;
                }
            }
            return true;
        }

        static List<String> key(Table data, int row, List<String> groupBy) {
            List<String> key = new ArrayList<>(groupBy.size());
            for (String d : groupBy) {
                key.add(value(data, d, row));
            }
            return key;
        }

        static SortedSet<String> distinct(Table data, String dimension, SortedSet<String> into) {
            for (int row = 0; row < data.rowCount(); row++) {
                String v = value(data, dimension, row);
                into.add(v == null ? NONE : v);
            }
            return into;
        }
    }
}
