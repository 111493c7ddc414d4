package io.revlake.transform.recurring;

import java.util.Locale;

/** Policy {@code fx_date}: which date's exchange rate converts MRR to the reporting currency. */
public enum FxDatePolicy {
    /** The rate at the month-end snapshot (default): MRR moves with the currency every month. */
    MONTH_END,
    /**
     * The rate at the invoice date of the billing period that covers the snapshot: an annual plan keeps the rate of
     * the day it was invoiced for its whole year, as the invoice itself does.
     */
    INVOICE_DATE;

    public static FxDatePolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fx_date must be month_end or invoice_date, not '" + s + "'");
        }
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
