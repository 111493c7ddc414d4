package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/** A row of gold.mrr_summary. Ratios are null where their denominator is zero. */
public record MrrSummaryRow(YearMonth month, BigDecimal mrr, BigDecimal mrrConstantCurrency, BigDecimal arr,
                            long payingCustomers, MonthTotals totals, Double logoChurnRate, Double grossMrrChurnRate,
                            Double netMrrChurnRate, Double nrr, Double grr, BigDecimal arpa) {
}
