package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * A row of gold.mrr_summary. Ratios and per-customer figures are null where their denominator is zero or their
 * history is too short.
 */
public record MrrSummaryRow(YearMonth month, BigDecimal mrr, BigDecimal mrrConstantCurrency, BigDecimal arr,
                            long payingCustomers, MonthTotals totals, Double logoChurnRate, Double grossMrrChurnRate,
                            Double netMrrChurnRate, Double nrr, Double grr, BigDecimal arpa, BigDecimal arpu,
                            BigDecimal asp, Double quickRatio, Double nrr12m, Double grr12m, BigDecimal clvFormula,
                            BigDecimal salesMarketingSpend, BigDecimal cac, Double cacPaybackMonths, Double ltvCac) {
}
