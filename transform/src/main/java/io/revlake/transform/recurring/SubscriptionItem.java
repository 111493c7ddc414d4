package io.revlake.transform.recurring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A subscription item as the MRR rules see it (silver.subscription_items).
 *
 * @param end          exclusive; null = open-ended
 * @param discountPct  0–100, null = none
 * @param discountAmount per interval, null = none
 * @param discountEnd  the discount stops applying from this date; null = for the item's life
 * @param trialEnd     MRR is 0 while the snapshot date is before this date; null = no trial
 * @param seatBased    quantity counts seats (policy arpu_unit=seat)
 * @param planId       the plan (price) the item is billed on; null when the source has none
 */
public record SubscriptionItem(String itemId, String customerId, LocalDate start, LocalDate end,
                               BillingInterval interval, long intervalCount, BigDecimal quantity,
                               BigDecimal unitAmount, BigDecimal discountPct, BigDecimal discountAmount,
                               LocalDate discountEnd, String currency, LocalDate trialEnd, boolean seatBased,
                               String planId)
        implements Serializable {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public SubscriptionItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(unitAmount, "unitAmount");
        Objects.requireNonNull(currency, "currency");
        if (intervalCount < 1) {
            throw new IllegalArgumentException(itemId + ": interval_count must be at least 1");
        }
        quantity = quantity == null ? BigDecimal.ONE : quantity;
    }

    /** An item without a plan id. */
    public SubscriptionItem(String itemId, String customerId, LocalDate start, LocalDate end, BillingInterval interval,
                            long intervalCount, BigDecimal quantity, BigDecimal unitAmount, BigDecimal discountPct,
                            BigDecimal discountAmount, LocalDate discountEnd, String currency, LocalDate trialEnd,
                            boolean seatBased) {
        this(itemId, customerId, start, end, interval, intervalCount, quantity, unitAmount, discountPct, discountAmount,
                discountEnd, currency, trialEnd, seatBased, null);
    }

    /** An item that does not count seats. */
    public SubscriptionItem(String itemId, String customerId, LocalDate start, LocalDate end, BillingInterval interval,
                            long intervalCount, BigDecimal quantity, BigDecimal unitAmount, BigDecimal discountPct,
                            BigDecimal discountAmount, LocalDate discountEnd, String currency, LocalDate trialEnd) {
        this(itemId, customerId, start, end, interval, intervalCount, quantity, unitAmount, discountPct, discountAmount,
                discountEnd, currency, trialEnd, false);
    }

    /** Active on [start, end) at the given date. */
    public boolean isActiveOn(LocalDate date) {
        return !start.isAfter(date) && (end == null || end.isAfter(date));
    }

    public boolean isTrialingOn(LocalDate date) {
        return trialEnd != null && trialEnd.isAfter(date);
    }

    /**
     * Unrounded MRR of this item at a snapshot date: recurring amount × quantity net of the discounts the policy
     * counts, never below zero, normalised to a month. Zero when inactive or trialing.
     */
    public BigDecimal mrrOn(LocalDate date, DiscountPolicy policy) {
        return monthlyOn(date, policy).approximate();
    }

    /** {@link #mrrOn} as an exact fraction, for summing before rounding. */
    public MonthlyAmount monthlyOn(LocalDate date, DiscountPolicy policy) {
        if (!isActiveOn(date) || isTrialingOn(date)) {
            return MonthlyAmount.ZERO;
        }
        BigDecimal amount = unitAmount.multiply(quantity);
        if (discountApplies(date, policy)) {
            if (discountPct != null) {
                // exact: a percentage of a decimal is a decimal
                amount = amount.multiply(HUNDRED.subtract(discountPct)).movePointLeft(2);
            }
            if (discountAmount != null) {
                amount = amount.subtract(discountAmount);
            }
        }
        if (amount.signum() <= 0) {
            return MonthlyAmount.ZERO;
        }
        return interval.monthlyExact(amount, intervalCount);
    }

    /**
     * Start of the billing period that covers {@code date}, taken as the date that period was invoiced (billing in
     * advance). Periods of interval × interval_count run from the billing anchor: the start, or the trial end when a
     * trial delays the first charge (Stripe re-anchors billing there). Month steps keep the anchor's day, clamped to
     * shorter months (Jan 31 → Feb 29 in a leap year → Mar 31).
     */
    public LocalDate billingPeriodStart(LocalDate date) {
        LocalDate anchor = trialEnd != null && trialEnd.isAfter(start) ? trialEnd : start;
        if (date.isBefore(anchor)) {
            return anchor;
        }
        if (interval == BillingInterval.WEEK) {
            long days = java.time.temporal.ChronoUnit.DAYS.between(anchor, date);
            long step = 7 * intervalCount;
            return anchor.plusDays(days / step * step);
        }
        long monthsPerPeriod = intervalCount * switch (interval) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case YEAR -> 12;
            case WEEK -> throw new IllegalStateException("unreachable");
        };
        long months = java.time.temporal.ChronoUnit.MONTHS.between(anchor, date);
        long k = months / monthsPerPeriod;
        LocalDate periodStart = anchor.plusMonths(k * monthsPerPeriod);
        // plusMonths clamps the day (Jan 31 + 1 month = Feb 29), which ChronoUnit.MONTHS does not see: adjust both ways.
        while (periodStart.isAfter(date)) {
            k--;
            periodStart = anchor.plusMonths(k * monthsPerPeriod);
        }
        while (!anchor.plusMonths((k + 1) * monthsPerPeriod).isAfter(date)) {
            k++;
            periodStart = anchor.plusMonths(k * monthsPerPeriod);
        }
        return periodStart;
    }

    private boolean discountApplies(LocalDate date, DiscountPolicy policy) {
        return switch (policy) {
            case NONE -> false;
            case FOREVER_ONLY -> discountEnd == null;
            case ALL -> discountEnd == null || discountEnd.isAfter(date);
        };
    }
}
