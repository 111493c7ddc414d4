package io.revlake.transform.finance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The accounting identities checked before any finance table is published. Each returns the violations as
 * sentences naming the month, currency, contract or obligation; an empty list means the check passed.
 * (Allocation and schedule sums are checked per contract and obligation in {@link RevenueEngine}, and RPO against
 * the schedules in {@link RevenueFacts}.)
 */
public final class FinanceChecks {
    private FinanceChecks() {
    }

    /**
     * Σ aging buckets = open AR: at every snapshot and currency, the open balances of the aging rows must equal the
     * AR that the flows leave: Σ (invoices − credit notes − write-offs − cash received) to date + unapplied cash.
     *
     * @param agingTotals Σ open_amount of the aging rows per snapshot date and currency
     */
    public static List<String> agingMatchesArFlows(List<Receivables.MonthFlows> flows,
                                                   Map<LocalDate, Map<String, BigDecimal>> agingTotals) {
        Map<String, TreeMap<YearMonth, Receivables.MonthFlows>> byCurrency = new TreeMap<>();
        flows.forEach(f -> byCurrency.computeIfAbsent(f.currency(), c -> new TreeMap<>()).merge(f.month(), f, Dso::plus));
        Set<String> currencies = new TreeSet<>(byCurrency.keySet());
        agingTotals.values().forEach(m -> currencies.addAll(m.keySet()));
        Set<LocalDate> dates = new TreeSet<>(agingTotals.keySet());
        flows.forEach(f -> dates.add(f.snapshot()));
        List<String> out = new ArrayList<>();
        for (String currency : currencies) {
            TreeMap<YearMonth, Receivables.MonthFlows> series = byCurrency.getOrDefault(currency, new TreeMap<>());
            for (LocalDate date : dates) {
                YearMonth month = YearMonth.from(date);
                BigDecimal byFlows = BigDecimal.ZERO;
                for (Receivables.MonthFlows f : series.headMap(month, true).values()) {
                    byFlows = byFlows.add(f.billingsTotal()).subtract(f.credits()).subtract(f.writeOffs())
                            .subtract(f.cashReceived());
                }
                Receivables.MonthFlows now = series.get(month);
                byFlows = byFlows.add(now == null ? BigDecimal.ZERO : now.unappliedEnd());
                BigDecimal aged = agingTotals.getOrDefault(date, Map.of()).getOrDefault(currency, BigDecimal.ZERO);
                if (aged.compareTo(byFlows) != 0) {
                    out.add("AR aging at " + date + " in " + currency + ": buckets sum to " + aged.toPlainString()
                            + " but invoices less credit notes, write-offs and applied cash leave "
                            + byFlows.toPlainString() + " open");
                }
            }
        }
        return out;
    }

    /** Open AR of a snapshot in the reporting currency: all of it, and the part not yet due. */
    public record ArReportingTotal(BigDecimal open, BigDecimal current) {
        public ArReportingTotal plus(ArReportingTotal o) {
            return new ArReportingTotal(open.add(o.open), current.add(o.current));
        }
    }

    /**
     * DSO's AR is the aging's AR, to the cent: at every snapshot, {@code dso_month.ar_end} = Σ
     * {@code ar_aging.open_amount_reporting} and {@code current_ar_end} = the same sum over the rows not yet due. No
     * tolerance: both convert invoice by invoice and round each invoice to the cent.
     *
     * @param dso   per snapshot date, DSO's AR end and current AR end
     * @param aging per snapshot date, the aging rows' sums; a date without rows has no open AR
     */
    public static List<String> arEndMatchesAging(Map<LocalDate, ArReportingTotal> dso,
                                                 Map<LocalDate, ArReportingTotal> aging) {
        Set<LocalDate> dates = new TreeSet<>(dso.keySet());
        dates.addAll(aging.keySet());
        ArReportingTotal none = new ArReportingTotal(BigDecimal.ZERO, BigDecimal.ZERO);
        List<String> out = new ArrayList<>();
        for (LocalDate date : dates) {
            ArReportingTotal d = dso.get(date);
            ArReportingTotal a = aging.getOrDefault(date, none);
            if (d == null) {
                if (a.open().signum() != 0) {
                    out.add("DSO at " + date + ": no row, but the AR aging holds " + a.open().toPlainString()
                            + " open in the reporting currency");
                }
                continue;
            }
            if (d.open().compareTo(a.open()) != 0 || d.current().compareTo(a.current()) != 0) {
                out.add("DSO at " + date + ": ar_end " + d.open().toPlainString() + " / current_ar_end "
                        + d.current().toPlainString() + " but the AR aging rows sum to "
                        + a.open().toPlainString() + " / " + a.current().toPlainString()
                        + " (open_amount_reporting, all / not yet due)");
            }
        }
        return out;
    }

