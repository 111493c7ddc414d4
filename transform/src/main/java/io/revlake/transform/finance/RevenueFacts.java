package io.revlake.transform.finance;

import io.revlake.transform.finance.RevenueEngine.BillingEvent;
import io.revlake.transform.finance.RevenueEngine.ObligationSchedule;
import io.revlake.transform.finance.RevenueEngine.Unit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revenue views of one customer's {@link RevenueEngine.Result} up to an as-of date: schedule rows, waterfall
 * cells, the deferred revenue roll-forward and RPO. Each is additive over customers, so a job sums them per month
 * and currency.
 */
public final class RevenueFacts {
    /** Waterfall row of scheduled revenue that no invoice has billed yet. */
    public static final String UNBILLED = "unbilled";
    /** Waterfall column of billed amounts that no obligation will recognise. */
    public static final String UNSCHEDULED = "unscheduled";

    private RevenueFacts() {
    }

    public record ScheduleRow(String source, String obligationId, String contractId, String customerId, String method,
                              YearMonth month, String currency, BigDecimal allocatedPrice, BigDecimal recognized,
                              boolean isRecognized) {
    }

    public record WaterfallCell(String rowMonth, String recognitionMonth, String currency, BigDecimal amount) {
    }

    /** What a waterfall row must sum to: billed (net of credit notes) or booked in that month. */
    public record RowTotal(String rowMonth, String currency, BigDecimal amount) {
    }

    public record DeferredRow(YearMonth month, String currency, BigDecimal opening, BigDecimal openingUnbilled,
                              BigDecimal billings, BigDecimal recognized, BigDecimal closing,
                              BigDecimal closingUnbilled) {
        boolean isZero() {
            return opening.signum() == 0 && openingUnbilled.signum() == 0 && billings.signum() == 0
                    && recognized.signum() == 0 && closing.signum() == 0 && closingUnbilled.signum() == 0;
        }
    }

    public record RpoRow(YearMonth month, String currency, BigDecimal deferred, BigDecimal unbilled, BigDecimal backlog,
                         BigDecimal rpo, BigDecimal crpo) {
    }

    public record Facts(List<ScheduleRow> schedule, List<WaterfallCell> waterfall, List<RowTotal> rowTotals,
                        List<DeferredRow> deferred, List<RpoRow> rpo, List<String> violations) {
    }

