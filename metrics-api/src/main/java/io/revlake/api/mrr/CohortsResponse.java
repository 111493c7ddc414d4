package io.revlake.api.mrr;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/cohorts}: rows of {@code gold.cohort_retention} for one segment ({@code all} = every customer),
 * oldest cohort first, then months since start. Logo and revenue retention are fractions (1 = 100 %).
 */
public record CohortsResponse(String segment, String currency, List<Map<String, Object>> rows) {
    public CohortsResponse {
        rows = List.copyOf(rows);
    }
}
