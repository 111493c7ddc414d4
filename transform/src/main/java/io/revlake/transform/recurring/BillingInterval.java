package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.util.Locale;

/** Billing intervals of the canonical extract and how one interval's amount becomes a month's. */
public enum BillingInterval {
    WEEK, MONTH, QUARTER, YEAR;

    /** Scale of approximate (display) monthly amounts; MRR itself is summed exactly, see {@link MonthlyAmount}. */
    public static final int EXACT_SCALE = 12;

    public static BillingInterval parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Amount per month, exactly, for an amount charged every {@code count} intervals:
     * weekly × 52 ÷ 12 ÷ count; monthly ÷ count; quarterly ÷ (3 × count); yearly ÷ (12 × count).
     */
    public MonthlyAmount monthlyExact(BigDecimal perInterval, long count) {
        return switch (this) {
            case WEEK -> new MonthlyAmount(perInterval.multiply(BigDecimal.valueOf(52)), Math.multiplyExact(12, count));
            case MONTH -> new MonthlyAmount(perInterval, count);
            case QUARTER -> new MonthlyAmount(perInterval, Math.multiplyExact(3, count));
            case YEAR -> new MonthlyAmount(perInterval, Math.multiplyExact(12, count));
        };
    }
}
