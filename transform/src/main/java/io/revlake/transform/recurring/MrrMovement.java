package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;

/** One customer's movement in one month (a row of gold.mrr_movements, before dimensions). */
public record MrrMovement(YearMonth month, String customerId, Movement movement, BigDecimal amount, String currency) {
}
