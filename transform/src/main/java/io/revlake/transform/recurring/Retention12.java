package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One customer's contribution to 12-month NRR/GRR of {@code month}: it was paying at the end of month − 12 with
 * {@code base}, and has {@code current} at the end of month (constant currency, 0 when gone).
 */
public record Retention12(YearMonth month, String customerId, BigDecimal base, BigDecimal current) {
    public BigDecimal retainedGross() {
        return current.min(base);
    }
}
