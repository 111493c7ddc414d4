package io.revlake.api.finance;

import static io.revlake.api.gold.GoldRows.cents;
import static io.revlake.api.gold.GoldRows.money;

import io.revlake.api.gold.GoldRows;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.metrics.MetricsService;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Customer 360: everything the gold layer knows about one customer, each section straight from one gold table.
 * A gold table that is not loaded leaves its section empty and is named in {@code unavailable}; a customer that no
 * gold table mentions is unknown ({@link #find} is empty).
 */
public final class CustomerService {
    /** Sections in answer order; each can be the {@code rows} (and the CSV) of the answer. */
    public static final List<String> SECTIONS = List.of("mrr", "movements", "open_invoices", "unapplied_cash",
            "payment_days", "bookings", "revenue_schedule", "clv");
    /** The gold tables the answer reads (for as_of time travel and versions). */
    public static final List<TableDef> TABLES = List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS,
            Tables.AR_AGING, Tables.UNAPPLIED_CASH, Tables.CUSTOMER_PAYMENT_DAYS, Tables.BOOKINGS,
            Tables.REVENUE_SCHEDULE, Tables.CLV_CUSTOMER);

    private final String reportingCurrency;

    public CustomerService(String reportingCurrency) {
        this.reportingCurrency = Objects.requireNonNull(reportingCurrency, "reportingCurrency");
    }

    /** @param section which section is {@code rows} */
    public Optional<Map<String, Object>> find(GoldSnapshot snapshot, String customerId, String section) {
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        sections.put("mrr", section(snapshot, Tables.MRR_CUSTOMER_MONTH, customerId, unavailable, "month",
                List.of("month", "mrr", "mrr_constant_currency", "currency", "mrr_source_currency", "fx_rate",
                        "active_items", "seats", "segment", "region", "channel", "plan")));
        sections.put("movements", section(snapshot, Tables.MRR_MOVEMENTS, customerId, unavailable, "month",
                List.of("month", "movement", "amount", "currency")));
        LocalDate agingDate = latestDate(snapshot, Tables.AR_AGING);
        sections.put("open_invoices", section(snapshot, Tables.AR_AGING, customerId, unavailable, "as_of", agingDate,
                List.of("as_of", "invoice_id", "invoice_date", "due_date", "days_past_due", "bucket", "currency",
                        "open_amount", "fx_rate", "open_amount_reporting")));
        LocalDate cashDate = latestDate(snapshot, Tables.UNAPPLIED_CASH);
        sections.put("unapplied_cash", section(snapshot, Tables.UNAPPLIED_CASH, customerId, unavailable, "as_of",
                cashDate, List.of("as_of", "currency", "unapplied_amount", "fx_rate", "unapplied_amount_reporting")));
        sections.put("payment_days", section(snapshot, Tables.CUSTOMER_PAYMENT_DAYS, customerId, unavailable,
                "currency", List.of("currency", "payments", "invoices_paid", "amount_paid", "avg_days_to_pay",
                        "avg_days_late", "share_paid_late")));
        sections.put("bookings", section(snapshot, Tables.BOOKINGS, customerId, unavailable, "booked_date",
                List.of("source", "booking_id", "booked_date", "month", "booking_type", "currency", "tcv",
                        "contract_years", "acv", "tcv_reporting", "acv_reporting")));
        sections.put("revenue_schedule", section(snapshot, Tables.REVENUE_SCHEDULE, customerId, unavailable, "month",
                List.of("source", "contract_id", "obligation_id", "method", "month", "currency", "allocated_price",
                        "recognized", "recognized_reporting", "is_recognized")));
        sections.put("clv", section(snapshot, Tables.CLV_CUSTOMER, customerId, unavailable, "customer_id",
                List.of("segment", "mrr", "tenure_months", "clv_formula", "derl_months", "clv_predictive",
                        "clv_transactional", "probability_alive", "historical_revenue")));
        if (sections.values().stream().allMatch(List::isEmpty)) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("currency", reportingCurrency);
        body.put("profile", profile(customerId, sections, agingDate));
        body.put("sections", sections);
        body.put("section", section);
        body.put("unavailable", unavailable);
        body.put("versions", MetricsService.versions(TABLES, snapshot));
        body.put("rows", sections.get(section));
        return Optional.of(body);
    }

    private static Map<String, Object> profile(String customerId, Map<String, List<Map<String, Object>>> sections,
                                               LocalDate agingDate) {
        Map<String, Object> profile = new LinkedHashMap<>();
        List<Map<String, Object>> mrr = sections.get("mrr");
        Map<String, Object> latest = mrr.isEmpty() ? null : mrr.get(mrr.size() - 1);
        Map<String, Object> clv = sections.get("clv").isEmpty() ? null : sections.get("clv").get(0);
        profile.put("customer_id", customerId);
        profile.put("segment", latest != null ? latest.get("segment") : clv != null ? clv.get("segment") : null);
        profile.put("region", latest != null ? latest.get("region") : null);
        profile.put("channel", latest != null ? latest.get("channel") : null);
        profile.put("plan", latest != null ? latest.get("plan") : null);
        profile.put("currency", latest != null ? latest.get("currency") : null);
        profile.put("first_paying_month", mrr.isEmpty() ? null : mrr.get(0).get("month"));
        profile.put("last_paying_month", latest != null ? latest.get("month") : null);
        profile.put("latest_mrr", latest != null ? latest.get("mrr") : null);
        long open = 0;
        for (Map<String, Object> row : sections.get("open_invoices")) {
            open += ((java.math.BigDecimal) row.get("open_amount_reporting")).movePointRight(2).longValueExact();
        }
        profile.put("open_ar_reporting", money(open));
        profile.put("open_ar_as_of", agingDate == null ? null : agingDate.toString());
        profile.put("open_invoices", sections.get("open_invoices").size());
        profile.put("clv_formula", clv != null ? clv.get("clv_formula") : null);
        profile.put("clv_predictive", clv != null ? clv.get("clv_predictive") : null);
        profile.put("historical_revenue", clv != null ? clv.get("historical_revenue") : null);
        return profile;
    }

    private static List<Map<String, Object>> section(GoldSnapshot snapshot, TableDef table, String customerId,
                                                     List<String> unavailable, String sortBy, List<String> columns) {
        return section(snapshot, table, customerId, unavailable, sortBy, null, columns);
    }

    /** The customer's rows of one table (at one as_of date when given), sorted by a column. */
    private static List<Map<String, Object>> section(GoldSnapshot snapshot, TableDef table, String customerId,
                                                     List<String> unavailable, String sortBy, LocalDate asOf,
                                                     List<String> columns) {
        Optional<LoadedTable> loaded = loaded(snapshot, table);
        if (loaded.isEmpty()) {
            unavailable.add(table.qualifiedName());
            return List.of();
        }
        Table data = loaded.get().data();
        StringColumn customer = data.stringColumn("customer_id");
        DateColumn dates = asOf == null ? null : data.dateColumn("as_of");
        List<Integer> selected = GoldRows.where(data, i -> !customer.isMissing(i) && customer.get(i).equals(customerId)
                && (dates == null || dates.get(i).equals(asOf)));
        tech.tablesaw.columns.Column<?> sort = data.column(sortBy);
        selected.sort(Comparator.comparing(i -> String.valueOf(sort.getString(i))));
        return GoldRows.rows(data, loaded.get().table(), selected, columns);
    }

    private static LocalDate latestDate(GoldSnapshot snapshot, TableDef table) {
        Optional<LoadedTable> loaded = loaded(snapshot, table);
        if (loaded.isEmpty()) {
            return null;
        }
        DateColumn dates = loaded.get().data().dateColumn("as_of");
        LocalDate latest = null;
        for (int i = 0; i < dates.size(); i++) {
            latest = latest == null || dates.get(i).isAfter(latest) ? dates.get(i) : latest;
        }
        return latest;
    }

    static Optional<LoadedTable> loaded(GoldSnapshot snapshot, TableDef table) {
        return snapshot.tables().get(table.qualifiedName()) instanceof LoadedTable l ? Optional.of(l) : Optional.empty();
    }

    /** Σ of a MONEY column over rows, exact. */
    static long sum(LongColumn column, List<Integer> rows) {
        long total = 0;
        for (int i : rows) {
            total += cents(column, i);
        }
        return total;
    }
}
