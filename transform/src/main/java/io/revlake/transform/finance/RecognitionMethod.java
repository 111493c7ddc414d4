package io.revlake.transform.finance;

import java.util.Locale;

/** How a performance obligation transfers to the customer (obligations.csv {@code method}). */
public enum RecognitionMethod {
    /** Over its service period, by days. */
    RATABLE,
    /** At a point in time: the delivery date. */
    POINT_IN_TIME,
    /** As consumed; RevLake recognises usage as billed, at the invoice date. */
    USAGE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecognitionMethod parse(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