    /** {@link #arEndMatchesAging(Map, Map)} for the job's DSO rows. */
    public static List<String> arEndMatchesAging(List<Dso.DsoMonth> dso, Map<LocalDate, ArReportingTotal> aging) {
        Map<LocalDate, ArReportingTotal> bySnapshot = new TreeMap<>();
        dso.forEach(d -> bySnapshot.put(d.snapshot(), new ArReportingTotal(d.arEnd(), d.currentArEnd())));
        return arEndMatchesAging(bySnapshot, aging);
    }

    /**
     * Σ gold.billings.total per month and currency = the invoice totals the AR flows bill (the billing rows and the
     * flows are separate facts of the customer, so this catches one of them missing an invoice).
     */
    public static List<String> billingsMatchFlows(List<Billings.Row> rows, List<Receivables.MonthFlows> flows) {
        Map<String, BigDecimal> byRows = new TreeMap<>();
        rows.forEach(r -> byRows.merge(r.invoice().month() + " " + r.invoice().currency(), r.invoice().total(),
                BigDecimal::add));
        Map<String, BigDecimal> byFlows = new TreeMap<>();
        flows.forEach(f -> byFlows.merge(f.month() + " " + f.currency(), f.billingsTotal(), BigDecimal::add));
        Set<String> keys = new TreeSet<>(byRows.keySet());
        keys.addAll(byFlows.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            BigDecimal a = byRows.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal b = byFlows.getOrDefault(k, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                out.add("billings " + k + ": the invoice rows sum to " + a.toPlainString() + " but the AR flows bill "
                        + b.toPlainString());
            }
        }
        return out;
    }

    /**
     * Σ gold.billings.total_reporting = gold.dso_month.billings, per month, to the cent.
     *
     * @param rows Σ of the billing rows' reporting totals per month
     * @param dso  dso_month.billings per month
     */
    public static List<String> billingsMatchDso(Map<YearMonth, BigDecimal> rows, Map<YearMonth, BigDecimal> dso) {
        Set<YearMonth> months = new TreeSet<>(rows.keySet());
        months.addAll(dso.keySet());
        List<String> out = new ArrayList<>();
        for (YearMonth m : months) {
            BigDecimal a = rows.getOrDefault(m, BigDecimal.ZERO);
            BigDecimal b = dso.getOrDefault(m, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                out.add(m + ": gold.billings sums to " + a.toPlainString() + " but gold.dso_month.billings is "
                        + b.toPlainString());
            }
        }
        return out;
    }

    /** Σ of every waterfall row (all recognition months, 'unscheduled' included) = what the row billed or booked. */
    public static List<String> waterfallRowsMatchBilled(List<RevenueFacts.WaterfallCell> cells,
                                                        List<RevenueFacts.RowTotal> totals) {
        Map<List<String>, BigDecimal> sums = new TreeMap<>(Journal.KEY);
        cells.stream().filter(c -> !c.rowMonth().equals(RevenueFacts.UNBILLED))
                .forEach(c -> sums.merge(List.of(c.rowMonth(), c.currency()), c.amount(), BigDecimal::add));
        Map<List<String>, BigDecimal> expected = new TreeMap<>(Journal.KEY);
        totals.forEach(t -> expected.merge(List.of(t.rowMonth(), t.currency()), t.amount(), BigDecimal::add));
        Set<List<String>> keys = new TreeSet<>(Journal.KEY);
        keys.addAll(sums.keySet());
        keys.addAll(expected.keySet());
        List<String> out = new ArrayList<>();
        for (List<String> k : keys) {
            BigDecimal a = sums.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal b = expected.getOrDefault(k, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                out.add("revenue waterfall row " + k.get(0) + " in " + k.get(1) + " sums to " + a.toPlainString()
                        + " but " + b.toPlainString() + " was billed (net of credit notes) in that month");
            }
        }
        return out;
    }

