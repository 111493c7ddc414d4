package io.revlake.api.close;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.ColumnType;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed in a closed period since its close: for each gold table whose rows belong to a month, every row of the
 * period and the months before it is matched by key between the version the close froze and the version served now,
 * and every numeric figure that differs becomes one restatement row. A row's month is its {@code month} column, or
 * the month of its {@code as_of} date for tables of dated snapshots (AR aging, unapplied cash). Plain functions over
 * loaded tables: no I/O.
 */
public final class Restatements {
    /** Columns of a restatement row, in order (also the CSV header). */
    public static final List<String> COLUMNS = List.of("table", "month", "key", "metric", "value_at_close", "value_now",
            "difference", "change");
    /** Ratios are recomputed in floating point; smaller relative differences are rounding, not restatements. */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private Restatements() {
    }

    /**
     * The gold tables a restatement report compares: those with a {@code month} column (YYYY-MM; in the key or not,
     * as for billings and bookings, one row per invoice or booking) and those keyed by an {@code as_of} date.
     */
    public static List<TableDef> comparedTables() {
        return Tables.GOLD.stream().filter(t -> periodColumn(t) != null).toList();
    }

    /** The column that dates a row: {@code month}, else {@code as_of} when it is in the key, else null. */
    static String periodColumn(TableDef table) {
        if (table.column("month").isPresent()) {
            return "month";
        }
        return table.key().contains("as_of") ? "as_of" : null;
    }

    /** YYYY-MM of a period value: a month as it is, a date's month. */
    private static String monthOf(String period) {
        return period.length() > 7 ? period.substring(0, 7) : period;
    }

    /**
     * @param atClose the table at the close's version, or null when it did not exist then
     * @param now     the table as served now, or null when it does not exist now
     * @return restatement rows ({@link #COLUMNS}), by month, key and column order
     */
    public static List<Map<String, Object>> compare(TableDef table, LoadedTable atClose, LoadedTable now,
                                                    YearMonth period) {
        String last = period.toString();
        Map<List<String>, Integer> before = index(table, atClose, last);
        Map<List<String>, Integer> after = index(table, now, last);
        TreeSet<List<String>> keys = new TreeSet<>(Restatements::compareKeys);
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        List<Column> figures = table.columns().stream()
                .filter(c -> !table.key().contains(c.name()) && isNumeric(c.type())).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> key : keys) {
            Integer b = before.get(key);
            Integer a = after.get(key);
            String change = b == null ? "added" : a == null ? "removed" : "changed";
            for (Column c : figures) {
                Object old = b == null ? null : ColumnCodec.jsonValue(atClose.data(), c, b);
                Object current = a == null ? null : ColumnCodec.jsonValue(now.data(), c, a);
                if (same(old, current)) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("table", table.qualifiedName());
                row.put("month", monthOf(key.get(0)));
                row.put("key", describeKey(table, key));
                row.put("metric", c.name());
                row.put("value_at_close", old);
                row.put("value_now", current);
                row.put("difference", difference(old, current));
                row.put("change", change);
                rows.add(row);
            }
        }
        return rows;
    }

    /** Key (month first, then the other key columns) → row, for rows of months up to {@code last}. */
    private static Map<List<String>, Integer> index(TableDef table, LoadedTable loaded, String last) {
        Map<List<String>, Integer> index = new TreeMap<>(Restatements::compareKeys);
        if (loaded == null) {
            return index;
        }
        List<String> keyColumns = keyColumns(table);
        for (int r = 0; r < loaded.rowCount(); r++) {
            List<String> key = new ArrayList<>();
            for (String k : keyColumns) {
                Object v = ColumnCodec.jsonValue(loaded.data(), table.column(k).orElseThrow(), r);
                key.add(v == null ? "" : v.toString());
            }
            if (monthOf(key.get(0)).compareTo(last) <= 0) {
                index.put(List.copyOf(key), r);
            }
        }
        return index;
    }

    /** The period column, then the rest of the key. */
    private static List<String> keyColumns(TableDef table) {
        String period = periodColumn(table);
        List<String> columns = new ArrayList<>(List.of(period));
        table.key().stream().filter(k -> !k.equals(period)).forEach(columns::add);
        return columns;
    }

    /**
     * {@code customer_id=c-004;movement=expansion}, or {@code as_of=2024-03-31;invoice_id=in-7} for dated snapshots;
     * empty for tables keyed by month alone.
     */
    private static String describeKey(TableDef table, List<String> key) {
        List<String> columns = keyColumns(table);
        List<String> parts = new ArrayList<>();
        for (int i = "as_of".equals(columns.get(0)) ? 0 : 1; i < columns.size(); i++) {
            parts.add(columns.get(i) + "=" + key.get(i));
        }
        return String.join(";", parts);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static boolean isNumeric(ColumnType type) {
        return type == ColumnType.LONG || type == ColumnType.DOUBLE || type.isDecimal();
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Double x && b instanceof Double y) {
            double scale = Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
            return Math.abs(x - y) <= RELATIVE_TOLERANCE * scale;
        }
        return a.equals(b);
    }

    /** now − at close; a missing amount or count counts as zero, a missing ratio makes the difference null. */
    private static Object difference(Object old, Object current) {
        Object sample = old != null ? old : current;
        if (sample instanceof BigDecimal) {
            BigDecimal a = old == null ? BigDecimal.ZERO : (BigDecimal) old;
            BigDecimal b = current == null ? BigDecimal.ZERO : (BigDecimal) current;
            return b.subtract(a);
        }
        if (sample instanceof Long) {
            long a = old == null ? 0 : (Long) old;
            long b = current == null ? 0 : (Long) current;
            return b - a;
        }
        if (old instanceof Double a && current instanceof Double b) {
            return b - a; // a ratio that appears or disappears has no meaningful difference
        }
        return null;
    }
}
