package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cohort retention matrices. A customer's cohort is the month of its first {@code new} movement; for every cohort
 * and k = 0 … (last month − cohort), logo retention = share of the cohort paying at the end of cohort + k and
 * revenue retention = the cohort's constant-currency MRR then ÷ at the cohort month. Customers who churned and came
 * back count again from their reactivation on.
 */
public final class CohortCalculator {
    /** The segment value of the rows over all segments. */
    public static final String ALL = "all";

    private CohortCalculator() {
    }

    /** Paying customers of one cohort and dimension value (a segment or a channel), k months after the cohort month. */
    public record Cell(YearMonth cohort, String segment, int monthsSinceStart, long customers, BigDecimal mrr) {
    }

    /** One row of gold.cohort_retention. */
    public record Row(YearMonth cohort, String segment, int monthsSinceStart, long customersStart, long customersRetained,
                      double logoRetention, BigDecimal mrrStart, BigDecimal mrrRetained, Double revenueRetention) {
    }

    /** @param cells aggregated per cohort × segment × k (segment may be null: reported as "unknown") */
    public static List<Row> matrix(List<Cell> cells, YearMonth lastMonth) {
        Map<String, Map<Integer, long[]>> counts = new TreeMap<>();
        Map<String, Map<Integer, BigDecimal>> mrr = new HashMap<>();
        for (Cell c : cells) {
            for (String segment : new String[] {c.segment() == null ? "unknown" : c.segment(), ALL}) {
                String key = c.cohort() + "|" + segment;
                counts.computeIfAbsent(key, x -> new HashMap<>())
                        .computeIfAbsent(c.monthsSinceStart(), x -> new long[1])[0] += c.customers();
                mrr.computeIfAbsent(key, x -> new HashMap<>()).merge(c.monthsSinceStart(), c.mrr(), BigDecimal::add);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (var e : counts.entrySet()) {
            String[] parts = e.getKey().split("\\|", 2);
            YearMonth cohort = YearMonth.parse(parts[0]);
            long start = e.getValue().getOrDefault(0, new long[1])[0];
            BigDecimal startMrr = mrr.get(e.getKey()).getOrDefault(0, BigDecimal.ZERO);
            int span = (int) ChronoUnit.MONTHS.between(cohort, lastMonth);
            for (int k = 0; k <= span; k++) {
                long retained = e.getValue().getOrDefault(k, new long[1])[0];
                BigDecimal retainedMrr = mrr.get(e.getKey()).getOrDefault(k, BigDecimal.ZERO);
                rows.add(new Row(cohort, parts[1], k, start, retained, start == 0 ? 0 : (double) retained / start,
                        startMrr, retainedMrr, startMrr.signum() == 0 ? null
                        : retainedMrr.divide(startMrr, MathContext.DECIMAL64).doubleValue()));
            }
        }
        return rows;
    }

    /** Invariant: month 0 of every cohort retains 100 % of its customers. */
    public static List<String> violations(List<Row> rows) {
        return rows.stream().filter(r -> r.monthsSinceStart() == 0 && (r.customersStart() == 0 || r.logoRetention() != 1.0))
                .map(r -> "cohort " + r.cohort() + " (" + r.segment() + ") month 0 retains " + r.customersRetained()
                        + " of " + r.customersStart())
                .toList();
    }
}
