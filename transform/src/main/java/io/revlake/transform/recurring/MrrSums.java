package io.revlake.transform.recurring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSchemas;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/**
 * The sums over customers that every MRR aggregate is made of: per dimension value and month, the MRR, movement and
 * 12-month retention sums behind mrr_summary and mrr_dimension_month ({@link Tables#MRR_MONTH_SUMS}), and the cohort
 * cells behind the cohort matrices ({@link Tables#MRR_COHORT_SUMS}), each with the number of fact rows summed.
 *
 * <p>Each customer adds its own share to them, computed from its facts and dimensions alone, and sums of decimals are
 * exact: so sums kept from a previous run, minus the touched customers' old shares, plus their new ones, are the sums a
 * full run computes ({@link #minus}, {@link #plus}). A group whose count drops to zero is gone, as it would be had its
 * last row never existed. Rows are positional, in the tables' column order.
 */
record MrrSums(List<Row> month, List<Row> cohort) {
    private static final int MONTH_KEY = 5;   // dimension, value, month, kind, movement
    private static final int COHORT_KEY = 4;  // split, cohort_month, value, months_since_start

    /** The group of {@link #monthTotals} that holds every customer. */
    static final List<String> COMPANY = List.of("all", "all");

    MrrSums {
        month = List.copyOf(month);
        cohort = List.copyOf(cohort);
    }

    /**
     * The sums of the given facts ({@link RecurringJob#FACT_SCHEMA}), with the customers' current dimensions
     * (customer_id, segment, channel, customer_currency) for the billing-currency groups and the cohort splits.
     */
    static MrrSums of(Dataset<Row> facts, Dataset<Row> dims) {
        return new MrrSums(shaped(monthSums(facts, dims), Tables.MRR_MONTH_SUMS).collectAsList(),
                shaped(cohortSums(facts, dims), Tables.MRR_COHORT_SUMS).collectAsList());
    }

    MrrSums plus(MrrSums other) {
        return new MrrSums(combine(month, other.month, MONTH_KEY, 1), combine(cohort, other.cohort, COHORT_KEY, 1));
    }

    MrrSums minus(MrrSums other) {
        return new MrrSums(combine(month, other.month, MONTH_KEY, -1), combine(cohort, other.cohort, COHORT_KEY, -1));
    }

    /**
     * Adds {@code sign} × each row of {@code b} to the row of {@code a} with the same key; the first measure is the
     * fact count, and a row whose count ends at zero is dropped. A null measure adds nothing (a kind's measures are
     * either always set or never).
     */
    static List<Row> combine(List<Row> a, List<Row> b, int keyWidth, int sign) {
        Map<List<Object>, Object[]> byKey = new HashMap<>();
        for (Row r : a) {
            add(byKey, r, keyWidth, 1);
        }
        for (Row r : b) {
            add(byKey, r, keyWidth, sign);
        }
        List<Row> out = new ArrayList<>();
        byKey.forEach((key, measures) -> {
            if ((Long) measures[0] != 0) {
                List<Object> values = new ArrayList<>(key);
                values.addAll(java.util.Arrays.asList(measures));
                out.add(RowFactory.create(values.toArray()));
            }
        });
        out.sort(Comparator.comparing(Row::toString));  // a stable order for the stored table
        return out;
    }

    private static void add(Map<List<Object>, Object[]> byKey, Row r, int keyWidth, int sign) {
        List<Object> key = new ArrayList<>(keyWidth);
        for (int i = 0; i < keyWidth; i++) {
            key.add(r.get(i));
        }
        Object[] m = byKey.computeIfAbsent(java.util.Collections.unmodifiableList(key),
                k -> new Object[r.length() - keyWidth]);
        for (int i = 0; i < m.length; i++) {
            Object v = r.get(keyWidth + i);
            if (v == null) {
                continue;
            }
            if (v instanceof Long n) {
                m[i] = (m[i] == null ? 0L : (Long) m[i]) + sign * n;
            } else {
                BigDecimal d = sign < 0 ? ((BigDecimal) v).negate() : (BigDecimal) v;
                m[i] = m[i] == null ? d : ((BigDecimal) m[i]).add(d);
            }
        }
    }

