package io.revlake.api.mrr;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/mrr/summary}: the months of {@code gold.mrr_summary} in [from, to], oldest first.
 * {@code from}/{@code to} echo the request, or when omitted the first/last month returned (null if none).
 * Each row has every catalog column; money is an exact decimal in {@code currency}.
 */
public record SummaryResponse(String from, String to, String currency, List<Map<String, Object>> rows) {
    public SummaryResponse {
        rows = List.copyOf(rows);
    }
}