    /**
     * The roll-forward ties, per currency and month: opening = previous closing (deferred and unbilled);
     * closing − closing_unbilled = opening − opening_unbilled + billings − recognized; recognized = Σ of the revenue
     * schedules for the month; and, when AR flows are given, billings = invoice subtotals − credit notes ex tax.
     */
    public static List<String> rollForwardTies(List<RevenueFacts.DeferredRow> rows,
                                               Map<YearMonth, Map<String, BigDecimal>> recognizedBySchedule,
                                               List<Receivables.MonthFlows> flows) {
        Map<String, TreeMap<YearMonth, RevenueFacts.DeferredRow>> byCurrency = new TreeMap<>();
        rows.forEach(r -> byCurrency.computeIfAbsent(r.currency(), c -> new TreeMap<>()).put(r.month(), r));
        Map<List<String>, BigDecimal> billedByFlows = new TreeMap<>(Journal.KEY);
        if (flows != null) {
            flows.forEach(f -> billedByFlows.merge(List.of(f.month().toString(), f.currency()),
                    f.billingsExTax().subtract(f.creditsExTax()), BigDecimal::add));
        }
        List<String> out = new ArrayList<>();
        for (var e : byCurrency.entrySet()) {
            String currency = e.getKey();
            RevenueFacts.DeferredRow previous = null;
            for (RevenueFacts.DeferredRow r : e.getValue().values()) {
                String where = "deferred revenue " + r.month() + " " + currency + ": ";
                boolean contiguous = previous != null && previous.month().plusMonths(1).equals(r.month());
                BigDecimal prevClosing = contiguous ? previous.closing() : BigDecimal.ZERO;
                BigDecimal prevUnbilled = contiguous ? previous.closingUnbilled() : BigDecimal.ZERO;
                if (previous != null && !contiguous
                        && (previous.closing().signum() != 0 || previous.closingUnbilled().signum() != 0)) {
                    out.add("deferred revenue " + previous.month() + " " + currency + " closes at "
                            + previous.closing().toPlainString() + " / unbilled " + previous.closingUnbilled().toPlainString()
                            + " but the next month has no row");
                }
                if (r.opening().compareTo(prevClosing) != 0 || r.openingUnbilled().compareTo(prevUnbilled) != 0) {
                    out.add(where + "opening " + r.opening().toPlainString() + " / unbilled "
                            + r.openingUnbilled().toPlainString() + " differs from the previous closing "
                            + prevClosing.toPlainString() + " / unbilled " + prevUnbilled.toPlainString());
                }
                BigDecimal lhs = r.closing().subtract(r.closingUnbilled());
                BigDecimal rhs = r.opening().subtract(r.openingUnbilled()).add(r.billings()).subtract(r.recognized());
                if (lhs.compareTo(rhs) != 0) {
                    out.add(where + "closing − unbilled = " + lhs.toPlainString() + " but opening − unbilled + billings"
                            + " − recognized = " + rhs.toPlainString());
                }
                BigDecimal scheduled = recognizedBySchedule.getOrDefault(r.month(), Map.of())
                        .getOrDefault(currency, BigDecimal.ZERO);
                if (r.recognized().compareTo(scheduled) != 0) {
                    out.add(where + "recognized " + r.recognized().toPlainString() + " but the revenue schedules hold "
                            + scheduled.toPlainString());
                }
                if (flows != null) {
                    BigDecimal billed = billedByFlows.getOrDefault(List.of(r.month().toString(), currency),
                            BigDecimal.ZERO);
                    if (r.billings().compareTo(billed) != 0) {
                        out.add(where + "billings " + r.billings().toPlainString() + " but invoice subtotals less"
                                + " credit notes (tax excluded) are " + billed.toPlainString());
                    }
                }
                previous = r;
            }
        }
        for (var f : billedByFlows.entrySet()) {
            YearMonth m = YearMonth.parse(f.getKey().get(0));
            String currency = f.getKey().get(1);
            boolean hasRow = byCurrency.containsKey(currency) && byCurrency.get(currency).containsKey(m);
            if (!hasRow && f.getValue().signum() != 0) {
                out.add("deferred revenue " + m + " " + currency + ": no row, but invoices less credit notes billed "
                        + f.getValue().toPlainString());
            }
        }
        return out;
    }