    /** Month totals per group: (dimension, value) → totals by month, the company under {@link #COMPANY}. */
    Map<List<String>, List<MonthTotals>> monthTotals() {
        Map<List<String>, Map<YearMonth, Row>> mrr = new HashMap<>();
        Map<List<String>, Map<YearMonth, Map<Movement, BigDecimal>>> moves = new HashMap<>();
        Map<List<String>, Map<YearMonth, long[]>> logos = new HashMap<>();
        Map<List<String>, Map<YearMonth, Row>> retention = new HashMap<>();
        for (Row r : month) {
            List<String> k = List.of(r.getString(0), r.getString(1));
            YearMonth m = YearMonth.parse(r.getString(2));
            switch (r.getString(3)) {
                case "mrr" -> mrr.computeIfAbsent(k, x -> new HashMap<>()).put(m, r);
                case "retention12" -> retention.computeIfAbsent(k, x -> new HashMap<>()).put(m, r);
                case "movement" -> {
                    Movement mv = Movement.valueOf(r.getString(4).toUpperCase(Locale.ROOT));
                    moves.computeIfAbsent(k, x -> new HashMap<>()).computeIfAbsent(m, x -> new EnumMap<>(Movement.class))
                            .put(mv, r.getDecimal(9));
                    long[] l = logos.computeIfAbsent(k, x -> new HashMap<>()).computeIfAbsent(m, x -> new long[2]);
                    if (mv == Movement.NEW) {
                        l[0] = r.getLong(5);
                    } else if (mv == Movement.CHURN) {
                        l[1] = r.getLong(5);
                    }
                }
                default -> throw new IllegalStateException("unknown fact kind in MRR sums: " + r.getString(3));
            }
        }
        Set<List<String>> groups = new HashSet<>(mrr.keySet());
        groups.addAll(moves.keySet());
        Map<List<String>, List<MonthTotals>> out = new HashMap<>();
        for (List<String> k : groups) {
            Map<YearMonth, Row> mrrK = mrr.getOrDefault(k, Map.of());
            Map<YearMonth, Map<Movement, BigDecimal>> movesK = moves.getOrDefault(k, Map.of());
            Map<YearMonth, long[]> logosK = logos.getOrDefault(k, Map.of());
            Map<YearMonth, Row> retentionK = retention.getOrDefault(k, Map.of());
            Set<YearMonth> months = new java.util.TreeSet<>(mrrK.keySet());
            months.addAll(movesK.keySet());
            List<MonthTotals> totals = new ArrayList<>();
            for (YearMonth m : months) {
                Row r = mrrK.get(m);
                long[] l = logosK.getOrDefault(m, new long[2]);
                Row ret = retentionK.get(m);
                totals.add(new MonthTotals(m, r == null ? BigDecimal.ZERO : r.getDecimal(6),
                        r == null ? BigDecimal.ZERO : r.getDecimal(7), r == null ? 0 : r.getLong(5),
                        movesK.getOrDefault(m, Map.of()), l[0], l[1], r == null ? BigDecimal.ZERO : r.getDecimal(8),
                        ret == null ? BigDecimal.ZERO : ret.getDecimal(10),
                        ret == null ? BigDecimal.ZERO : ret.getDecimal(9),
                        ret == null ? BigDecimal.ZERO : ret.getDecimal(11)));
            }
            out.put(k, totals);
        }
        return out;
    }

    /** The cells of the cohort matrix split by {@code split} (segment or channel). */
    List<CohortCalculator.Cell> cohortCells(String split) {
        List<CohortCalculator.Cell> cells = new ArrayList<>();
        for (Row r : cohort) {
            if (r.getString(0).equals(split)) {
                cells.add(new CohortCalculator.Cell(YearMonth.parse(r.getString(1)), r.isNullAt(2) ? null : r.getString(2),
                        Math.toIntExact(r.getLong(3)), r.getLong(4), r.getDecimal(5)));
            }
        }
        return cells;
    }

