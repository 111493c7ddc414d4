package io.revlake.transform.finance;

import java.util.Locale;

/** Policy {@code waterfall_rows}: what a revenue waterfall row is. */
public enum WaterfallRows {
    /** The month the revenue was billed (default). */
    BILLING,
    /** The month the contract was signed (an invoice without a contract: its invoice month). */
    BOOKING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WaterfallRows parse(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
