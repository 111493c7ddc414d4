package io.revlake.transform.finance;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal-style summary per month and currency, built from the AR flows and the deferred revenue roll-forward.
 * Every entry balances:
 * <pre>
 * billing          Dr accounts_receivable (total)    Cr deferred_revenue (subtotal), tax_payable (tax)
 * credit_note      Dr deferred_revenue (ex tax), tax_payable (tax)    Cr accounts_receivable
 * recognition      Dr deferred_revenue               Cr revenue
 * unbilled_reclass Dr unbilled_receivable            Cr deferred_revenue   (change in unbilled receivables)
 * cash             Dr cash (received)                Cr accounts_receivable (applied), unapplied_cash (change)
 * write_off        Dr bad_debt_expense               Cr accounts_receivable
 * </pre>
 * A negative amount is booked on the other side.
 */
public final class Journal {
    public static final String AR = "accounts_receivable";
    public static final String DEFERRED = "deferred_revenue";
    public static final String UNBILLED = "unbilled_receivable";
    public static final String REVENUE = "revenue";
    public static final String TAX = "tax_payable";
    public static final String CASH = "cash";
    public static final String UNAPPLIED = "unapplied_cash";
    public static final String BAD_DEBT = "bad_debt_expense";

    private Journal() {
    }

    public record Line(YearMonth month, String currency, String entry, String account, BigDecimal debit,
                       BigDecimal credit) {
        public BigDecimal net() {
            return debit.subtract(credit);
        }
    }

    /**
     * @param flows    AR flows summed per month and currency
     * @param deferred roll-forward rows summed per month and currency
     */
    public static List<Line> entries(List<Receivables.MonthFlows> flows, List<RevenueFacts.DeferredRow> deferred) {
        Map<List<String>, Receivables.MonthFlows> f = new TreeMap<>(KEY);
        flows.forEach(x -> f.merge(List.of(x.month().toString(), x.currency()), x, Dso::plus));
        Map<List<String>, RevenueFacts.DeferredRow> d = new TreeMap<>(KEY);
        deferred.forEach(x -> d.put(List.of(x.month().toString(), x.currency()), x));
        java.util.Set<List<String>> keys = new java.util.TreeSet<>(KEY);
        keys.addAll(f.keySet());
        keys.addAll(d.keySet());
        List<Line> out = new ArrayList<>();
        for (List<String> k : keys) {
            YearMonth m = YearMonth.parse(k.get(0));
            String cur = k.get(1);
            Receivables.MonthFlows x = f.get(k);
            if (x != null) {
                Receivables.MonthFlows prev = f.get(List.of(m.minusMonths(1).toString(), cur));
                BigDecimal unappliedChange = x.unappliedEnd().subtract(prev == null ? BigDecimal.ZERO : prev.unappliedEnd());
                add(out, m, cur, "billing", AR, x.billingsTotal());
                add(out, m, cur, "billing", DEFERRED, x.billingsExTax().negate());
                add(out, m, cur, "billing", TAX, x.billingsExTax().subtract(x.billingsTotal()));
                add(out, m, cur, "credit_note", DEFERRED, x.creditsExTax());
                add(out, m, cur, "credit_note", TAX, x.credits().subtract(x.creditsExTax()));
                add(out, m, cur, "credit_note", AR, x.credits().negate());
                add(out, m, cur, "cash", CASH, x.cashReceived());
                add(out, m, cur, "cash", AR, unappliedChange.subtract(x.cashReceived()));
                add(out, m, cur, "cash", UNAPPLIED, unappliedChange.negate());
                add(out, m, cur, "write_off", BAD_DEBT, x.writeOffs());
                add(out, m, cur, "write_off", AR, x.writeOffs().negate());
            } else if (f.containsKey(List.of(m.minusMonths(1).toString(), cur))) {
                // no AR activity this month, but unapplied cash may have left with the previous month's balance
                Receivables.MonthFlows prev = f.get(List.of(m.minusMonths(1).toString(), cur));
                add(out, m, cur, "cash", AR, prev.unappliedEnd().negate());
                add(out, m, cur, "cash", UNAPPLIED, prev.unappliedEnd());
            }
            RevenueFacts.DeferredRow r = d.get(k);
            if (r != null) {
                add(out, m, cur, "recognition", DEFERRED, r.recognized());
                add(out, m, cur, "recognition", REVENUE, r.recognized().negate());
                BigDecimal unbilledChange = r.closingUnbilled().subtract(r.openingUnbilled());
                add(out, m, cur, "unbilled_reclass", UNBILLED, unbilledChange);
                add(out, m, cur, "unbilled_reclass", DEFERRED, unbilledChange.negate());
            }
        }
        return out;
    }

    private static void add(List<Line> out, YearMonth m, String currency, String entry, String account,
                            BigDecimal signedDebit) {
        if (signedDebit.signum() == 0) {
            return;
        }
        BigDecimal zero = Cents.zero();
        out.add(signedDebit.signum() > 0 ? new Line(m, currency, entry, account, Cents.round(signedDebit), zero)
                : new Line(m, currency, entry, account, zero, Cents.round(signedDebit.negate())));
    }

    /** Net debit per account over some lines. */
    public static Map<String, BigDecimal> netByAccount(List<Line> lines) {
        Map<String, BigDecimal> out = new TreeMap<>();
        lines.forEach(l -> out.merge(l.account(), l.net(), BigDecimal::add));
        return out;
    }

    static final Comparator<List<String>> KEY = Comparator.comparing((List<String> k) -> k.get(0))
            .thenComparing(k -> k.get(1));
}