    public static Facts of(RevenueEngine.Result result, LocalDate asOf, WaterfallRows rows) {
        YearMonth asOfMonth = YearMonth.from(asOf);
        Map<String, List<ObligationSchedule>> obsByUnit = new LinkedHashMap<>();
        result.units().forEach(u -> obsByUnit.put(u.key(), new ArrayList<>()));
        result.obligations().forEach(o -> obsByUnit.get(o.unitKey()).add(o));
        Map<String, List<BillingEvent>> billsByUnit = new HashMap<>();
        result.billings().forEach(b -> billsByUnit.computeIfAbsent(b.unitKey(), k -> new ArrayList<>()).add(b));

        List<ScheduleRow> schedule = new ArrayList<>();
        for (ObligationSchedule o : result.obligations()) {
            o.cells().forEach((m, v) -> schedule.add(new ScheduleRow(o.source(), o.obligationId(), o.unitId(),
                    o.customerId(), o.method(), m, o.currency(), o.price(), v, !m.isAfter(asOfMonth))));
        }

        List<WaterfallCell> waterfall = new ArrayList<>();
        List<RowTotal> rowTotals = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Map<List<String>, BigDecimal[]> deferred = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        Map<List<String>, BigDecimal[]> rpo = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Unit u : result.units()) {
            List<ObligationSchedule> obs = obsByUnit.get(u.key());
            List<BillingEvent> bills = billsByUnit.getOrDefault(u.key(), List.of());
            TreeMap<YearMonth, BigDecimal> cells = new TreeMap<>();
            obs.forEach(o -> o.cells().forEach((m, v) -> cells.merge(m, v, BigDecimal::add)));
            waterfall(u, cells, bills, rows, waterfall, rowTotals);
            unitBalances(u, obs, cells, bills, asOf, deferred, rpo, violations);
        }
        List<DeferredRow> deferredRows = new ArrayList<>();
        deferred.forEach((k, a) -> {
            DeferredRow r = new DeferredRow(YearMonth.parse(k.get(0)), k.get(1), a[0], a[1], a[2], a[3], a[4], a[5]);
            if (!r.isZero()) {
                deferredRows.add(r);
            }
        });
        List<RpoRow> rpoRows = new ArrayList<>();
        rpo.forEach((k, a) -> rpoRows.add(new RpoRow(YearMonth.parse(k.get(0)), k.get(1), a[0], a[1], a[2], a[3], a[4])));
        return new Facts(schedule, waterfall, rowTotals, deferredRows, rpoRows, violations);
    }

    private static void waterfall(Unit u, TreeMap<YearMonth, BigDecimal> cells, List<BillingEvent> bills,
                                  WaterfallRows rows, List<WaterfallCell> out, List<RowTotal> totals) {
        String currency = u.currency();
        if (rows == WaterfallRows.BOOKING || u.source().equals(RevenueEngine.INVOICE)) {
            String row = YearMonth.from(u.bookedDate()).toString();
            BigDecimal total = BigDecimal.ZERO;
            for (var e : cells.entrySet()) {
                out.add(new WaterfallCell(row, e.getKey().toString(), currency, e.getValue()));
                total = total.add(e.getValue());
            }
            if (rows == WaterfallRows.BOOKING) {
                totals.add(new RowTotal(row, currency, total));
            } else {
                for (BillingEvent b : bills) {
                    totals.add(new RowTotal(YearMonth.from(b.invoiceDate()).toString(), currency, b.amount()));
                }
            }
            return;
        }
        // billing rows of a contract: its revenue consumes its invoices first in, first out
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        Map<String, String> rowOf = new HashMap<>();
        bills.stream().sorted(Comparator.comparing(BillingEvent::invoiceDate).thenComparing(BillingEvent::invoiceId))
                .forEach(b -> {
                    net.merge(b.invoiceId(), b.amount(), BigDecimal::add);
                    rowOf.put(b.invoiceId(), YearMonth.from(b.invoiceDate()).toString());
                    totals.add(new RowTotal(YearMonth.from(b.invoiceDate()).toString(), currency, b.amount()));
                });
        List<String> rowsOfSlots = new ArrayList<>();
        List<BigDecimal> left = new ArrayList<>();
        net.forEach((invoiceId, amount) -> {
            if (amount.signum() > 0) {
                rowsOfSlots.add(rowOf.get(invoiceId));
                left.add(amount);
            } else if (amount.signum() < 0) {
                out.add(new WaterfallCell(rowOf.get(invoiceId), UNSCHEDULED, currency, amount));
            }
        });
        int head = 0;
        int last = -1;
        for (var e : cells.entrySet()) {
            String month = e.getKey().toString();
            BigDecimal r = e.getValue();
            if (r.signum() > 0) {
                while (r.signum() > 0 && head < left.size()) {
                    BigDecimal take = r.min(left.get(head));
                    if (take.signum() > 0) {
                        out.add(new WaterfallCell(rowsOfSlots.get(head), month, currency, take));
                        left.set(head, left.get(head).subtract(take));
                        r = r.subtract(take);
                        last = head;
                    }
                    if (left.get(head).signum() == 0) {
                        head++;
                    }
                }
                if (r.signum() > 0) {
                    out.add(new WaterfallCell(UNBILLED, month, currency, r));
                }
            } else if (r.signum() < 0) {
                int target = last >= 0 ? last : head < left.size() ? head : -1;
                if (target < 0) {
                    out.add(new WaterfallCell(UNBILLED, month, currency, r));
                } else {
                    out.add(new WaterfallCell(rowsOfSlots.get(target), month, currency, r));
                    left.set(target, left.get(target).subtract(r));
                    head = Math.min(head, target);
                }
            }
        }
        for (int i = 0; i < left.size(); i++) {
            if (left.get(i).signum() != 0) {
                out.add(new WaterfallCell(rowsOfSlots.get(i), UNSCHEDULED, currency, left.get(i)));
            }
        }
    }

    /** Deferred revenue / unbilled receivable, backlog, RPO and cRPO of one unit at every month end. */
    private static void unitBalances(Unit u, List<ObligationSchedule> obs, TreeMap<YearMonth, BigDecimal> cells,
                                     List<BillingEvent> bills, LocalDate asOf, Map<List<String>, BigDecimal[]> deferred,
                                     Map<List<String>, BigDecimal[]> rpo, List<String> violations) {
        YearMonth asOfMonth = YearMonth.from(asOf);
        TreeMap<YearMonth, BigDecimal> billed = new TreeMap<>();
        bills.forEach(b -> billed.merge(YearMonth.from(b.date()), b.amount(), BigDecimal::add));
        YearMonth first = null;
        for (YearMonth m : List.of(billed.isEmpty() ? asOfMonth.plusMonths(1) : billed.firstKey(),
                cells.isEmpty() ? asOfMonth.plusMonths(1) : cells.firstKey(), YearMonth.from(u.bookedDate()))) {
            first = first == null || m.isBefore(first) ? m : first;
        }
        BigDecimal n = BigDecimal.ZERO;
        BigDecimal billedToDate = BigDecimal.ZERO;
        BigDecimal recognizedToDate = BigDecimal.ZERO;
        for (YearMonth m = first; !m.isAfter(asOfMonth); m = m.plusMonths(1)) {
            BigDecimal b = billed.getOrDefault(m, BigDecimal.ZERO);
            BigDecimal r = cells.getOrDefault(m, BigDecimal.ZERO);
            BigDecimal before = n;
            n = n.add(b).subtract(r);
            billedToDate = billedToDate.add(b);
            recognizedToDate = recognizedToDate.add(r);
            BigDecimal[] d = deferred.computeIfAbsent(List.of(m.toString(), u.currency()), k -> zeros(6));
            d[0] = d[0].add(before.max(BigDecimal.ZERO));
            d[1] = d[1].add(before.negate().max(BigDecimal.ZERO));
            d[2] = d[2].add(b);
            d[3] = d[3].add(r);
            d[4] = d[4].add(n.max(BigDecimal.ZERO));
            d[5] = d[5].add(n.negate().max(BigDecimal.ZERO));

            LocalDate cutoff = m.atEndOfMonth();
            boolean priced = u.signedDate() == null || !u.signedDate().isAfter(cutoff) || recognizedToDate.signum() != 0
                    || billedToDate.signum() != 0;
            BigDecimal price = BigDecimal.ZERO;
            BigDecimal scheduledAfter = BigDecimal.ZERO;
            BigDecimal crpo = BigDecimal.ZERO;
            if (priced) {
                for (ObligationSchedule o : obs) {
                    price = price.add(o.priceAt(cutoff));
                    TreeMap<YearMonth, BigDecimal> known = knownAt(o, cutoff);
                    for (var e : known.tailMap(m, false).entrySet()) {
                        scheduledAfter = scheduledAfter.add(e.getValue());
                        if (!e.getKey().isAfter(m.plusMonths(12)) && !o.isUsage()) {
                            crpo = crpo.add(e.getValue());
                        }
                    }
                }
            }
            BigDecimal remaining = price.subtract(recognizedToDate);
            if (priced && remaining.compareTo(scheduledAfter) != 0) {
                violations.add(u.source() + " " + u.unitId() + " at the end of " + m + ": price known then less"
                        + " revenue to date is " + remaining.toPlainString() + " but its schedules as known then leave "
                        + scheduledAfter.toPlainString() + " to recognise");
            }
            BigDecimal[] p = rpo.computeIfAbsent(List.of(m.toString(), u.currency()), k -> zeros(5));
            p[0] = p[0].add(n.max(BigDecimal.ZERO));
            p[1] = p[1].add(n.negate().max(BigDecimal.ZERO));
            p[2] = p[2].add(price.subtract(billedToDate));
            p[3] = p[3].add(remaining);
            p[4] = p[4].add(crpo);
        }
    }

    /** The schedule as it stood at a date: only the events dated by then. */
    static TreeMap<YearMonth, BigDecimal> knownAt(ObligationSchedule o, LocalDate cutoff) {
        if (o.events().stream().noneMatch(e -> e.date().isAfter(cutoff))) {
            return o.cells();
        }
        return RecognitionSchedule.schedule(o.terms(),
                o.events().stream().filter(e -> !e.date().isAfter(cutoff)).toList());
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] a = new BigDecimal[n];
        java.util.Arrays.fill(a, BigDecimal.ZERO);
        return a;
    }
}
