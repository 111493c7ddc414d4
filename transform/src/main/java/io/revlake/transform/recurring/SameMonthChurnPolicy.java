package io.revlake.transform.recurring;

import java.util.Locale;

/**
 * Policy {@code same_month_churn}: what happens to a customer who starts paying and leaves within one month, and so
 * has no MRR at either month end (docs/metrics.md, "Same-month sign-up and cancel").
 */
public enum SameMonthChurnPolicy {
    /** Month-end snapshots only (default): the customer never appears in MRR, movements or counts. */
    IGNORE,
    /**
     * The customer is counted as new (or reactivated) and churned in that month, both with the MRR of its first
     * paying day; the pair nets to zero, so month-end MRR and the bridge are unchanged, but new and churned
     * customers, new and churn MRR, churn rates and the quick ratio include it.
     */
    COUNT;

    public static SameMonthChurnPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("same_month_churn must be ignore or count, not '" + s + "'");
        }
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
