package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Month-end MRR and movements of one customer from its subscription items. Pure: the Spark job calls it once per
 * customer, tests call it on hand-worked items.
 *
 * <p>Month M is measured at its last day, or at the as-of date for the as-of month. Customer MRR is the exact
 * sum of item MRRs ({@link MonthlyAmount}), rounded to cents once per view: source currency, reporting currency at the month-end rate, and
 * constant currency at the base month's rate. Movements compare constant-currency MRR of consecutive months; the
 * {@code fx} movement carries the rest of the reporting-currency change, so the bridge holds to the cent.
 */
public final class CustomerMrrCalculator {
    private CustomerMrrCalculator() {
    }

    /**
     * @param plans the customer's main plan ({@link #mainPlan}) of each month with MRR at its end, and of a
     *              same-month sign-up and cancel (policy count) on its first paying day; absent = no plan id
     */
    public record Result(List<CustomerMonthMrr> months, List<MrrMovement> movements, List<Retention12> retention12,
                         java.util.Map<YearMonth, String> plans) {
        public Result(List<CustomerMonthMrr> months, List<MrrMovement> movements, List<Retention12> retention12) {
            this(months, movements, retention12, java.util.Map.of());
        }
    }

    /**
     * @param items     all items of one customer
     * @param asOf      facts are computed up to this date
     * @param baseMonth the constant-currency base month
     */
    public static Result compute(String customerId, List<SubscriptionItem> items, LocalDate asOf, FxTable fx,
                                 YearMonth baseMonth, DiscountPolicy discounts) {
        return compute(customerId, items, asOf, fx, baseMonth, discounts, FxDatePolicy.MONTH_END);
    }

    /**
     * @param fxDate {@link FxDatePolicy#MONTH_END}: the customer's MRR at the snapshot's rate;
     *               {@link FxDatePolicy#INVOICE_DATE}: each item at the rate of its billing period's start, summed
     *               exactly and rounded once (the recorded rate is then the effective one, to 10 decimals)
     */
    public static Result compute(String customerId, List<SubscriptionItem> items, LocalDate asOf, FxTable fx,
                                 YearMonth baseMonth, DiscountPolicy discounts, FxDatePolicy fxDate) {
        return compute(customerId, items, asOf, fx, baseMonth, discounts, fxDate, SameMonthChurnPolicy.IGNORE);
    }

