package io.revlake.api.metrics;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.metrics.MonthTableSource.Dimensions;
import io.revlake.catalog.ColumnType;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Customer-level parts for grouped or filtered series, from {@code gold.mrr_customer_month} and
 * {@code gold.mrr_movements}; each row is grouped by the dimension values it carries. Parts per group and month:
 * {@code mrr}, {@code mrr_constant_currency}, {@code paying_customers} (rows with MRR &gt; 0), one part per movement
 * ({@code new} … {@code fx}, signed sums), {@code new_customers} and {@code churned_customers} (rows of those
 * movements), and {@code nrr_12m}/{@code grr_12m}: over the customers of the group paying at month − 12 (grouped by
 * their dimensions then), their constant-currency MRR now ÷ then (capped at then for GRR).
 * A month in which a group has no row has zero MRR and no movements.
 */
public final class CustomerSource implements PartSource {
    public static final List<String> DIMENSIONS = Tables.MRR_DIMENSIONS;
    private static final List<String> MOVEMENTS = List.of("new", "reactivation", "expansion", "contraction", "churn", "fx");

    @Override
    public List<TableDef> tables() {
        return List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS);
    }

    @Override
    public List<String> dimensions() {
        return DIMENSIONS;
    }

    @Override
    public boolean absentMeansZero() {
        return true;
    }

    @Override
    public PartTable compute(GoldSnapshot snapshot, List<String> groupBy, Map<String, Set<String>> filters) {
        // Runs over every customer-month (1.5M rows at 100k customers × 60 months) when a snapshot is swapped in, so
        // the per-row work is kept to array reads: month strings parsed once, columns looked up once, sums in cents.
        PartTable parts = new PartTable(groupBy);
        Map<String, YearMonth> parsed = new HashMap<>();
        Table months = snapshot.require(Tables.MRR_CUSTOMER_MONTH).data();
        StringColumn month = months.stringColumn("month");
        StringColumn customer = months.stringColumn("customer_id");
        LongColumn mrr = months.longColumn("mrr");
        LongColumn constant = months.longColumn("mrr_constant_currency");
        Map<String, Map<YearMonth, Long>> constantByCustomer = new HashMap<>();
        YearMonth last = null;
        for (int row = 0; row < months.rowCount(); row++) {
            YearMonth m = parsed.computeIfAbsent(month.get(row), YearMonth::parse);
            last = last == null || m.isAfter(last) ? m : last;
            if (!constant.isMissing(row)) {
                constantByCustomer.computeIfAbsent(customer.get(row), c -> new HashMap<>()).put(m, constant.getLong(row));
            }
        }
        Rows monthRows = new Rows(months, groupBy, filters);
        Map<List<String>, Map<YearMonth, long[]>> sums = new LinkedHashMap<>();   // first-seen group order, as parts
        for (int row = 0; row < months.rowCount(); row++) {
            if (!monthRows.matches(row)) {
                continue;
            }
            YearMonth m = parsed.get(month.get(row));
            Map<YearMonth, long[]> group = sums.computeIfAbsent(monthRows.key(row), g -> new HashMap<>());
            long[] cell = group.computeIfAbsent(m, x -> new long[CELL]);
            add(cell, MRR, mrr, row);
            add(cell, CONSTANT, constant, row);
            boolean paying = !mrr.isMissing(row) && mrr.getLong(row) > 0;
            cell[PAYING] += paying ? 1 : 0;
            cell[PAYING + HAS] = 1;
            // 12-month retention: this row is a base for month m + 12.
            YearMonth later = m.plusMonths(12);
            if (!constant.isMissing(row) && constant.getLong(row) > 0 && last != null && !later.isAfter(last)) {
                long base = constant.getLong(row);
                long now = constantByCustomer.getOrDefault(customer.get(row), Map.of()).getOrDefault(later, 0L);
                long[] then = group.computeIfAbsent(later, x -> new long[CELL]);
                then[RETENTION_BASE] += base;
                then[RETENTION_CURRENT] += now;
                then[RETENTION_GROSS] += Math.min(base, now);
                then[RETENTION_BASE + HAS] = then[RETENTION_CURRENT + HAS] = then[RETENTION_GROSS + HAS] = 1;
            }
        }
        sums.forEach((group, byMonth) -> byMonth.forEach((m, cell) -> {
            parts.add(group, m, "mrr", cell[MRR + HAS] == 0 ? null : cents(cell[MRR]));
            parts.add(group, m, "mrr_constant_currency", cell[CONSTANT + HAS] == 0 ? null : cents(cell[CONSTANT]));
            if (cell[PAYING + HAS] != 0) {
                parts.add(group, m, "paying_customers", BigDecimal.valueOf(cell[PAYING]));
            }
            if (cell[RETENTION_BASE + HAS] != 0) {
                parts.add(group, m, "retention_base", cents(cell[RETENTION_BASE]));
                parts.add(group, m, "retention_current", cents(cell[RETENTION_CURRENT]));
                parts.add(group, m, "retention_gross", cents(cell[RETENTION_GROSS]));
            }
        }));
        Table movements = snapshot.require(Tables.MRR_MOVEMENTS).data();
        StringColumn movementMonth = movements.stringColumn("month");
        StringColumn kind = movements.stringColumn("movement");
        LongColumn amount = movements.longColumn("amount");
        Rows movementRows = new Rows(movements, groupBy, filters);
        for (int row = 0; row < movements.rowCount(); row++) {
            if (!movementRows.matches(row)) {
                continue;
            }
            YearMonth m = parsed.computeIfAbsent(movementMonth.get(row), YearMonth::parse);
            List<String> group = movementRows.key(row);
            String k = kind.get(row);
            parts.add(group, m, k, money(amount, row));
            if (k.equals("new")) {
                parts.add(group, m, "new_customers", BigDecimal.ONE);
            } else if (k.equals("churn")) {
                parts.add(group, m, "churned_customers", BigDecimal.ONE);
            }
        }
        for (Map.Entry<List<String>, TreeMap<YearMonth, Map<String, BigDecimal>>> g : parts.groups().entrySet()) {
            for (Map.Entry<YearMonth, Map<String, BigDecimal>> e : g.getValue().entrySet()) {
                Map<String, BigDecimal> cells = e.getValue();
                BigDecimal base = cells.get("retention_base");
                if (base != null && base.signum() > 0) {
                    cells.put("nrr_12m", cells.get("retention_current").divide(base, MathContext.DECIMAL128));
                    cells.put("grr_12m", cells.get("retention_gross").divide(base, MathContext.DECIMAL128));
                }
            }
        }
        return parts;
    }

    // A customer-month cell's sums in cents (or a count), and at i + HAS whether any non-missing value was added.
    private static final int MRR = 0;
    private static final int CONSTANT = 1;
    private static final int PAYING = 2;
    private static final int RETENTION_BASE = 3;
    private static final int RETENTION_CURRENT = 4;
    private static final int RETENTION_GROSS = 5;
    private static final int HAS = 6;
    private static final int CELL = 2 * HAS;

    private static void add(long[] cell, int part, LongColumn column, int row) {
        if (!column.isMissing(row)) {
            cell[part] += column.getLong(row);
            cell[part + HAS] = 1;
        }
    }

    /** A table's group-by and filter columns, looked up once instead of by name on every row. */
    private static final class Rows {
        private final StringColumn[] groupColumns;
        private final StringColumn[] filterColumns;
        private final List<Set<String>> accepted = new ArrayList<>();

        Rows(Table data, List<String> groupBy, Map<String, Set<String>> filters) {
            groupColumns = groupBy.stream().map(data::stringColumn).toArray(StringColumn[]::new);
            filterColumns = new StringColumn[filters.size()];
            int i = 0;
            for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
                filterColumns[i++] = data.stringColumn(f.getKey());
                accepted.add(f.getValue());
            }
        }

        /** The same test as {@code Dimensions.matches}: a missing value is {@code NONE}. */
        boolean matches(int row) {
            for (int i = 0; i < filterColumns.length; i++) {
                String v = filterColumns[i].isMissing(row) ? null : filterColumns[i].get(row);
                if (!accepted.get(i).contains(v == null ? PartSource.NONE : v)) {
                    return false;
                }
            }
            return true;
        }

        List<String> key(int row) {
            List<String> key = new ArrayList<>(groupColumns.length);
            for (StringColumn c : groupColumns) {
                key.add(c.isMissing(row) ? null : c.get(row));
            }
            return key;
        }
    }

    /** Parts a month has when nothing happened in it (see {@link PartSource#absentMeansZero()}). */
    static final List<String> ZERO_PARTS = List.of("mrr", "mrr_constant_currency", "paying_customers", "new",
            "reactivation", "expansion", "contraction", "churn", "fx", "new_customers", "churned_customers");

    @Override
    public Map<String, SortedSet<String>> dimensionValues(GoldSnapshot snapshot) {
        Map<String, SortedSet<String>> values = new TreeMap<>();
        Table months = snapshot.require(Tables.MRR_CUSTOMER_MONTH).data();
        Table movements = snapshot.require(Tables.MRR_MOVEMENTS).data();
        for (String d : DIMENSIONS) {
            SortedSet<String> set = new TreeSet<>();
            Dimensions.distinct(months, d, set);
            Dimensions.distinct(movements, d, set);
            values.put(d, set);
        }
        return values;
    }

    private static BigDecimal money(LongColumn column, int row) {
        return column.isMissing(row) ? null : ColumnCodec.decimal(column.getLong(row), ColumnType.MONEY);
    }

    private static BigDecimal cents(long unscaled) {
        return ColumnCodec.decimal(unscaled, ColumnType.MONEY);
    }

    static List<String> movements() {
        return MOVEMENTS;
    }
}
