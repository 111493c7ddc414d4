package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/** One paying customer's MRR at one month end (a row of gold.mrr_customer_month, before dimensions). */
public record CustomerMonthMrr(YearMonth month, String customerId, String currency, BigDecimal mrrSourceCurrency,
                               BigDecimal mrr, BigDecimal mrrConstantCurrency, BigDecimal fxRate, long activeItems) {
}
