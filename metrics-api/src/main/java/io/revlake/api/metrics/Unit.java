package io.revlake.api.metrics;

import java.util.Locale;

/** What a metric's number measures. Money is in the reporting currency, written as an exact decimal. */
public enum Unit {
    /** Reporting-currency money, two decimals. */
    MONEY,
    /** A whole number of customers, contracts, bookings. */
    COUNT,
    /** A fraction (1.0 = 100 %). */
    RATIO,
    /** A percentage (100 = 100 %). */
    PERCENT,
    DAYS,
    MONTHS;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
