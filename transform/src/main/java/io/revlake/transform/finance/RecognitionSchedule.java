package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Revenue of one performance obligation per calendar month.
 *
 * <ul>
 *   <li><b>Ratable</b> over [start, end): a month gets price × (days of the month inside the period) ÷ (days of the
 *       period), to the cent; the last month gets what is left, so the months sum exactly to the price.</li>
 *   <li><b>Point in time</b>: the whole price in the month of the delivery date.</li>
 *   <li><b>Usage</b>: what is billed, in the month of the invoice.</li>
 * </ul>
 *
 * <p>Price events are accounted for prospectively ({@link ContractModification}): a <b>credit</b> at date C lowers
 * what is left to recognise from C on; revenue before C is never restated. For a ratable obligation the part of the
 * current segment before C is recognised at the segment's daily rate, and what remains (less the credit) becomes a
 * new segment from C to the end, again with its residue in the last month. A credit larger than what remains, or a
 * credit after the obligation is fully recognised, reduces revenue in C's month. A <b>cancellation</b> at C ends a
 * ratable obligation: what remains is recognised in C's month (nothing is left to deliver).
 */
public final class RecognitionSchedule {
    private RecognitionSchedule() {
    }

    public enum EventKind { BILLING, CREDIT, CANCEL }

    /** A dated change: a usage billing (+amount), a credit (amount to take off, ≥ 0), or a cancellation. */
    public record PriceEvent(LocalDate date, EventKind kind, BigDecimal amount) implements Serializable {
        public PriceEvent {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(kind, "kind");
            amount = amount == null ? BigDecimal.ZERO : amount;
        }
    }

    /**
     * What to recognise and when: for ratable [start, end); for point in time {@code start} is the delivery date;
     * usage needs no dates.
     */
    public record Terms(RecognitionMethod method, BigDecimal price, LocalDate start, LocalDate end)
            implements Serializable {
        public Terms {
            Objects.requireNonNull(method, "method");
            price = price == null ? BigDecimal.ZERO : price;
            if (method == RecognitionMethod.RATABLE && (start == null || end == null || !end.isAfter(start))) {
                throw new IllegalArgumentException("a ratable obligation needs start < end: " + start + ", " + end);
            }
            if (method == RecognitionMethod.POINT_IN_TIME) {
                Objects.requireNonNull(start, "delivery date");
            }
        }

        public static Terms ratable(BigDecimal price, LocalDate start, LocalDate end) {
            return new Terms(RecognitionMethod.RATABLE, price, start, end);
        }

        public static Terms pointInTime(BigDecimal price, LocalDate delivery) {
            return new Terms(RecognitionMethod.POINT_IN_TIME, price, delivery, null);
        }

        public static Terms usage() {
            return new Terms(RecognitionMethod.USAGE, BigDecimal.ZERO, null, null);
        }
    }

    /** Price over [start, end) by days, residue in the last month. */
    public static TreeMap<YearMonth, BigDecimal> ratable(BigDecimal price, LocalDate start, LocalDate end) {
        return schedule(Terms.ratable(price, start, end), List.of());
    }