    /**
     * Facts are repeated once per dimension with the customer's value (billing currency from the customer's
     * dimensions, else the facts' currency), once more as all=all, and summed in one pass.
     */
    private static Dataset<Row> monthSums(Dataset<Row> facts, Dataset<Row> dims) {
        Dataset<Row> billing = facts.filter(col("kind").equalTo("mrr")).groupBy("customer_id")
                .agg(org.apache.spark.sql.functions.max("currency").as("fact_currency"));
        Dataset<Row> withDims = facts.drop("currency").join(dims.select("customer_id", "customer_currency"),
                        "customer_id", "left")
                .join(billing, "customer_id", "left")
                .withColumn("currency", coalesce(col("customer_currency"), col("fact_currency")))
                .withColumn("all", lit("all"));
        Dataset<Row> exploded = null;
        for (String d : Stream.concat(Stream.of("all"), Tables.MRR_DIMENSIONS.stream()).toList()) {
            Dataset<Row> one = withDims.select(lit(d).as("dimension"), coalesce(col(d), lit("(none)")).as("value"),
                    col("kind"), col("month"), col("mrr"), col("mrr_constant_currency"), col("seats"), col("movement"),
                    col("amount"), col("base"), col("customer_id"));
            exploded = exploded == null ? one : exploded.unionByName(one);
        }
        // A move changes some dimensions only: where the customer's leaving and entering rows have the same value
        // of a dimension (its region when only the segment changed, and always for all=all), they are no move there.
        Column moveRow = coalesce(col("movement").isin(Movement.ENTERING.id(), Movement.LEAVING.id()), lit(false));
        Dataset<Row> stayed = exploded.filter(moveRow)
                .groupBy("dimension", "value", "customer_id", "month")
                .agg(org.apache.spark.sql.functions.countDistinct("movement").as("sides"))
                .filter(col("sides").equalTo(2)).select(col("dimension"), col("value"), col("customer_id"),
                        col("month"), lit(true).as("_stayed"));
        exploded = exploded.join(stayed, new String[] {"dimension", "value", "customer_id", "month"}, "left")
                .filter(org.apache.spark.sql.functions.not(moveRow.and(coalesce(col("_stayed"), lit(false)))));
        Column retention = col("kind").equalTo("retention12");
        return exploded.groupBy("dimension", "value", "month", "kind", "movement").agg(count(lit(1)).as("facts"),
                sum("mrr").as("mrr"), sum("mrr_constant_currency").as("mrr_constant_currency"),
                sum("seats").as("seats"), sum("amount").as("amount"), sum("base").as("base"),
                sum(when(retention, org.apache.spark.sql.functions.least(col("base"), col("amount")))).as("gross"));
    }

    /** Cohort cells split by each customer's current segment and channel, so a cohort keeps its customers. */
    private static Dataset<Row> cohortSums(Dataset<Row> facts, Dataset<Row> dims) {
        Dataset<Row> cohortOf = facts.filter(col("kind").equalTo("movement").and(col("movement").equalTo("new")))
                .groupBy("customer_id").agg(org.apache.spark.sql.functions.min("month").as("cohort_month"));
        Dataset<Row> k = facts.filter(col("kind").equalTo("mrr")).drop("segment", "region", "channel", "plan")
                .join(cohortOf, "customer_id").join(dims, "customer_id", "left")
                .withColumn("k", org.apache.spark.sql.functions.months_between(
                        org.apache.spark.sql.functions.to_date(org.apache.spark.sql.functions.concat(col("month"), lit("-01"))),
                        org.apache.spark.sql.functions.to_date(org.apache.spark.sql.functions.concat(col("cohort_month"), lit("-01"))))
                        .cast("int"))
                .filter(col("k").geq(0));
        Dataset<Row> out = null;
        for (String split : List.of("segment", "channel")) {
            Dataset<Row> one = k.groupBy(col("cohort_month"), col(split).as("value"), col("k").as("months_since_start"))
                    .agg(count(lit(1)).as("facts"), sum("mrr_constant_currency").as("mrr_constant_currency"))
                    .withColumn("split", lit(split));
            out = out == null ? one : out.unionByName(one);
        }
        return out;
    }

    /** The table's columns in order, each cast to its catalog type. */
    private static Dataset<Row> shaped(Dataset<Row> rows, TableDef table) {
        StructField[] fields = SparkSchemas.schema(table).fields();
        Column[] select = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            select[i] = col(fields[i].name()).cast(fields[i].dataType()).as(fields[i].name());
        }
        return rows.select(select);
    }
}
