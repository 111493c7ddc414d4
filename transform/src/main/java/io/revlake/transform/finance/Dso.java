package io.revlake.transform.finance;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Days sales outstanding (simple and countback) and the collection effectiveness index per month, in the reporting
 * currency. Every amount of a month's row is converted at that month's snapshot rates, including the previous
 * months' billings the countback walks through and the opening AR, so an exchange-rate move does not show up as a
 * change in collection speed.
 *
 * <p>Open AR in the reporting currency (AR end, its current part, AR start) is converted <b>invoice by invoice</b>
 * and rounded to the cent per invoice, exactly as the rows of {@code gold.ar_aging}, so AR end is Σ of the aging
 * rows' {@code open_amount_reporting} to the cent ({@link #arReporting}). Converting each currency's total once
 * would differ from that sum by up to half a cent per invoice.
 */
public final class Dso {
    private Dso() {
    }

    public record DsoMonth(YearMonth month, LocalDate snapshot, long days, BigDecimal arStart, BigDecimal billings,
                           BigDecimal arEnd, BigDecimal currentArEnd, BigDecimal writeOffs, Double dsoSimple,
                           Double dsoCountback, Double cei) {
    }

    /**
     * Open AR of one snapshot in the reporting currency, every invoice converted and rounded on its own.
     *
     * @param arEnd        Σ of the snapshot's aging rows' {@code open_amount_reporting}
     * @param currentArEnd the same sum over the rows not yet due (days past due ≤ 0)
     * @param arStart      the previous snapshot's aging rows, each converted at this snapshot's rate and rounded
     */
    public record ArReporting(BigDecimal arEnd, BigDecimal currentArEnd, BigDecimal arStart) {
        public static final ArReporting ZERO = new ArReporting(Cents.zero(), Cents.zero(), Cents.zero());

        public ArReporting plus(ArReporting o) {
            return new ArReporting(arEnd.add(o.arEnd), currentArEnd.add(o.currentArEnd), arStart.add(o.arStart));
        }
    }

    /**
     * Open AR in the reporting currency per snapshot, from aging rows (any customers and currencies). Every aging
     * row counts at its own snapshot (AR end, and the current part when not yet due) and at the next snapshot, the
     * next month end or the as-of date, as that month's AR start at that month's rate. Summing the results of
     * disjoint sets of invoices (one customer at a time) gives the result of their union, to the cent.
     */
    public static Map<LocalDate, ArReporting> arReporting(List<Receivables.AgingLine> aging, LocalDate asOf,
                                                          FxTable fx) {
        Map<LocalDate, ArReporting> out = new TreeMap<>();
        for (Receivables.AgingLine a : aging) {
            BigDecimal end = a.openAmountReporting(fx);
            out.merge(a.asOf(), new ArReporting(end, a.daysPastDue() <= 0 ? end : Cents.zero(), Cents.zero()),
                    ArReporting::plus);
            YearMonth next = YearMonth.from(a.asOf()).plusMonths(1);
            if (!next.isAfter(YearMonth.from(asOf))) {
                LocalDate snap = next.atEndOfMonth().isAfter(asOf) ? asOf : next.atEndOfMonth();
                BigDecimal start = Cents.round(a.openAmount().multiply(fx.rate(a.currency(), snap)));
                out.merge(snap, new ArReporting(Cents.zero(), Cents.zero(), start), ArReporting::plus);
            }
        }
        return out;
    }

    /** Billings of one month and its number of days, for the countback. */
    public record MonthBillings(BigDecimal billings, long days) {
    }

    /** AR at end ÷ billings of the month × days of the month; null without billings. */
    public static Double simple(BigDecimal arEnd, BigDecimal billings, long days) {
        if (billings.signum() == 0) {
            return null;
        }
        return arEnd.multiply(BigDecimal.valueOf(days)).divide(billings, Cents.EXACT).doubleValue();
    }

    /**
     * Countback DSO: starting from AR at the end of the month, subtract whole months of billings, newest first, adding
     * each month's days, while the remainder is at least that month's billings; then add the remainder's share of the
     * next month's billings times its days. When the history runs out first, the days counted so far are returned
     * (a lower bound: AR older than the data).
     *
     * @param newestFirst the month itself first, then the months before it
     */
    public static double countback(BigDecimal arEnd, List<MonthBillings> newestFirst) {
        BigDecimal remainder = arEnd;
        BigDecimal days = BigDecimal.ZERO;
        if (remainder.signum() <= 0) {
            return 0.0;
        }
        for (MonthBillings m : newestFirst) {
            if (remainder.compareTo(m.billings()) >= 0) {
                remainder = remainder.subtract(m.billings());
                days = days.add(BigDecimal.valueOf(m.days()));
                if (remainder.signum() == 0) {
                    break;
                }
            } else {
                days = days.add(remainder.multiply(BigDecimal.valueOf(m.days())).divide(m.billings(), Cents.EXACT));
                break;
            }
        }
        return days.doubleValue();
    }

