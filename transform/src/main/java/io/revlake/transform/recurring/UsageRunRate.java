package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage run-rate (METRICS.md "Recurring revenue"): the trailing-three-month average of usage billings per month,
 * kept apart from MRR. Null for a month without three months of history in the reported range (an average over
 * fewer months would overstate a new usage customer's run-rate).
 */
public final class UsageRunRate {
    public static final int MONTHS = 3;

    private UsageRunRate() {
    }

    /** @param usageBillings usage billed per invoice month, reporting currency (absent month = nothing billed) */
    public static Map<YearMonth, BigDecimal> byMonth(Map<YearMonth, BigDecimal> usageBillings, YearMonth first,
                                                     YearMonth last) {
        Map<YearMonth, BigDecimal> out = new TreeMap<>();
        for (YearMonth m = first.plusMonths(MONTHS - 1L); !m.isAfter(last); m = m.plusMonths(1)) {
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < MONTHS; i++) {
                sum = sum.add(usageBillings.getOrDefault(m.minusMonths(i), BigDecimal.ZERO));
            }
            out.put(m, sum.divide(BigDecimal.valueOf(MONTHS), 2, RoundingMode.HALF_UP));
        }
        return out;
    }
}
