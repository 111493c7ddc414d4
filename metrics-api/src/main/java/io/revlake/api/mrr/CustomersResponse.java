package io.revlake.api.mrr;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/customers}: every column of {@code gold.mrr_customer_month} for the paying customers of one
 * month (null when there is no data), largest MRR first; {@code total} customers in all, this page from {@code offset}.
 */
public record CustomersResponse(String month, String currency, int total, int offset, List<Map<String, Object>> rows) {
    public CustomersResponse {
        rows = List.copyOf(rows);
    }
}
