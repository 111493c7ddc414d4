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
    /** CLV (formula) averages the logo churn rate over this many months before M. */
    public static final int CLV_CHURN_MONTHS = 6;

    private SummaryCalculator() {
    }

    public static List<MrrSummaryRow> summarise(List<MonthTotals> totals) {
        return summarise(totals, Map.of(), SummaryPolicy.defaults());
    }

    /**
     * @param totals one entry per month that has MRR or movements; months in between are filled with zeros
     * @param salesMarketingSpend reporting-currency sales + marketing expenses per month (absent = unknown)
     */
    public static List<MrrSummaryRow> summarise(List<MonthTotals> totals, Map<YearMonth, BigDecimal> salesMarketingSpend,
                                                SummaryPolicy policy) {
        TreeMap<YearMonth, MonthTotals> byMonth = new TreeMap<>();
        totals.forEach(t -> byMonth.put(t.month(), t));
        List<MrrSummaryRow> rows = new ArrayList<>();
        if (byMonth.isEmpty()) {
            return rows;
        }
        List<Double> logoHistory = new ArrayList<>();
        MonthTotals prev = null;
        for (YearMonth m = byMonth.firstKey(); !m.isAfter(byMonth.lastKey()); m = m.plusMonths(1)) {
            MonthTotals t = byMonth.getOrDefault(m, MonthTotals.empty(m));
            Double logo = null, gross = null, net = null, nrr = null, grr = null;
            if (prev != null && prev.payingCustomers() > 0) {
                logo = (double) t.churnedCustomers() / prev.payingCustomers();
            }
            BigDecimal gained = t.movement(Movement.NEW).add(t.movement(Movement.REACTIVATION))
                    .add(t.movement(Movement.EXPANSION));
            BigDecimal lost = t.movement(Movement.CHURN).abs().add(t.movement(Movement.CONTRACTION).abs());
            if (prev != null && prev.mrrConstantCurrency().signum() > 0) {
                BigDecimal base = prev.mrrConstantCurrency();
                BigDecimal expansion = t.movement(Movement.EXPANSION);
                gross = ratio(lost, base);
                net = ratio(lost.subtract(expansion), base);
                nrr = ratio(base.add(expansion).subtract(lost), base);
                grr = ratio(base.subtract(lost), base);
            }
            BigDecimal arpa = divide(t.mrr(), BigDecimal.valueOf(t.payingCustomers()));
            BigDecimal arpu = policy.arpuUnit() == SummaryPolicy.ArpuUnit.SEAT ? divide(t.mrr(), t.seats()) : arpa;
            BigDecimal asp = divide(t.movement(Movement.NEW), BigDecimal.valueOf(t.newCustomers()));
            Double quick = lost.signum() == 0 ? null : ratio(gained, lost);
            Double nrr12 = t.retentionBase().signum() == 0 ? null : ratio(t.retentionCurrent(), t.retentionBase());
            Double grr12 = t.retentionBase().signum() == 0 ? null : ratio(t.retentionGross(), t.retentionBase());
            BigDecimal clv = clvFormula(arpa, logoHistory, policy.grossMargin());
            BigDecimal spend = salesMarketingSpend.get(m);
            BigDecimal cac = spend == null ? null : divide(spend, BigDecimal.valueOf(t.newCustomers()));
            Double payback = cac == null || asp == null ? null
                    : ratio(cac, asp.multiply(policy.grossMargin()));
            Double ltvCac = cac == null || clv == null || cac.signum() == 0 ? null : ratio(clv, cac);
            rows.add(new MrrSummaryRow(m, t.mrr(), t.mrrConstantCurrency(), t.mrr().multiply(BigDecimal.valueOf(12)),
                    t.payingCustomers(), t, logo, gross, net, nrr, grr, arpa, arpu, asp, quick, nrr12, grr12, clv,
                    spend, cac, payback, ltvCac));
            logoHistory.add(logo);
            prev = t;
        }
        return rows;
    }

    /**
     * ARPA × margin ÷ mean logo churn rate of the {@value #CLV_CHURN_MONTHS} months before M. Null when those months
     * are not all known or their churn is 0 (an infinite lifetime is not a number to show).
     */
    static BigDecimal clvFormula(BigDecimal arpa, List<Double> logoHistory, BigDecimal margin) {
        if (arpa == null || logoHistory.size() < CLV_CHURN_MONTHS) {
            return null;
        }
        List<Double> window = logoHistory.subList(logoHistory.size() - CLV_CHURN_MONTHS, logoHistory.size());
        if (window.contains(null)) {
            return null;
        }
        double mean = window.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean <= 0) {
            return null;
        }
        return arpa.multiply(margin).divide(BigDecimal.valueOf(mean), 2, RoundingMode.HALF_UP);
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

    /** Invariant: net retention is never below gross retention (expansion is never negative). */
    public static List<String> retentionViolations(List<MrrSummaryRow> rows) {
        List<String> violations = new ArrayList<>();
        for (MrrSummaryRow r : rows) {
            if (r.nrr() != null && r.grr() != null && r.nrr() < r.grr()) {
                violations.add(r.month() + ": NRR " + r.nrr() + " is below GRR " + r.grr());
            }
            if (r.nrr12m() != null && r.grr12m() != null && r.nrr12m() < r.grr12m()) {
                violations.add(r.month() + ": 12-month NRR " + r.nrr12m() + " is below GRR " + r.grr12m());
            }
        }
        violations.addAll(arrViolations(rows));
        return violations;
    }

    /** ARR = 12 x MRR, every month. */
    public static List<String> arrViolations(List<MrrSummaryRow> rows) {
        List<String> violations = new ArrayList<>();
        for (MrrSummaryRow r : rows) {
            if (r.arr().compareTo(r.mrr().multiply(BigDecimal.valueOf(12))) != 0) {
                violations.add(r.month() + ": ARR " + r.arr() + " is not 12 x MRR " + r.mrr());
            }
        }
        return violations;
    }

    private static BigDecimal divide(BigDecimal numerator, BigDecimal denominator) {
        return denominator == null || denominator.signum() == 0 ? null
                : numerator.divide(denominator, 2, RoundingMode.HALF_UP);
    }

    private static Double ratio(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
    }
}
