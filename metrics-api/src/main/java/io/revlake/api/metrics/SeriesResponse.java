package io.revlake.api.metrics;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/metrics/{id}/series}: one row per group and period (groups in order, then periods oldest
 * first). A row has {@code period} (2024-03, 2024-Q1 or 2024), one field per group_by dimension, {@code value}
 * (null when undefined), and the months it covers ({@code period_start}, {@code period_end}, {@code months}; a
 * period cut by from/to covers only its months inside the range).
 */
public record SeriesResponse(String metric, String name, String unit, String kind, String grain, String currency,
                             String currencyBasis, String from, String to, List<String> groupBy,
                             Map<String, List<String>> filter, List<String> sourceTables, Map<String, Long> versions,
                             List<Map<String, Object>> rows) {
    public SeriesResponse {
        rows = List.copyOf(rows);
    }
}
