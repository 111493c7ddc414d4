package io.revlake.transform.finance;

import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Open balances, aging, unapplied cash and the monthly AR flows of a set of invoices, payments and credit notes
 * (one customer's, or any set: invoices only meet their own payments and credit notes).
 *
 * <p>Rules (docs/finance.md "Receivables"):
 * <ul>
 *   <li>raw balance of an invoice at D = total (once issued, D ≥ invoice date) − payments dated ≤ D − credit notes
 *       dated ≤ D; open balance = max(0, raw); max(0, −raw) is cash paid beyond what is owed: unapplied cash.</li>
 *   <li>Credit notes count from max(issue date, invoice date) and are capped, in date order, so they never credit
 *       more than the invoice total; the excess is ignored.</li>
 *   <li>Void invoices do not exist for AR; their payments, and payments without a (known) invoice, are unapplied
 *       cash from their date.</li>
 *   <li>An uncollectible invoice is written off at its write-off date: its open balance then leaves AR (a bad-debt
 *       write-off, not a credit note); later payments on it are recoveries, shown as unapplied cash.</li>
 *   <li>A payment in another currency than its invoice is converted at the payment date's rates.</li>
 * </ul>
 */
public final class Receivables {
    /** An open invoice at an aging date. */
    public record AgingLine(LocalDate asOf, String customerId, String invoiceId, LocalDate invoiceDate,
                            LocalDate dueDate, long daysPastDue, String currency, String bucket, String status,
                            BigDecimal total, BigDecimal openAmount) {
        /** The open amount in the reporting currency at the aging date's rate. */
        public BigDecimal openAmountReporting(FxTable fx) {
            return Cents.round(openAmount.multiply(fx.rate(currency, asOf)));
        }
    }

    /** Cash of a customer not applied to any open invoice at a date. */
    public record Unapplied(LocalDate asOf, String customerId, String currency, BigDecimal amount) {
    }

    /** A credit note as it counts: capped amount in invoice currency, dated no earlier than its invoice. */
    public record AppliedCredit(String creditNoteId, String invoiceId, LocalDate date, BigDecimal amount,
                                BigDecimal exTax) {
        public BigDecimal tax() {
            return amount.subtract(exTax);
        }
    }

    /**
     * AR of one currency for the month ending at {@code snapshot}; flows are the events dated after the previous
     * snapshot and on or before this one.
     *
     * @param arEnd        Σ open balances at the snapshot
     * @param currentArEnd the part of arEnd not yet due
     * @param cashReceived every payment of the month, applied or not
     * @param unappliedEnd unapplied cash at the snapshot
     * @param writeOffs    open balances of uncollectible invoices written off in the month
     */
    public record MonthFlows(YearMonth month, LocalDate snapshot, String currency, BigDecimal arEnd,
                             BigDecimal currentArEnd, BigDecimal billingsTotal, BigDecimal billingsExTax,
                             BigDecimal credits, BigDecimal creditsExTax, BigDecimal cashReceived,
                             BigDecimal unappliedEnd, BigDecimal writeOffs) {
        boolean isZero() {
            return arEnd.signum() == 0 && billingsTotal.signum() == 0 && credits.signum() == 0
                    && cashReceived.signum() == 0 && unappliedEnd.signum() == 0 && writeOffs.signum() == 0
                    && billingsExTax.signum() == 0;
        }
    }

    /** How a customer pays, over positive payments applied to its non-void invoices. */
    public record PaymentDays(String customerId, String currency, long payments, long invoicesPaid,
                              BigDecimal amountPaid, double avgDaysToPay, double avgDaysLate, double sharePaidLate) {
    }

    private record Dated(LocalDate date, BigDecimal amount, String id) {
    }

    /** One invoice with its converted payments and capped credits. */
    private static final class Ledger {
        final Invoice invoice;
        final List<Dated> payments = new ArrayList<>();
        final List<AppliedCredit> credits = new ArrayList<>();
        BigDecimal writeOff = BigDecimal.ZERO;

        Ledger(Invoice invoice) {
            this.invoice = invoice;
        }

        BigDecimal paid(LocalDate d) {
            BigDecimal s = BigDecimal.ZERO;
            for (Dated p : payments) {
                if (!p.date().isAfter(d)) {
                    s = s.add(p.amount());
                }
            }
            return s;
        }

        BigDecimal credited(LocalDate d) {
            BigDecimal s = BigDecimal.ZERO;
            for (AppliedCredit c : credits) {
                if (!c.date().isAfter(d)) {
                    s = s.add(c.amount());
                }
            }
            return s;
        }

        BigDecimal rawBeforeWriteOff(LocalDate d) {
            BigDecimal owed = d.isBefore(invoice.invoiceDate()) ? BigDecimal.ZERO : invoice.total();
            return owed.subtract(paid(d)).subtract(credited(d));
        }

        boolean writtenOffBy(LocalDate d) {
            return invoice.writeOffDate() != null && !d.isBefore(invoice.writeOffDate());
        }

        /** total − payments − credits − written off; positive = open, negative = cash beyond what is owed. */
        BigDecimal raw(LocalDate d) {
            BigDecimal r = rawBeforeWriteOff(d);
            return writtenOffBy(d) ? r.subtract(writeOff) : r;
        }
    }

    private final Map<String, Ledger> ledgers = new LinkedHashMap<>();
    private final List<Payment> unappliedPayments = new ArrayList<>();
    private final List<Payment> allPayments;

    public Receivables(List<Invoice> invoices, List<Payment> payments, List<CreditNote> creditNotes, FxTable fx) {
        invoices.stream().filter(i -> !i.isVoid()).sorted(Comparator.comparing(Invoice::invoiceId))
                .forEach(i -> ledgers.put(i.invoiceId(), new Ledger(i)));
        allPayments = List.copyOf(payments);
        for (Payment p : payments) {
            Ledger l = p.invoiceId() == null ? null : ledgers.get(p.invoiceId());
            if (l == null) {
                unappliedPayments.add(p);
            } else {
                l.payments.add(new Dated(p.date(), convert(p.amount(), p.currency(), l.invoice.currency(), p.date(), fx),
                        p.paymentId()));
            }
        }
        Map<String, List<CreditNote>> byInvoice = new HashMap<>();
        for (CreditNote c : creditNotes) {
            if (ledgers.containsKey(c.invoiceId())) {
                byInvoice.computeIfAbsent(c.invoiceId(), k -> new ArrayList<>()).add(c);
            }
        }
        byInvoice.forEach((invoiceId, list) -> {
            Ledger l = ledgers.get(invoiceId);
            Invoice inv = l.invoice;
            list.sort(Comparator.comparing(CreditNote::issueDate).thenComparing(CreditNote::creditNoteId));
            BigDecimal room = inv.total().max(BigDecimal.ZERO);
            for (CreditNote c : list) {
                BigDecimal amount = convert(c.amount(), c.currency(), inv.currency(), c.issueDate(), fx)
                        .min(room).max(BigDecimal.ZERO);
                room = room.subtract(amount);
                BigDecimal exTax = inv.total().signum() == 0 ? amount
                        : Cents.round(amount.multiply(inv.subtotal()).divide(inv.total(), Cents.EXACT));
                LocalDate date = c.issueDate().isBefore(inv.invoiceDate()) ? inv.invoiceDate() : c.issueDate();
                l.credits.add(new AppliedCredit(c.creditNoteId(), invoiceId, date, amount, exTax));
            }
        });
        for (Ledger l : ledgers.values()) {
            if (l.invoice.writeOffDate() != null) {
                l.writeOff = l.rawBeforeWriteOff(l.invoice.writeOffDate()).max(BigDecimal.ZERO);
            }
        }
    }

    static BigDecimal convert(BigDecimal amount, String from, String to, LocalDate date, FxTable fx) {
        if (from.equals(to)) {
            return amount;
        }
        return Cents.round(amount.multiply(fx.rate(from, date)).divide(fx.rate(to, date), Cents.EXACT));
    }

    /** The snapshot dates: every month end from {@code first} to the as-of month, the last one being the as-of date. */
    public static List<LocalDate> snapshots(YearMonth first, LocalDate asOf) {
        List<LocalDate> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(YearMonth.from(asOf)); m = m.plusMonths(1)) {
            LocalDate end = m.atEndOfMonth();
            out.add(end.isAfter(asOf) ? asOf : end);
        }
        return out;
    }

    /** First month with an invoice or a payment, or null without either. */
    public YearMonth firstMonth() {
        LocalDate first = null;
        for (Ledger l : ledgers.values()) {
            first = min(first, l.invoice.invoiceDate());
            for (Dated p : l.payments) {
                first = min(first, p.date());
            }
        }
        for (Payment p : unappliedPayments) {
            first = min(first, p.date());
        }
        return first == null ? null : YearMonth.from(first);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    public BigDecimal openBalance(String invoiceId, LocalDate d) {
        Ledger l = ledgers.get(invoiceId);
        return l == null ? BigDecimal.ZERO : l.raw(d).max(BigDecimal.ZERO);
    }

    public List<AgingLine> aging(LocalDate d, AgingBuckets buckets) {
        List<AgingLine> out = new ArrayList<>();
        for (Ledger l : ledgers.values()) {
            Invoice inv = l.invoice;
            BigDecimal open = l.raw(d);
            if (open.signum() > 0) {
                long past = ChronoUnit.DAYS.between(inv.dueDate(), d);
                out.add(new AgingLine(d, inv.customerId(), inv.invoiceId(), inv.invoiceDate(), inv.dueDate(), past,
                        inv.currency(), buckets.bucket(past), inv.status(), inv.total(), open));
            }
        }
        return out;
    }

    public List<Unapplied> unapplied(LocalDate d) {
        Map<List<String>, BigDecimal> sums = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Ledger l : ledgers.values()) {
            BigDecimal beyond = l.raw(d).negate();
            if (beyond.signum() > 0) {
                sums.merge(List.of(l.invoice.customerId(), l.invoice.currency()), beyond, BigDecimal::add);
            }
        }
        for (Payment p : unappliedPayments) {
            if (!p.date().isAfter(d)) {
                sums.merge(List.of(p.customerId(), p.currency()), p.amount(), BigDecimal::add);
            }
        }
        List<Unapplied> out = new ArrayList<>();
        sums.forEach((k, v) -> {
            if (v.signum() != 0) {
                out.add(new Unapplied(d, k.get(0), k.get(1), v));
            }
        });
        return out;
    }

    public List<AppliedCredit> appliedCredits() {
        List<AppliedCredit> out = new ArrayList<>();
        ledgers.values().forEach(l -> out.addAll(l.credits));
        return out;
    }

    /** Flows and balances per month and currency for ascending snapshot dates; all-zero months are left out. */
    public List<MonthFlows> monthFlows(List<LocalDate> snapshots) {
        List<MonthFlows> out = new ArrayList<>();
        LocalDate previous = null;
        for (LocalDate snap : snapshots) {
            Map<String, BigDecimal[]> acc = new TreeMap<>();
            for (Ledger l : ledgers.values()) {
                Invoice inv = l.invoice;
                BigDecimal[] a = acc.computeIfAbsent(inv.currency(), c -> zeros());
                BigDecimal raw = l.raw(snap);
                if (raw.signum() > 0) {
                    a[0] = a[0].add(raw);
                    if (!snap.isAfter(inv.dueDate())) {
                        a[1] = a[1].add(raw);
                    }
                } else {
                    a[7] = a[7].subtract(raw);
                }
                if (in(inv.invoiceDate(), previous, snap)) {
                    a[2] = a[2].add(inv.total());
                    a[3] = a[3].add(inv.subtotal());
                }
                for (AppliedCredit c : l.credits) {
                    if (in(c.date(), previous, snap)) {
                        a[4] = a[4].add(c.amount());
                        a[5] = a[5].add(c.exTax());
                    }
                }
                for (Dated p : l.payments) {
                    if (in(p.date(), previous, snap)) {
                        a[6] = a[6].add(p.amount());
                    }
                }
                if (inv.writeOffDate() != null && in(inv.writeOffDate(), previous, snap)) {
                    a[8] = a[8].add(l.writeOff);
                }
            }
            for (Payment p : unappliedPayments) {
                BigDecimal[] a = acc.computeIfAbsent(p.currency(), c -> zeros());
                if (!p.date().isAfter(snap)) {
                    a[7] = a[7].add(p.amount());
                }
                if (in(p.date(), previous, snap)) {
                    a[6] = a[6].add(p.amount());
                }
            }
            YearMonth month = YearMonth.from(snap);
            acc.forEach((currency, a) -> {
                MonthFlows f = new MonthFlows(month, snap, currency, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
                if (!f.isZero()) {
                    out.add(f);
                }
            });
            previous = snap;
        }
        return out;
    }

    private static BigDecimal[] zeros() {
        BigDecimal[] a = new BigDecimal[9];
        java.util.Arrays.fill(a, BigDecimal.ZERO);
        return a;
    }

    private static boolean in(LocalDate d, LocalDate afterExclusive, LocalDate untilInclusive) {
        return !d.isAfter(untilInclusive) && (afterExclusive == null || d.isAfter(afterExclusive));
    }

    /** Average days to pay and days late per customer and invoice currency (payments up to the as-of date). */
    public List<PaymentDays> paymentDays() {
        Map<List<String>, Object[]> acc = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Ledger l : ledgers.values()) {
            Invoice inv = l.invoice;
            for (Dated p : l.payments) {
                if (p.amount().signum() <= 0) {
                    continue;
                }
                Object[] a = acc.computeIfAbsent(List.of(inv.customerId(), inv.currency()),
                        k -> new Object[] {0L, new HashSet<String>(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                                BigDecimal.ZERO});
                long toPay = ChronoUnit.DAYS.between(inv.invoiceDate(), p.date());
                long late = Math.max(0, ChronoUnit.DAYS.between(inv.dueDate(), p.date()));
                a[0] = (long) a[0] + 1;
                @SuppressWarnings("unchecked") Set<String> paid = (Set<String>) a[1];
                paid.add(inv.invoiceId());
                a[2] = ((BigDecimal) a[2]).add(p.amount());
                a[3] = ((BigDecimal) a[3]).add(p.amount().multiply(BigDecimal.valueOf(toPay)));
                a[4] = ((BigDecimal) a[4]).add(p.amount().multiply(BigDecimal.valueOf(late)));
                if (late > 0) {
                    a[5] = ((BigDecimal) a[5]).add(p.amount());
                }
            }
        }
        List<PaymentDays> out = new ArrayList<>();
        acc.forEach((k, a) -> {
            BigDecimal amount = (BigDecimal) a[2];
            out.add(new PaymentDays(k.get(0), k.get(1), (long) a[0], ((Set<?>) a[1]).size(), amount,
                    ((BigDecimal) a[3]).divide(amount, Cents.EXACT).doubleValue(),
                    ((BigDecimal) a[4]).divide(amount, Cents.EXACT).doubleValue(),
                    ((BigDecimal) a[5]).divide(amount, Cents.EXACT).doubleValue()));
        });
        return out;
    }

    /** Every payment given to the calculator (for cash totals). */
    public List<Payment> payments() {
        return allPayments;
    }
}
