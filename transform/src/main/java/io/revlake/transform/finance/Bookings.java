package io.revlake.transform.finance;

import io.revlake.transform.recurring.FxTable;
import io.revlake.transform.recurring.RenewalCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Bookings: contracts by signing month, and closed-won opportunities that no contract references by close month.
 *
 * <p>Type: the referenced opportunity's type when it has one; otherwise, among the customer's contracts in signing
 * order, the first is {@code new}; one starting while an earlier contract is active is {@code expansion}; one
 * starting within {@link RenewalCalculator#GRACE_DAYS} days of an earlier contract's end is {@code renewal}; one
 * starting after a longer gap is {@code new} again (a win-back). An opportunity without a type is {@code new}.
 */
public final class Bookings {
    public static final String NEW = "new";
    public static final String EXPANSION = "expansion";
    public static final String RENEWAL = "renewal";

    private Bookings() {
    }

    public record Booking(String source, String bookingId, String customerId, LocalDate bookedDate, String type,
                          String currency, BigDecimal tcv, double contractYears, BigDecimal acv, BigDecimal fxRate,
                          BigDecimal tcvReporting, BigDecimal acvReporting) {
        public YearMonth month() {
            return YearMonth.from(bookedDate);
        }
    }

    public record MonthType(YearMonth month, String type, long bookings, BigDecimal tcv, BigDecimal acv) {
    }

    /**
     * Contract length in years by calendar months: whole months between start and end, plus the remaining days as a
     * fraction of the month they fall in, divided by 12 (2024-01-01 to 2025-01-01 is exactly 1 year).
     */
    public static double contractYears(LocalDate start, LocalDate end) {
        long months = ChronoUnit.MONTHS.between(start, end);
        LocalDate anchor = start.plusMonths(months);
        long rest = ChronoUnit.DAYS.between(anchor, end);
        double fraction = rest == 0 ? 0 : (double) rest / anchor.lengthOfMonth();
        return (months + fraction) / 12.0;
    }

    /** TCV ÷ contract years, for contracts of at least a year; TCV itself for shorter ones (never annualised up). */
    public static BigDecimal acv(BigDecimal tcv, double contractYears) {
        if (contractYears <= 1.0) {
            return Cents.round(tcv);
        }
        return tcv.divide(BigDecimal.valueOf(contractYears), Cents.EXACT).setScale(2, RoundingMode.HALF_UP);
    }

    static String classify(Contract c, List<Contract> customerContracts) {
        if (c.opportunityType() != null && !c.opportunityType().isBlank()) {
            return c.opportunityType().toLowerCase(Locale.ROOT);
        }
        Comparator<Contract> order = Comparator.comparing(Contract::signed).thenComparing(Contract::start)
                .thenComparing(Contract::contractId);
        List<Contract> earlier = customerContracts.stream().filter(o -> order.compare(o, c) < 0).toList();
        if (earlier.isEmpty()) {
            return NEW;
        }
        if (earlier.stream().anyMatch(o -> o.isActiveOn(c.start()))) {
            return EXPANSION;
        }
        if (earlier.stream().anyMatch(o -> Math.abs(ChronoUnit.DAYS.between(o.end(), c.start()))
                <= RenewalCalculator.GRACE_DAYS)) {
            return RENEWAL;
        }
        return NEW;
    }

    /** Bookings of contracts signed and opportunities closed on or before {@code asOf}, converted at the booking date. */
    public static List<Booking> bookings(List<Contract> contracts, List<Opportunity> closedWon, LocalDate asOf,
                                         FxTable fx) {
        List<Contract> signed = contracts.stream().filter(c -> !c.signed().isAfter(asOf)).toList();
        Map<String, List<Contract>> byCustomer = signed.stream().collect(Collectors.groupingBy(Contract::customerId));
        java.util.Set<String> referenced = signed.stream().map(Contract::opportunityId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        List<Booking> out = new ArrayList<>();
        for (Contract c : signed) {
            double years = contractYears(c.start(), c.end());
            out.add(booking("contract", c.contractId(), c.customerId(), c.signed(), classify(c, byCustomer.get(c.customerId())),
                    c.currency(), c.transactionPrice(), years, fx));
        }
        for (Opportunity o : closedWon) {
            if (o.closeDate().isAfter(asOf) || referenced.contains(o.opportunityId())) {
                continue;
            }
            String type = o.type() == null || o.type().isBlank() ? NEW : o.type().toLowerCase(Locale.ROOT);
            out.add(booking("opportunity", o.opportunityId(), o.customerId(), o.closeDate(), type, o.currency(),
                    o.amount(), 1.0, fx));
        }
        out.sort(Comparator.comparing(Booking::bookedDate).thenComparing(Booking::source).thenComparing(Booking::bookingId));
        return out;
    }

    private static Booking booking(String source, String id, String customerId, LocalDate date, String type,
                                   String currency, BigDecimal tcv, double years, FxTable fx) {
        BigDecimal acv = acv(tcv, years);
        BigDecimal rate = fx.rate(currency, date);
        return new Booking(source, id, customerId, date, type, currency, tcv, years, acv, rate,
                Cents.round(tcv.multiply(rate)), Cents.round(acv.multiply(rate)));
    }

    /** Totals per month and type in the reporting currency. */
    public static List<MonthType> byMonth(List<Booking> bookings) {
        Map<List<String>, Object[]> acc = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Booking b : bookings) {
            Object[] a = acc.computeIfAbsent(List.of(b.month().toString(), b.type()),
                    k -> new Object[] {0L, BigDecimal.ZERO, BigDecimal.ZERO});
            a[0] = (long) a[0] + 1;
            a[1] = ((BigDecimal) a[1]).add(b.tcvReporting());
            a[2] = ((BigDecimal) a[2]).add(b.acvReporting());
        }
        List<MonthType> out = new ArrayList<>();
        acc.forEach((k, a) -> out.add(new MonthType(YearMonth.parse(k.get(0)), k.get(1), (long) a[0],
                (BigDecimal) a[1], (BigDecimal) a[2])));
        return out;
    }
}
