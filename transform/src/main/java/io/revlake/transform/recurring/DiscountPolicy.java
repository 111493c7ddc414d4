package io.revlake.transform.recurring;

import java.util.Locale;

/** Policy {@code discounts}: which discounts reduce MRR. */
public enum DiscountPolicy {
    /** Every discount in force at the month end (default). */
    ALL,
    /** Only discounts without an end date (Stripe's "forever" coupons). */
    FOREVER_ONLY,
    /** None: gross MRR. */
    NONE;

    public static DiscountPolicy parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
