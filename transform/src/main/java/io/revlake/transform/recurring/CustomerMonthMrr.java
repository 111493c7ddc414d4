package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One paying customer's MRR at one month end (a row of gold.mrr_customer_month, before dimensions).
 *
 * @param seats Σ quantity of the seat-based items that have MRR at the month end
 */
public record CustomerMonthMrr(YearMonth month, String customerId, String currency, BigDecimal mrrSourceCurrency,
                               BigDecimal mrr, BigDecimal mrrConstantCurrency, BigDecimal fxRate, long activeItems, BigDecimal seats) {
}