    /**
     * (AR start + billings − AR end) ÷ (AR start + billings − current AR end) × 100: what was collected out of what
     * was collectible. Null when the denominator is zero.
     */
    public static Double cei(BigDecimal arStart, BigDecimal billings, BigDecimal arEnd, BigDecimal currentArEnd) {
        BigDecimal denominator = arStart.add(billings).subtract(currentArEnd);
        if (denominator.signum() == 0) {
            return null;
        }
        return arStart.add(billings).subtract(arEnd).multiply(BigDecimal.valueOf(100))
                .divide(denominator, Cents.EXACT).doubleValue();
    }

    /**
     * One row per snapshot from monthly AR flows (all customers, any currencies; months without flows count as zero)
     * and the open AR in reporting currency of {@link #arReporting} (snapshots without an entry have no open AR).
     * Billings and write-offs are converted per currency total at the snapshot's rate.
     */
    public static List<DsoMonth> months(List<Receivables.MonthFlows> flows, Map<LocalDate, ArReporting> ar,
                                        List<LocalDate> snapshots, FxTable fx) {
        Map<YearMonth, Map<String, Receivables.MonthFlows>> byMonth = new TreeMap<>();
        for (Receivables.MonthFlows f : flows) {
            byMonth.computeIfAbsent(f.month(), m -> new TreeMap<>()).merge(f.currency(), f, Dso::plus);
        }
        List<DsoMonth> out = new ArrayList<>();
        for (int i = 0; i < snapshots.size(); i++) {
            LocalDate snap = snapshots.get(i);
            YearMonth month = YearMonth.from(snap);
            Map<String, Receivables.MonthFlows> now = byMonth.getOrDefault(month, Map.of());
            ArReporting open = ar.getOrDefault(snap, ArReporting.ZERO);
            BigDecimal arEnd = open.arEnd();
            BigDecimal current = open.currentArEnd();
            BigDecimal billings = convert(now, snap, fx, Receivables.MonthFlows::billingsTotal);
            BigDecimal writeOffs = convert(now, snap, fx, Receivables.MonthFlows::writeOffs);
            BigDecimal arStart = open.arStart();
            List<MonthBillings> history = new ArrayList<>();
            for (int k = i; k >= 0; k--) {
                LocalDate s = snapshots.get(k);
                history.add(new MonthBillings(convert(byMonth.getOrDefault(YearMonth.from(s), Map.of()), snap, fx,
                        Receivables.MonthFlows::billingsTotal), s.getDayOfMonth()));
            }
            long days = snap.getDayOfMonth();
            out.add(new DsoMonth(month, snap, days, arStart, billings, arEnd, current, writeOffs,
                    simple(arEnd, billings, days), countback(arEnd, history), cei(arStart, billings, arEnd, current)));
        }
        return out;
    }

    private static BigDecimal convert(Map<String, Receivables.MonthFlows> byCurrency, LocalDate date, FxTable fx,
                                      java.util.function.Function<Receivables.MonthFlows, BigDecimal> field) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var e : byCurrency.entrySet()) {
            BigDecimal v = field.apply(e.getValue());
            if (v.signum() != 0) {
                sum = sum.add(v.multiply(fx.rate(e.getKey(), date)));
            }
        }
        return Cents.round(sum);
    }

    static Receivables.MonthFlows plus(Receivables.MonthFlows a, Receivables.MonthFlows b) {
        return new Receivables.MonthFlows(a.month(), a.snapshot(), a.currency(), a.arEnd().add(b.arEnd()),
                a.currentArEnd().add(b.currentArEnd()), a.billingsTotal().add(b.billingsTotal()),
                a.billingsExTax().add(b.billingsExTax()), a.credits().add(b.credits()),
                a.creditsExTax().add(b.creditsExTax()), a.cashReceived().add(b.cashReceived()),
                a.unappliedEnd().add(b.unappliedEnd()), a.writeOffs().add(b.writeOffs()));
    }
}
