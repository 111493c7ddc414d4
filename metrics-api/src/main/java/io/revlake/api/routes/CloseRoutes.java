package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.path;
import static io.revlake.api.routes.ApiRoute.Param.query;
import static io.revlake.api.routes.ApiRoute.Param.required;

import io.javalin.http.Context;
import io.revlake.api.close.CloseRefusedException;
import io.revlake.api.close.CloseService;
import io.revlake.api.close.PeriodClose;
import io.revlake.api.close.Restatements;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.security.Role;
import io.revlake.catalog.TableDef;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Period close: close a month (admin), list the closed months, and the restatement report of a closed month (what
 * changed in its figures since it was closed). See docs/period-close.md.
 */
public final class CloseRoutes implements RouteGroup {
    public static final String CLOSE = "/api/v1/admin/close";
    public static final String CLOSES = "/api/v1/close";
    public static final String RESTATEMENTS = "/api/v1/close/{period}/restatements";
    private static final List<String> LIST_COLUMNS = List.of("period", "closed_at", "closed_by", "note", "versions");

    private final CloseService closes;
    private final GoldStore store;
    private final AsOfSnapshots asOf;

    public CloseRoutes(CloseService closes, GoldStore store, AsOfSnapshots asOf) {
        this.closes = closes;
        this.store = store;
        this.asOf = asOf;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("POST", CLOSE, Role.ADMIN, "Close a month: freeze the Delta version of every gold table"
                        + " once the accounting identities hold (409 listing the failures otherwise; a month closes"
                        + " once)", List.of(required("period", "month to close, YYYY-MM", "2024-03"),
                        query("by", "who closes, recorded with the close (default: admin token)", "jane"),
                        query("note", "free text recorded with the close", "Q1 sign-off")), false, this::close),
                new ApiRoute("GET", CLOSES, Role.VIEWER, "Closed months: when, by whom, and the gold table versions"
                        + " each froze (ask any endpoint with as_of=close:YYYY-MM)", List.of(ApiRoutes.FORMAT), true,
                        this::list),
                new ApiRoute("GET", RESTATEMENTS, Role.ANALYST, "Restatements of a closed month: every figure of the"
                        + " month (and the months before it) in a month-grain gold table, customers included, that"
                        + " differs now from its value at close",
                        List.of(path("period", "a closed month, YYYY-MM", "2024-03"), ApiRoutes.FORMAT), true,
                        this::restatements));
    }

    private void close(Context ctx) {
        String raw = ctx.queryParam("period");
        if (raw == null || raw.isBlank()) {
            throw ApiErrors.missingParameter("period", ApiErrors.MONTH_FORMAT);
        }
        YearMonth period = month("period", raw);
        String by = ctx.queryParam("by");
        String closedBy = by == null || by.isBlank() ? "admin token" : by.trim() + " (admin token)";
        PeriodClose close;
        try {
            close = closes.close(period, closedBy, ctx.queryParam("note"));
        } catch (CloseRefusedException e) {
            throw CloseErrors.refused(e);
        }
        ctx.json(describe(close, true));
    }

    private void list(Context ctx) {
        List<Map<String, Object>> json = new ArrayList<>();
        List<Map<String, Object>> csv = new ArrayList<>();
        for (PeriodClose c : closes.closes()) {
            json.add(describe(c, false));
            Map<String, Object> row = new LinkedHashMap<>(describe(c, false));
            List<String> versions = new ArrayList<>();
            c.versions().forEach((t, v) -> versions.add(t + "=" + v));
            row.put("versions", versions);
            csv.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("closes", json);
        Respond.rows(ctx, body, csv, LIST_COLUMNS, "closes");
    }

    private void restatements(Context ctx) {
        String raw = ctx.pathParam("period");
        YearMonth period = month("period", raw);
        PeriodClose close = asOf.closed("period", raw, period);
        GoldSnapshot now = store.current();
        List<TableDef> compared = new ArrayList<>();
        for (TableDef table : Restatements.comparedTables()) {
            boolean frozen = close.versions().containsKey(table.qualifiedName());
            boolean present = now.tables().get(table.qualifiedName()) instanceof LoadedTable;
            if (frozen || present) {
                compared.add(table);
            }
        }
        GoldSnapshot atClose = asOf.atClose(close, compared.stream()
                .filter(t -> close.versions().containsKey(t.qualifiedName())).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> versionsNow = new LinkedHashMap<>();
        for (TableDef table : compared) {
            LoadedTable before = close.versions().containsKey(table.qualifiedName()) ? atClose.require(table) : null;
            LoadedTable after = now.require(table); // unavailable now: 503 rather than "every row removed"
            versionsNow.put(table.qualifiedName(), after.version());
            rows.addAll(Restatements.compare(table, before, after, period));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.toString());
        body.put("closed_at", close.closedAt().toString());
        body.put("closed_by", close.closedBy());
        body.put("months", "up to and including " + period);
        body.put("tables", compared.stream().map(TableDef::qualifiedName).toList());
        Map<String, Object> versionsAtClose = new LinkedHashMap<>();
        compared.forEach(t -> versionsAtClose.put(t.qualifiedName(), close.versions().get(t.qualifiedName())));
        body.put("versions_at_close", versionsAtClose);
        body.put("versions_now", versionsNow);
        body.put("restatements", rows.size());
        body.put("rows", rows);
        Respond.rows(ctx, body, rows, Restatements.COLUMNS, "restatements-" + period);
    }

    private static Map<String, Object> describe(PeriodClose c, boolean withChecks) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("period", c.period().toString());
        row.put("closed_at", c.closedAt().toString());
        row.put("closed_by", c.closedBy());
        row.put("note", c.note());
        row.put("versions", c.versions());
        if (withChecks) {
            row.put("checks", c.checks());
        }
        return row;
    }

    private static YearMonth month(String name, String raw) {
        String text = raw.trim();
        if (!text.matches("\\d{4}-\\d{2}")) {
            throw ApiErrors.invalidMonth(name, raw);
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeException e) {
            throw ApiErrors.invalidMonth(name, raw);
        }
    }
}