    /** Every journal entry balances, per month and currency. */
    public static List<String> journalBalances(List<Journal.Line> lines) {
        Map<List<String>, BigDecimal> net = new TreeMap<>(Journal.KEY);
        lines.forEach(l -> net.merge(List.of(l.month() + " " + l.currency(), l.entry()), l.net(), BigDecimal::add));
        List<String> out = new ArrayList<>();
        net.forEach((k, v) -> {
            if (v.signum() != 0) {
                out.add("journal " + k.get(0) + " entry " + k.get(1) + " is off balance by " + v.toPlainString());
            }
        });
        return out;
    }

    /** rpo = deferred − unbilled + backlog, and deferred and unbilled agree with the roll-forward's closing. */
    public static List<String> rpoTies(List<RevenueFacts.RpoRow> rpo, List<RevenueFacts.DeferredRow> deferred) {
        Map<List<String>, RevenueFacts.DeferredRow> d = new TreeMap<>(Journal.KEY);
        deferred.forEach(r -> d.put(List.of(r.month().toString(), r.currency()), r));
        List<String> out = new ArrayList<>();
        for (RevenueFacts.RpoRow r : rpo) {
            String where = "RPO " + r.month() + " " + r.currency() + ": ";
            if (r.rpo().compareTo(r.deferred().subtract(r.unbilled()).add(r.backlog())) != 0) {
                out.add(where + "rpo " + r.rpo().toPlainString() + " ≠ deferred − unbilled + backlog = "
                        + r.deferred().subtract(r.unbilled()).add(r.backlog()).toPlainString());
            }
            RevenueFacts.DeferredRow x = d.get(List.of(r.month().toString(), r.currency()));
            BigDecimal closing = x == null ? BigDecimal.ZERO : x.closing();
            BigDecimal unbilled = x == null ? BigDecimal.ZERO : x.closingUnbilled();
            if (closing.compareTo(r.deferred()) != 0 || unbilled.compareTo(r.unbilled()) != 0) {
                out.add(where + "deferred " + r.deferred().toPlainString() + " / unbilled " + r.unbilled().toPlainString()
                        + " differ from the roll-forward's closing " + closing.toPlainString() + " / "
                        + unbilled.toPlainString());
            }
        }
        return out;
    }

    /**
     * Σ customers = company: every money column of a per-customer table (e.g. gold.deferred_revenue_customer), summed
     * per month and currency, must equal the company table's row (gold.deferred_revenue) to the cent. A key that one
     * side lacks counts as zeros there, so a company row with no customers behind it fails unless it is all zero.
     *
     * @param customers Σ over customers per "YYYY-MM CUR" → column → amount
     * @param company   the company row per "YYYY-MM CUR" → column → amount
     */
    public static List<String> customerSumsMatchCompany(String customerTable, String companyTable, List<String> columns,
                                                        Map<String, Map<String, BigDecimal>> customers,
                                                        Map<String, Map<String, BigDecimal>> company) {
        Set<String> keys = new TreeSet<>(customers.keySet());
        keys.addAll(company.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            Map<String, BigDecimal> sum = customers.getOrDefault(key, Map.of());
            Map<String, BigDecimal> whole = company.getOrDefault(key, Map.of());
            List<String> differ = new ArrayList<>();
            for (String c : columns) {
                BigDecimal a = sum.getOrDefault(c, BigDecimal.ZERO);
                BigDecimal b = whole.getOrDefault(c, BigDecimal.ZERO);
                if (a.compareTo(b) != 0) {
                    differ.add(c + " " + a.setScale(2).toPlainString() + " vs " + b.setScale(2).toPlainString());
                }
            }
            if (!differ.isEmpty()) {
                out.add(key + ": Σ " + customerTable + " differs from " + companyTable + " ("
                        + String.join(", ", differ) + "; customers vs company)");
            }
        }
        return out;
    }
}