    /**
     * @param sameMonth {@link SameMonthChurnPolicy#COUNT}: a month with no MRR at either end but a paying day in
     *                  between gets new (or reactivation) and churn movements of the MRR of its first paying day
     */
    public static Result compute(String customerId, List<SubscriptionItem> items, LocalDate asOf, FxTable fx,
                                 YearMonth baseMonth, DiscountPolicy discounts, FxDatePolicy fxDate,
                                 SameMonthChurnPolicy sameMonth) {
        List<CustomerMonthMrr> months = new ArrayList<>();
        List<MrrMovement> movements = new ArrayList<>();
        List<Retention12> retention12 = new ArrayList<>();
        java.util.Map<YearMonth, BigDecimal> constantByMonth = new java.util.HashMap<>();
        java.util.Map<YearMonth, String> plans = new java.util.HashMap<>();
        Optional<LocalDate> firstStart = items.stream().map(SubscriptionItem::start).min(Comparator.naturalOrder());
        if (firstStart.isEmpty() || firstStart.get().isAfter(asOf)) {
            return new Result(months, movements, retention12, plans);
        }
        YearMonth last = YearMonth.from(asOf);
        BigDecimal prevRep = BigDecimal.ZERO;
        BigDecimal prevConst = BigDecimal.ZERO;
        String prevCurrency = null;
        boolean paidBefore = false;
        for (YearMonth m = YearMonth.from(firstStart.get()); !m.isAfter(last); m = m.plusMonths(1)) {
            LocalDate snapshot = m.equals(last) ? asOf : m.atEndOfMonth();
            MonthlyAmount exact = MonthlyAmount.ZERO;
            MonthlyAmount atInvoiceRates = MonthlyAmount.ZERO;
            long active = 0;
            BigDecimal seats = BigDecimal.ZERO;
            TreeSet<String> currencies = new TreeSet<>();
            // Summed here rather than by mainPlan: each item's MRR is worked out once per month.
            java.util.Map<String, MonthlyAmount> byPlan = new java.util.TreeMap<>();
            for (SubscriptionItem item : items) {
                if (item.isActiveOn(snapshot)) {
                    active++;
                    MonthlyAmount mrr = item.monthlyOn(snapshot, discounts);
                    if (mrr.signum() > 0) {
                        exact = exact.add(mrr);
                        currencies.add(item.currency());
                        if (item.planId() != null) {
                            byPlan.merge(item.planId(), mrr, MonthlyAmount::add);
                        }
                        if (fxDate == FxDatePolicy.INVOICE_DATE) {
                            atInvoiceRates = atInvoiceRates.add(
                                    mrr.times(fx.rate(item.currency(), item.billingPeriodStart(snapshot))));
                        }
                        if (item.seatBased()) {
                            seats = seats.add(item.quantity());
                        }
                    }
                }
            }
            if (currencies.size() > 1) {
                throw new IllegalStateException("Customer " + customerId + " has MRR in several currencies at "
                        + snapshot + ": " + currencies + " (a customer is billed in one currency)");
            }
            BigDecimal curRep = BigDecimal.ZERO;
            BigDecimal curConst = BigDecimal.ZERO;
            String currency = currencies.isEmpty() ? prevCurrency : currencies.first();
            if (exact.signum() > 0) {
                BigDecimal rate;
                if (fxDate == FxDatePolicy.INVOICE_DATE) {
                    curRep = atInvoiceRates.cents();
                    rate = atInvoiceRates.approximate().divide(exact.approximate(), 10, java.math.RoundingMode.HALF_EVEN);
                } else {
                    rate = fx.rate(currency, snapshot);
                    curRep = exact.centsAt(rate);
                }
                curConst = exact.centsAt(fx.constantRate(currency, baseMonth.atEndOfMonth()));
                months.add(new CustomerMonthMrr(m, customerId, currency, exact.cents(), curRep, curConst, rate, active,
                        seats));
                constantByMonth.put(m, curConst);
                YearMonth month = m;
                largestPlan(byPlan).ifPresent(plan -> plans.put(month, plan));
            }
            Optional<Movement.Classified> moved = Movement.classify(prevConst, curConst, paidBefore);
            if (moved.isPresent()) {
                movements.add(new MrrMovement(m, customerId, moved.get().movement(), moved.get().amount(), currency));
            }
            if (sameMonth == SameMonthChurnPolicy.COUNT && prevConst.signum() == 0 && curConst.signum() == 0) {
                Optional<FirstDay> joined = firstPayingDay(customerId, items, m, snapshot, discounts, fx, baseMonth);
                if (joined.isPresent()) {
                    MrrMovement in = joined.get().movement();
                    YearMonth month = m;
                    mainPlan(items, joined.get().day(), discounts).ifPresent(plan -> plans.put(month, plan));
                    Movement kind = paidBefore ? Movement.REACTIVATION : Movement.NEW;
                    movements.add(new MrrMovement(m, customerId, kind, in.amount(), in.currency()));
                    movements.add(new MrrMovement(m, customerId, Movement.CHURN, in.amount().negate(), in.currency()));
                    paidBefore = true;
                    currency = in.currency();
                }
            }
            BigDecimal fxEffect = curRep.subtract(prevRep).subtract(curConst.subtract(prevConst));
            if (fxEffect.signum() != 0) {
                movements.add(new MrrMovement(m, customerId, Movement.FX, fxEffect, currency));
            }
            BigDecimal yearAgo = constantByMonth.get(m.minusMonths(12));
            if (yearAgo != null) {
                retention12.add(new Retention12(m, customerId, yearAgo, curConst));
            }
            paidBefore |= curConst.signum() > 0;
            prevRep = curRep;
            prevConst = curConst;
            prevCurrency = currency;
        }
        return new Result(months, movements, retention12, plans);
    }

