package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Billing intervals of the canonical extract and how one interval's amount becomes a month's. */
public enum BillingInterval {
    WEEK, MONTH, QUARTER, YEAR;

    /** Scale kept for unrounded monthly amounts; rounding to cents happens once, per customer and month. */
    public static final int EXACT_SCALE = 12;

    public static BillingInterval parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Amount per month for an amount charged every {@code count} intervals:
     * weekly × 52 ÷ 12 ÷ count; monthly ÷ count; quarterly ÷ (3 × count); yearly ÷ (12 × count).
     */
    public BigDecimal monthly(BigDecimal perInterval, long count) {
        BigDecimal c = BigDecimal.valueOf(count);
        return switch (this) {
            case WEEK -> perInterval.multiply(BigDecimal.valueOf(52)).divide(BigDecimal.valueOf(12).multiply(c),
                    EXACT_SCALE, RoundingMode.HALF_EVEN);
            case MONTH -> perInterval.divide(c, EXACT_SCALE, RoundingMode.HALF_EVEN);
            case QUARTER -> perInterval.divide(BigDecimal.valueOf(3).multiply(c), EXACT_SCALE, RoundingMode.HALF_EVEN);
            case YEAR -> perInterval.divide(BigDecimal.valueOf(12).multiply(c), EXACT_SCALE, RoundingMode.HALF_EVEN);
        };
    }

}
