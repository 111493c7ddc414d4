package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.oneOf;
import static io.revlake.api.routes.ApiRoute.Param.path;
import static io.revlake.api.routes.ApiRoute.Param.query;
import static io.revlake.api.routes.ApiRoute.Param.required;

import io.javalin.http.Context;
import io.revlake.api.finance.CustomerService;
import io.revlake.api.finance.ExplainService;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.metrics.PartSource;
import io.revlake.api.security.Role;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Drill-down: one customer's 360° view, and the customers (and for one customer, the silver and bronze rows) behind
 * a metric cell. Customer-level, so analyst.
 */
public final class CustomerRoutes implements RouteGroup {
    public static final String CUSTOMER = "/api/v1/customers/{id}";
    public static final String EXPLAIN = "/api/v1/explain";

    private final CustomerService customers;
    private final ExplainService explain;
    private final GoldStore store;
    private final AsOfSnapshots asOfSnapshots;

    public CustomerRoutes(CustomerService customers, ExplainService explain, GoldStore store,
                          AsOfSnapshots asOfSnapshots) {
        this.asOfSnapshots = asOfSnapshots;
        this.customers = Objects.requireNonNull(customers, "customers");
        this.explain = Objects.requireNonNull(explain, "explain");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("GET", CUSTOMER, Role.ANALYST, "Customer 360: MRR history, movements, open invoices,"
                        + " unapplied cash, days to pay, bookings, revenue schedule and CLV of one customer",
                        List.of(path("id", "customer id", "c-001"),
                                oneOf("section", "which section is rows (and the CSV); default mrr",
                                        CustomerService.SECTIONS), ApiRoutes.AS_OF, ApiRoutes.FORMAT),
                        true, this::customer),
                new ApiRoute("GET", EXPLAIN, Role.ANALYST, "The customers behind a metric cell, summing exactly to it;"
                        + " with customer_id, that customer's silver and bronze rows down to source file and line",
                        List.of(required("metric", "one of " + String.join(", ", ExplainService.ALIASES.keySet()),
                                        "mrr"),
                                required("month", "YYYY-MM", "2024-03"),
                                query("filter", "dimension:value[|value],… on "
                                        + String.join(", ", Tables.MRR_DIMENSIONS) + " for MRR metrics, on booking_type"
                                        + " for bookings_tcv and bookings_acv; not for accounts_receivable,"
                                        + " recognized_revenue, deferred_revenue, rpo, crpo, billings",
                                        "segment:smb"),
                                query("customer_id", "one customer: its part and its silver/bronze lineage", "c-001"),
                                ApiRoutes.AS_OF, ApiRoutes.FORMAT), true, this::explain));
    }

    private void customer(Context ctx) {
        String id = ctx.pathParam("id").trim();
        String section = Params.oneOf(ctx, "section", CustomerService.SECTIONS, "mrr");
        GoldSnapshot snapshot = snapshot(ctx, CustomerService.TABLES);
        Optional<Map<String, Object>> found = customers.find(snapshot, id, section);
        if (found.isEmpty()) {
            // Not a customer id of gold: maybe a source system's id of a matched record (read only then).
            ExplainService.Resolved resolved = resolve(id);
            if (!resolved.via().isEmpty()) {
                found = customers.find(snapshot, resolved.customerId(), section);
                found.ifPresent(b -> b.put("resolved_from", resolved.describe()));
            }
        }
        Map<String, Object> body = found.orElseThrow(() -> FinanceErrors.unknownCustomer(id));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get("rows");
        Respond.rows(ctx, body, rows, List.of("customer_id"), "customer-" + id + "-" + section);
    }

    /** A customer id, or a source system's id of a matched customer record (docs/api.md, "Customer ids"). */
    private ExplainService.Resolved resolve(String id) {
        return explain.resolveCustomer(id).orElseThrow(() -> FinanceErrors.ambiguousCustomer(id));
    }

    private void explain(Context ctx) {
        String raw = ctx.queryParam("metric");
        if (raw == null || raw.isBlank()) {
            throw ApiErrors.missingParameter("metric", "one of " + String.join(", ", ExplainService.ALIASES.keySet()));
        }
        String metric = ExplainService.ALIASES.get(raw.trim().toLowerCase(Locale.ROOT));
        if (metric == null) {
            throw ApiErrors.notOneOf("metric", raw, List.copyOf(ExplainService.ALIASES.keySet()));
        }
        YearMonth month = Params.requiredMonth(ctx, "month");
        Optional<String> customer = Optional.ofNullable(ctx.queryParam("customer_id")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(c -> resolve(c).customerId());
        GoldSnapshot snapshot = snapshot(ctx, ExplainService.tables(metric));
        List<String> rawFilters = Params.list(ctx, "filter");
        if (!rawFilters.isEmpty() && !ExplainService.filterable(metric)) {
            throw FinanceErrors.filterNotSupported(metric, String.join(",", rawFilters),
                    ExplainService.tables(metric).get(0).qualifiedName());
        }
        Map<String, Set<String>> filters = filters(rawFilters, snapshot, metric);
        Map<String, Object> body = explain.explain(snapshot, metric, month, filters, customer);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get("rows");
        List<String> columns = customer.isPresent() ? List.of("layer", "table", "key", "_source", "_source_file",
                "_source_row") : List.of("customer_id", "amount");
        Respond.rows(ctx, body, rows, columns, "explain-" + metric + "-" + month
                + customer.map(c -> "-" + c).orElse(""));
    }

    /**
     * {@code segment:smb|enterprise,region:emea} (or {@code booking_type:new} for bookings) → dimension → values, each
     * checked against the data.
     */
    private Map<String, Set<String>> filters(List<String> raw, GoldSnapshot snapshot, String metric) {
        Map<String, Set<String>> filters = new TreeMap<>();
        if (raw.isEmpty()) {
            return filters;
        }
        Map<String, SortedSet<String>> known = explain.dimensionValues(snapshot, metric);
        List<String> dims = ExplainService.filterDimensions(metric);
        for (String f : raw) {
            int colon = f.indexOf(':');
            if (colon <= 0 || colon == f.length() - 1) {
                throw ApiErrors.invalid("filter", f, "dimension:value, e.g. segment:smb (dimensions: "
                        + String.join(", ", dims) + ")", "is not dimension:value");
            }
            String dim = f.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!dims.contains(dim)) {
                throw ApiErrors.notOneOf("filter", f.substring(0, colon), dims);
            }
            SortedSet<String> accepted = known.get(dim);
            for (String value : f.substring(colon + 1).split("\\|")) {
                String v = value.trim();
                if (!accepted.contains(v)) {
                    List<String> names = new ArrayList<>();
                    accepted.forEach(a -> names.add(dim + ":" + a));
                    throw ApiErrors.notOneOf("filter", dim + ":" + v, names);
                }
                filters.computeIfAbsent(dim, d -> new LinkedHashSet<>()).add(v.equals(PartSource.NONE) ? v : v);
            }
        }
        return filters;
    }

    private GoldSnapshot snapshot(Context ctx, List<TableDef> tables) {
        // A Delta version or close:YYYY-MM, like every other route.
        return asOfSnapshots.resolve(ctx, tables);
    }
}
