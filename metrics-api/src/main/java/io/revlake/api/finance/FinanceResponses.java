package io.revlake.api.finance;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The answers of the finance endpoints. Every answer has {@code rows} (the CSV form has exactly these rows) and the
 * Delta {@code versions} of the gold tables it was computed from; money is an exact decimal, in {@code currency}
 * (the reporting currency) unless a row names its own source currency.
 */
public final class FinanceResponses {
    private FinanceResponses() {
    }

    /**
     * {@code GET /api/v1/finance/ar-aging}: open invoices at one aging date of gold.ar_aging.
     *
     * @param asOf           the aging date answered (null when gold.ar_aging is empty)
     * @param availableDates every aging date of the table: each month end and the transform's as-of date
     * @param buckets        per bucket, in aging order: open_amount_reporting and invoices (zero rows included)
     * @param total          Σ buckets = open AR at {@code asOf}, reporting currency
     * @param byCurrency     per invoice currency: open_amount (source currency) and open_amount_reporting
     * @param rows           one per open invoice: customer, invoice, currency, bucket, amounts
     */
    public record ArAging(String asOf, String currency, List<String> availableDates, List<Map<String, Object>> buckets,
                          BigDecimal total, List<Map<String, Object>> byCurrency, Map<String, Long> versions,
                          List<Map<String, Object>> rows) {
    }

    /**
     * {@code GET /api/v1/finance/ar-aging/history}: bucket totals at every aging date (a complete date × bucket grid,
     * zeros included), for the stacked chart.
     */
    public record AgingHistory(String currency, List<String> buckets, List<String> dates,
                               List<Map<String, Object>> totals, Map<String, Long> versions,
                               List<Map<String, Object>> rows) {
    }

    /** Month rows of one table (dso_month, rpo_month, bookings_month), oldest first. */
    public record MonthRows(String table, String currency, String from, String to, Map<String, Long> versions,
                            List<Map<String, Object>> rows) {
    }

    /**
     * {@code GET /api/v1/finance/waterfall}: revenue by row month × recognition month, reporting currency.
     *
     * @param rowsBy           billing or booking
     * @param asOfMonth        last recognised month (later columns are scheduled, not yet earned)
     * @param columns          recognition months in order ('unscheduled' last when present)
     * @param rowTotals        per row month: total, recognized_to_date, remaining
     * @param rows             the cells: row_month, recognition_month, amount_reporting, is_recognized
     */
    public record Waterfall(String rowsBy, String currency, String asOfMonth, List<String> columns,
                            List<Map<String, Object>> rowTotals, Map<String, Long> versions,
                            List<Map<String, Object>> rows) {
    }

    /**
     * {@code GET /api/v1/finance/deferred-revenue}: the roll-forward per month in reporting currency (Σ currencies)
     * with the currency translation shown as its own line, so that for every row
     * {@code closing − closing_unbilled = opening − opening_unbilled + billings − recognized + fx_translation}
     * exactly; {@code byCurrency} has the source-currency rows, where the identity holds without an fx line.
     */
    public record DeferredRevenue(String currency, String from, String to, Map<String, Long> versions,
                                  List<Map<String, Object>> byCurrency, List<Map<String, Object>> rows) {
    }
}
