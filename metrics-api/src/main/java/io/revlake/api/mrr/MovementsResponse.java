package io.revlake.api.mrr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/mrr/movements}: the customer movements of one month, optionally of one kind.
 * {@code totals} sums {@code amount} per movement (every movement, or just the filtered one; zero when a
 * movement has no rows). Rows are in bridge order of movement, then largest |amount| first, then customer.
 * Amounts and totals are in {@code currency} (reporting); a row's own {@code currency} is the customer's
 * billing currency.
 */
public record MovementsResponse(String month, String movement, String currency, Map<String, BigDecimal> totals,
                                List<Map<String, Object>> rows) {
    public MovementsResponse {
        rows = List.copyOf(rows);
    }
}