    /** The months with their revenue; months that net to zero are left out. */
    public static TreeMap<YearMonth, BigDecimal> schedule(Terms terms, List<PriceEvent> events) {
        List<PriceEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(PriceEvent::date).thenComparing(PriceEvent::kind));
        TreeMap<YearMonth, BigDecimal> cells = new TreeMap<>();
        switch (terms.method()) {
            case RATABLE -> ratable(terms, sorted, cells);
            case POINT_IN_TIME -> pointInTime(terms, sorted, cells);
            case USAGE -> {
                for (PriceEvent e : sorted) {
                    if (e.kind() == EventKind.BILLING) {
                        add(cells, e.date(), e.amount());
                    } else if (e.kind() == EventKind.CREDIT) {
                        add(cells, e.date(), e.amount().negate());
                    }
                }
            }
        }
        cells.values().removeIf(v -> v.signum() == 0);
        return cells;
    }

    /** What the schedule sums to: price − credits, or for usage billed − credits. */
    public static BigDecimal total(Terms terms, List<PriceEvent> events) {
        BigDecimal t = terms.method() == RecognitionMethod.USAGE ? BigDecimal.ZERO : terms.price();
        for (PriceEvent e : events) {
            if (e.kind() == EventKind.CREDIT) {
                t = t.subtract(e.amount());
            } else if (e.kind() == EventKind.BILLING && terms.method() == RecognitionMethod.USAGE) {
                t = t.add(e.amount());
            }
        }
        return t;
    }

    private static void ratable(Terms terms, List<PriceEvent> events, TreeMap<YearMonth, BigDecimal> cells) {
        LocalDate end = terms.end();
        LocalDate segStart = terms.start();
        BigDecimal segment = terms.price();
        boolean ended = false;
        for (PriceEvent e : events) {
            if (e.kind() == EventKind.BILLING) {
                continue;
            }
            LocalDate c = e.date();
            if (ended) {
                if (e.kind() == EventKind.CREDIT) {
                    add(cells, c, e.amount().negate());
                }
                continue;
            }
            if (!c.isBefore(end)) {
                // fully satisfied before the event
                spread(cells, segment, segStart, end, end);
                segment = BigDecimal.ZERO;
                ended = true;
                if (e.kind() == EventKind.CREDIT) {
                    add(cells, c, e.amount().negate());
                }
                continue;
            }
            LocalDate at = c.isBefore(segStart) ? segStart : c;
            BigDecimal remaining = segment.subtract(spread(cells, segment, segStart, end, at));
            if (e.kind() == EventKind.CREDIT) {
                ContractModification.Result r = ContractModification.prospective(remaining,
                        BigDecimal.valueOf(ChronoUnit.DAYS.between(at, end)), e.amount().negate(), BigDecimal.ZERO,
                        BigDecimal.ZERO);
                add(cells, c, r.revenueAdjustment());
                segment = r.remainingPrice();
            } else {
                add(cells, at, remaining);
                segment = BigDecimal.ZERO;
                ended = true;
            }
            segStart = at;
        }
        if (!ended) {
            spread(cells, segment, segStart, end, end);
        }
    }

    /**
     * Recognises the part of a segment [from, end) worth {@code amount} that falls in [from, until), until ≤ end;
     * when until = end the last month takes the residue. Returns what it recognised.
     */
    private static BigDecimal spread(TreeMap<YearMonth, BigDecimal> cells, BigDecimal amount, LocalDate from,
                                     LocalDate end, LocalDate until) {
        if (amount.signum() == 0 || !until.isAfter(from)) {
            return BigDecimal.ZERO;
        }
        long total = ChronoUnit.DAYS.between(from, end);
        YearMonth last = YearMonth.from(until.minusDays(1));
        BigDecimal recognised = BigDecimal.ZERO;
        for (YearMonth m = YearMonth.from(from); !m.isAfter(last); m = m.plusMonths(1)) {
            BigDecimal cell;
            if (m.equals(last) && until.equals(end)) {
                cell = amount.subtract(recognised);
            } else {
                LocalDate a = m.atDay(1).isBefore(from) ? from : m.atDay(1);
                LocalDate b = m.plusMonths(1).atDay(1).isAfter(until) ? until : m.plusMonths(1).atDay(1);
                cell = Cents.share(amount, ChronoUnit.DAYS.between(a, b), total);
            }
            cells.merge(m, cell, BigDecimal::add);
            recognised = recognised.add(cell);
        }
        return recognised;
    }

    private static void pointInTime(Terms terms, List<PriceEvent> events, TreeMap<YearMonth, BigDecimal> cells) {
        LocalDate delivery = terms.start();
        BigDecimal remaining = terms.price();
        boolean done = false;
        for (PriceEvent e : events) {
            if (e.kind() != EventKind.CREDIT) {
                continue;
            }
            if (!done && !e.date().isBefore(delivery)) {
                add(cells, delivery, remaining);
                remaining = BigDecimal.ZERO;
                done = true;
            }
            if (done) {
                add(cells, e.date(), e.amount().negate());
            } else {
                ContractModification.Result r = ContractModification.prospective(remaining, BigDecimal.ONE,
                        e.amount().negate(), BigDecimal.ZERO, BigDecimal.ZERO);
                add(cells, e.date(), r.revenueAdjustment());
                remaining = r.remainingPrice();
            }
        }
        if (!done) {
            add(cells, delivery, remaining);
        }
    }

    private static void add(Map<YearMonth, BigDecimal> cells, LocalDate date, BigDecimal amount) {
        if (amount.signum() != 0) {
            cells.merge(YearMonth.from(date), amount, BigDecimal::add);
        }
    }
}