    /**
     * The customer's main plan on a date: the plan id with the largest MRR of its paying items (summed exactly, in
     * the billing currency), ties to the smallest id. Empty when no paying item has a plan id. A customer counts in
     * one plan at a time, as in one segment, so a plan filter keeps whole customers and its bridge adds up: moving to
     * another main plan while paying is leaving the old plan and entering the new one (docs/metrics.md).
     */
    static Optional<String> mainPlan(List<SubscriptionItem> items, LocalDate date, DiscountPolicy discounts) {
        java.util.Map<String, MonthlyAmount> byPlan = new java.util.TreeMap<>();
        for (SubscriptionItem item : items) {
            if (item.planId() != null) {
                MonthlyAmount mrr = item.monthlyOn(date, discounts);
                if (mrr.signum() > 0) {
                    byPlan.merge(item.planId(), mrr, MonthlyAmount::add);
                }
            }
        }
        return largestPlan(byPlan);
    }

    /** The plan with the largest MRR; ties to the smallest id (the map is sorted by id). */
    private static Optional<String> largestPlan(java.util.Map<String, MonthlyAmount> byPlan) {
        String best = null;
        MonthlyAmount bestMrr = null;
        for (var e : byPlan.entrySet()) {
            if (bestMrr == null || e.getValue().compareTo(bestMrr) > 0) {
                best = e.getKey();
                bestMrr = e.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    private record FirstDay(LocalDate day, MrrMovement movement) {
    }

    /**
     * The customer's constant-currency MRR on its first day with MRR > 0 between the end of M−1 and the snapshot of
     * M, as a movement-shaped value (amount, currency). MRR can only appear when an item starts, so the days to try
     * are the item starts in the month.
     */
    private static Optional<FirstDay> firstPayingDay(String customerId, List<SubscriptionItem> items, YearMonth m,
                                                        LocalDate snapshot, DiscountPolicy discounts, FxTable fx,
                                                        YearMonth baseMonth) {
        LocalDate previousEnd = m.minusMonths(1).atEndOfMonth();
        TreeSet<LocalDate> starts = new TreeSet<>();
        for (SubscriptionItem item : items) {
            if (item.start().isAfter(previousEnd) && !item.start().isAfter(snapshot)) {
                starts.add(item.start());
            }
        }
        for (LocalDate day : starts) {
            MonthlyAmount exact = MonthlyAmount.ZERO;
            TreeSet<String> currencies = new TreeSet<>();
            for (SubscriptionItem item : items) {
                MonthlyAmount mrr = item.monthlyOn(day, discounts);
                if (mrr.signum() > 0) {
                    exact = exact.add(mrr);
                    currencies.add(item.currency());
                }
            }
            if (currencies.size() > 1) {
                throw new IllegalStateException("Customer " + customerId + " has MRR in several currencies on " + day
                        + ": " + currencies + " (a customer is billed in one currency)");
            }
            if (exact.signum() > 0) {
                String currency = currencies.first();
                BigDecimal constant = exact.centsAt(fx.constantRate(currency, baseMonth.atEndOfMonth()));
                if (constant.signum() > 0) {
                    return Optional.of(new FirstDay(day, new MrrMovement(m, customerId, Movement.NEW, constant, currency)));
                }
            }
        }
        return Optional.empty();
    }

    /** First month whose end finds this item with MRR > 0, if any up to {@code asOf}; used to pick the base month. */
    public static Optional<YearMonth> firstPayingMonth(SubscriptionItem item, LocalDate asOf, DiscountPolicy discounts) {
        YearMonth last = YearMonth.from(asOf);
        for (YearMonth m = YearMonth.from(item.start()); !m.isAfter(last); m = m.plusMonths(1)) {
            LocalDate snapshot = m.equals(last) ? asOf : m.atEndOfMonth();
            if (item.end() != null && !item.end().isAfter(snapshot) && !item.isActiveOn(snapshot)) {
                return Optional.empty();
            }
            if (item.monthlyOn(snapshot, discounts).signum() > 0) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
