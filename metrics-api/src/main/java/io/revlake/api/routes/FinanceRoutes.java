package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.oneOf;
import static io.revlake.api.routes.ApiRoute.Param.query;

import io.javalin.http.Context;
import io.revlake.api.finance.FinanceResponses;
import io.revlake.api.finance.FinanceService;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.security.Role;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cash, receivables and revenue recognition: AR aging (customer-level, analyst) and its history, DSO, the revenue
 * waterfall, the deferred revenue roll-forward, RPO and bookings (company-level, viewer). Thin handlers over
 * {@link FinanceService}; every answer is JSON, or CSV with the same rows.
 */
public final class FinanceRoutes implements RouteGroup {
    public static final String AR_AGING = "/api/v1/finance/ar-aging";
    public static final String AR_AGING_HISTORY = "/api/v1/finance/ar-aging/history";
    public static final String DSO = "/api/v1/finance/dso";
    public static final String WATERFALL = "/api/v1/finance/waterfall";
    public static final String DEFERRED_REVENUE = "/api/v1/finance/deferred-revenue";
    public static final String RPO = "/api/v1/finance/rpo";
    public static final String BOOKINGS = "/api/v1/finance/bookings";

    private final FinanceService finance;
    private final GoldStore store;
    private final AsOfSnapshots asOfSnapshots;

