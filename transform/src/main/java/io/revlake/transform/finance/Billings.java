package io.revlake.transform.finance;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Billings invoice by invoice (gold.billings): every non-void invoice dated on or before the as-of date, in the month
 * of its date, at its total including tax. Credit notes are not billings (they are their own flow, {@code credits}),
 * so a credited invoice still counts in full in its month, as in gold.dso_month.
 *
 * <p>gold.dso_month converts a month's billings once, Σ over currencies of the currency total × the rate at the
 * month's snapshot, rounded to the cent. Rounding each invoice on its own could miss that by up to half a cent per
 * invoice, so an invoice's {@code total_reporting} is its share of the month's figure: total × rate rounded down, and
 * the cents left go to the largest remainders (ties by invoice id). The rows of a month then add up to
 * dso_month.billings exactly, and each row is within a cent of its own converted total.
 */
public final class Billings {
    private Billings() {
    }

    /** A billed invoice as the customer's facts keep it; {@code snapshot} is its month's snapshot date. */
    public record Billed(String invoiceId, String customerId, LocalDate invoiceDate, LocalDate snapshot,
                         String currency, BigDecimal total) {
        public YearMonth month() {
            return YearMonth.from(invoiceDate);
        }
    }

    /** A row of gold.billings. */
    public record Row(Billed invoice, BigDecimal fxRate, BigDecimal totalReporting) {
    }

    /** A customer's billed invoices: non-void, dated on or before {@code asOf}, at the month's snapshot date. */
    public static List<Billed> billed(String customerId, List<Invoice> invoices, LocalDate asOf) {
        List<Billed> out = new ArrayList<>();
        for (Invoice i : invoices) {
            if (!i.isVoid() && !i.invoiceDate().isAfter(asOf)) {
                LocalDate end = YearMonth.from(i.invoiceDate()).atEndOfMonth();
                out.add(new Billed(i.invoiceId(), customerId, i.invoiceDate(), end.isAfter(asOf) ? asOf : end,
                        i.currency(), i.total()));
            }
        }
        return out;
    }

    /** The rows of every customer's billed invoices, the month's reporting figure split as described above. */
    public static List<Row> rows(List<Billed> billed, FxTable fx) {
        Map<YearMonth, List<Billed>> byMonth = new TreeMap<>();
        for (Billed b : billed) {
            byMonth.computeIfAbsent(b.month(), m -> new ArrayList<>()).add(b);
        }
        List<Row> out = new ArrayList<>();
        for (List<Billed> month : byMonth.values()) {
            month.sort(Comparator.comparing(Billed::invoiceId));
            List<BigDecimal> exact = new ArrayList<>();
            List<BigDecimal> rates = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (Billed b : month) {
                BigDecimal rate = fx.rate(b.currency(), b.snapshot());
                rates.add(rate);
                exact.add(b.total().multiply(rate));
                sum = sum.add(b.total().multiply(rate));
            }
            List<BigDecimal> shares = Cents.roundPreservingSum(exact, Cents.round(sum), 2);
            for (int i = 0; i < month.size(); i++) {
                out.add(new Row(month.get(i), rates.get(i), shares.get(i)));
            }
        }
        return out;
    }

    /** Σ total_reporting per month: what gold.dso_month.billings must equal. */
    public static Map<YearMonth, BigDecimal> reportingByMonth(List<Row> rows) {
        Map<YearMonth, BigDecimal> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.invoice().month(), r.totalReporting(), BigDecimal::add));
        return out;
    }
}
