package io.revlake.api.metrics;

import java.math.BigDecimal;

/**
 * The inputs of one metric value for one period (and one group): the named monthly parts of its source, rolled up
 * over the period's months. A formula combines them; it never sees monthly ratios it could average.
 * Every accessor returns null when the part is unknown for that period (no row, or a null cell).
 */
public interface Parts {
    /** The part at the period's last month (a balance at the period end). */
    BigDecimal end(String part);

    /** The part at the month before the period's first month (the balance the period starts from). */
    BigDecimal start(String part);

    /** The part at the period's first month (e.g. a balance a month row already carries as its opening). */
    BigDecimal first(String part);

    /** The part summed over the period's months (a flow); null when no month of the period has it. */
    BigDecimal flow(String part);

    /** Whether amounts should be taken at constant-currency rates ({@code currency=constant}). */
    boolean constantCurrency();

    /** The name of the MRR part for the requested currency basis. */
    default String mrr() {
        return constantCurrency() ? "mrr_constant_currency" : "mrr";
    }

    /** Configured gross margin (1 = 100 %), for CAC payback. */
    BigDecimal grossMargin();
}
