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
import java.util.HashMap;
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
    public static final List<String> DIMENSIONS = List.of("segment", "region", "channel", "currency");
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
        PartTable parts = new PartTable(groupBy);
        Table months = snapshot.require(Tables.MRR_CUSTOMER_MONTH).data();
        StringColumn month = months.stringColumn("month");
        StringColumn customer = months.stringColumn("customer_id");
        LongColumn mrr = months.longColumn("mrr");
        LongColumn constant = months.longColumn("mrr_constant_currency");
        Map<String, Map<YearMonth, Long>> constantByCustomer = new HashMap<>();
        YearMonth last = null;
        for (int row = 0; row < months.rowCount(); row++) {
            YearMonth m = YearMonth.parse(month.get(row));
            last = last == null || m.isAfter(last) ? m : last;
            if (!constant.isMissing(row)) {
                constantByCustomer.computeIfAbsent(customer.get(row), c -> new HashMap<>()).put(m, constant.getLong(row));
            }
        }
        for (int row = 0; row < months.rowCount(); row++) {
            if (!Dimensions.matches(months, row, filters)) {
                continue;
            }
            YearMonth m = YearMonth.parse(month.get(row));
            List<String> group = Dimensions.key(months, row, groupBy);
            parts.add(group, m, "mrr", money(mrr, row));
            parts.add(group, m, "mrr_constant_currency", money(constant, row));
            boolean paying = !mrr.isMissing(row) && mrr.getLong(row) > 0;
            parts.add(group, m, "paying_customers", paying ? BigDecimal.ONE : BigDecimal.ZERO);
            // 12-month retention: this row is a base for month m + 12.
            YearMonth later = m.plusMonths(12);
            if (!constant.isMissing(row) && constant.getLong(row) > 0 && last != null && !later.isAfter(last)) {
                long base = constant.getLong(row);
                long now = constantByCustomer.getOrDefault(customer.get(row), Map.of()).getOrDefault(later, 0L);
                parts.add(group, later, "retention_base", cents(base));
                parts.add(group, later, "retention_current", cents(now));
                parts.add(group, later, "retention_gross", cents(Math.min(base, now)));
            }
        }
        Table movements = snapshot.require(Tables.MRR_MOVEMENTS).data();
        StringColumn movementMonth = movements.stringColumn("month");
        StringColumn kind = movements.stringColumn("movement");
        LongColumn amount = movements.longColumn("amount");
        for (int row = 0; row < movements.rowCount(); row++) {
            if (!Dimensions.matches(movements, row, filters)) {
                continue;
            }
            YearMonth m = YearMonth.parse(movementMonth.get(row));
            List<String> group = Dimensions.key(movements, row, groupBy);
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
