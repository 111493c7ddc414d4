package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Monthly summary (METRICS.md "Retention and churn", "Value per customer") from month totals, and the bridge check.
 * Churn and retention rates divide constant-currency movements by the previous month's constant-currency MRR,
 * so a currency swing never shows up as churn.
 */
public final class SummaryCalculator {
    private SummaryCalculator() {
    }

    /** @param totals one entry per month that has MRR or movements; months in between are filled with zeros */
    public static List<MrrSummaryRow> summarise(List<MonthTotals> totals) {
        TreeMap<YearMonth, MonthTotals> byMonth = new TreeMap<>();
        totals.forEach(t -> byMonth.put(t.month(), t));
        List<MrrSummaryRow> rows = new ArrayList<>();
        if (byMonth.isEmpty()) {
            return rows;
        }
        MonthTotals prev = null;
        for (YearMonth m = byMonth.firstKey(); !m.isAfter(byMonth.lastKey()); m = m.plusMonths(1)) {
            MonthTotals t = byMonth.getOrDefault(m, empty(m));
            Double logo = null, gross = null, net = null, nrr = null, grr = null;
            if (prev != null && prev.payingCustomers() > 0) {
                logo = (double) t.churnedCustomers() / prev.payingCustomers();
            }
            if (prev != null && prev.mrrConstantCurrency().signum() > 0) {
                BigDecimal base = prev.mrrConstantCurrency();
                BigDecimal lost = t.movement(Movement.CHURN).abs().add(t.movement(Movement.CONTRACTION).abs());
                BigDecimal expansion = t.movement(Movement.EXPANSION);
                gross = ratio(lost, base);
                net = ratio(lost.subtract(expansion), base);
                nrr = ratio(base.add(expansion).subtract(lost), base);
                grr = ratio(base.subtract(lost), base);
            }
            BigDecimal arpa = t.payingCustomers() == 0 ? null
                    : t.mrr().divide(BigDecimal.valueOf(t.payingCustomers()), 2, RoundingMode.HALF_UP);
            rows.add(new MrrSummaryRow(m, t.mrr(), t.mrrConstantCurrency(), t.mrr().multiply(BigDecimal.valueOf(12)),
                    t.payingCustomers(), t, logo, gross, net, nrr, grr, arpa));
            prev = t;
        }
        return rows;
    }

    /**
     * The bridge identity: end MRR = start MRR + new + reactivation + expansion + contraction + churn + fx,
     * in reporting currency, for every month. Returns one message per month where it fails.
     */
    public static List<String> bridgeViolations(List<MrrSummaryRow> rows) {
        List<String> violations = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (MrrSummaryRow r : rows) {
            BigDecimal expected = previous.add(r.totals().netMovement());
            if (expected.compareTo(r.mrr()) != 0) {
                violations.add(r.month() + ": start " + previous + " + movements " + r.totals().netMovement()
                        + " = " + expected + " but end MRR is " + r.mrr());
            }
            previous = r.mrr();
        }
        return violations;
    }

    private static Double ratio(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
    }

    private static MonthTotals empty(YearMonth m) {
        return new MonthTotals(m, BigDecimal.ZERO, BigDecimal.ZERO, 0, Map.of(), 0, 0);
    }
}