    public FinanceRoutes(FinanceService finance, GoldStore store, AsOfSnapshots asOfSnapshots) {
        this.asOfSnapshots = asOfSnapshots;
        this.finance = Objects.requireNonNull(finance, "finance");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<ApiRoute> routes() {
        List<ApiRoute.Param> range = List.of(ApiRoutes.FROM, ApiRoutes.TO, ApiRoutes.AS_OF, ApiRoutes.FORMAT);
        return List.of(
                new ApiRoute("GET", AR_AGING, Role.ANALYST, "Open invoices at one aging date (a month end, or the"
                        + " transform's as-of date) with totals per bucket and per currency (customer-level)",
                        List.of(query("as_of", "aging date YYYY-MM-DD, one of the table's dates (a 400 names them);"
                                        + " default the latest. A whole number is a Delta version, as elsewhere",
                                        "2024-03-31"),
                                query("version", "Delta version of gold.ar_aging (time travel) when as_of is a date",
                                        "0"), ApiRoutes.FORMAT), true, this::arAging),
                new ApiRoute("GET", AR_AGING_HISTORY, Role.VIEWER, "AR by aging bucket at every aging date, reporting"
                        + " currency", List.of(ApiRoutes.AS_OF, ApiRoutes.FORMAT), true, this::agingHistory),
                new ApiRoute("GET", DSO, Role.VIEWER, "DSO (simple and countback), CEI, AR and billings by month"
                        + " (gold.dso_month)", range, true, this::dso),
                new ApiRoute("GET", WATERFALL, Role.VIEWER, "Revenue waterfall: row month (billing or booking) ×"
                        + " recognition month, with recognised to date and remaining per row",
                        List.of(oneOf("rows", "what a row is: billing month (default) or booking month",
                                        FinanceService.WATERFALL_ROWS),
                                query("from", "first row month, YYYY-MM", "2024-01"),
                                query("to", "last row month, YYYY-MM", "2024-12"), ApiRoutes.AS_OF, ApiRoutes.FORMAT),
                        true, this::waterfall),
                new ApiRoute("GET", DEFERRED_REVENUE, Role.VIEWER, "Deferred revenue roll-forward by month: opening +"
                        + " billings − recognised (+ currency translation) = closing, and unbilled receivables",
                        range, true, this::deferredRevenue),
                new ApiRoute("GET", RPO, Role.VIEWER, "RPO, cRPO, deferred revenue and backlog by month end,"
                        + " reporting currency", range, true, this::rpo),
                new ApiRoute("GET", BOOKINGS, Role.VIEWER, "Bookings (count, TCV, ACV) by month and type",
                        range, true, this::bookings));
    }

    private void arAging(Context ctx) {
        String raw = ctx.queryParam("as_of");
        LocalDate date = null;
        OptionalLong version = Params.optionalVersion(ctx, "version");
        if (raw != null && !raw.isBlank()) {
            String text = raw.trim();
            if (text.matches("\\d{1,18}")) {
                if (version.isPresent()) {
                    throw ApiErrors.invalid("version", ctx.queryParam("version"), "no version when as_of is one",
                            "conflicts with as_of " + text);
                }
                version = OptionalLong.of(Long.parseLong(text));
            } else {
                date = date("as_of", text);
            }
        }
        GoldSnapshot snapshot = version.isPresent() ? store.asOf(version.getAsLong(), List.of(Tables.AR_AGING))
                : store.current();
        if (date != null) {
            List<LocalDate> dates = finance.agingDates(snapshot);
            if (!dates.contains(date)) {
                LocalDate d = date;
                String before = dates.stream().filter(x -> x.isBefore(d)).reduce((a, b) -> b).map(Object::toString)
                        .orElse(null);
                String after = dates.stream().filter(x -> x.isAfter(d)).findFirst().map(Object::toString).orElse(null);
                throw FinanceErrors.agingDateUnavailable(text(raw), dates.stream().map(LocalDate::toString).toList(),
                        before, after);
            }
        }
        FinanceResponses.ArAging response = finance.arAging(snapshot, date);
        Respond.rows(ctx, response, response.rows(), List.of("as_of", "customer_id", "invoice_id", "bucket",
                "open_amount_reporting"), "ar-aging-" + (response.asOf() == null ? "none" : response.asOf()));
    }

    private void agingHistory(Context ctx) {
        FinanceResponses.AgingHistory response = finance.agingHistory(snapshot(ctx, Tables.AR_AGING));
        Respond.rows(ctx, response, response.rows(), List.of("as_of", "is_month_end", "bucket",
                "open_amount_reporting", "invoices"), "ar-aging-history");
    }

    private void dso(Context ctx) {
        Optional<YearMonth>[] range = range(ctx);
        FinanceResponses.MonthRows response = finance.dso(snapshot(ctx, Tables.DSO_MONTH), range[0], range[1]);
        Respond.rows(ctx, response, response.rows(), Tables.DSO_MONTH.columnNames(), "dso");
    }

    private void waterfall(Context ctx) {
        String rows = Params.oneOf(ctx, "rows", FinanceService.WATERFALL_ROWS, "billing");
        Optional<YearMonth>[] range = range(ctx);
        List<TableDef> tables = rows.equals("booking") ? List.of(Tables.REVENUE_SCHEDULE, Tables.BOOKINGS)
                : List.of(Tables.REVENUE_WATERFALL);
        FinanceResponses.Waterfall response = finance.waterfall(snapshot(ctx, tables), rows, range[0], range[1]);
        Respond.rows(ctx, response, response.rows(), List.of("row_month", "recognition_month", "amount_reporting",
                "is_recognized"), "waterfall-" + rows);
    }

    private void deferredRevenue(Context ctx) {
        Optional<YearMonth>[] range = range(ctx);
        FinanceResponses.DeferredRevenue response = finance.deferredRevenue(snapshot(ctx, Tables.DEFERRED_REVENUE),
                range[0], range[1]);
        Respond.rows(ctx, response, response.rows(), List.of("month", "opening", "opening_unbilled", "billings",
                "recognized", "fx_translation", "closing", "closing_unbilled", "net_contract_liability"),
                "deferred-revenue");
    }

    private void rpo(Context ctx) {
        Optional<YearMonth>[] range = range(ctx);
        FinanceResponses.MonthRows response = finance.rpo(snapshot(ctx, Tables.RPO_MONTH), range[0], range[1]);
        Respond.rows(ctx, response, response.rows(), List.of("month", "deferred_reporting", "unbilled_reporting",
                "backlog_reporting", "rpo_reporting", "crpo_reporting", "non_current_rpo_reporting", "currencies"),
                "rpo");
    }

    private void bookings(Context ctx) {
        Optional<YearMonth>[] range = range(ctx);
        FinanceResponses.MonthRows response = finance.bookings(snapshot(ctx, Tables.BOOKINGS_MONTH), range[0], range[1]);
        Respond.rows(ctx, response, response.rows(), Tables.BOOKINGS_MONTH.columnNames(), "bookings");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static Optional<YearMonth>[] range(Context ctx) {
        Optional<YearMonth> from = Params.optionalMonth(ctx, "from");
        Optional<YearMonth> to = Params.optionalMonth(ctx, "to");
        Params.requireOrdered(from, to);
        return new Optional[] {from, to};
    }

    private GoldSnapshot snapshot(Context ctx, TableDef table) {
        return snapshot(ctx, List.of(table));
    }

    private GoldSnapshot snapshot(Context ctx, List<TableDef> tables) {
        // A Delta version or close:YYYY-MM, like every other route.
        return asOfSnapshots.resolve(ctx, tables);
    }

    private static LocalDate date(String name, String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw FinanceErrors.invalidDate(name, text);
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw FinanceErrors.invalidDate(name, text);
        }
    }

    private static String text(String raw) {
        return raw.trim();
    }
}
