package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.oneOf;
import static io.revlake.api.routes.ApiRoute.Param.path;
import static io.revlake.api.routes.ApiRoute.Param.query;
import static io.revlake.api.routes.ApiRoute.Param.required;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.metrics.Grain;
import io.revlake.api.metrics.MetricDef;
import io.revlake.api.metrics.MetricsService;
import io.revlake.api.metrics.PartSource;
import io.revlake.api.metrics.RunPolicies;
import io.revlake.api.metrics.SeriesQuery;
import io.revlake.api.metrics.SeriesResponse;
import io.revlake.api.mrr.CustomersResponse;
import io.revlake.api.mrr.HealthResponse;
import io.revlake.api.mrr.Movement;
import io.revlake.api.mrr.MovementsResponse;
import io.revlake.api.mrr.MrrService;
import io.revlake.api.mrr.SummaryResponse;
import io.revlake.api.security.Role;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The route table: every endpoint with the role it needs, its parameters and its thin handler. Handlers parse and
 * validate, call one service, and write JSON (or CSV with the same rows).
 */
public final class ApiRoutes {
    public static final String HEALTH = "/health";
    public static final String SUMMARY = "/api/v1/mrr/summary";
    public static final String MOVEMENTS = "/api/v1/mrr/movements";
    public static final String METRICS = "/api/v1/metrics";
    public static final String METRIC = "/api/v1/metrics/{id}";
    public static final String SERIES = "/api/v1/metrics/{id}/series";
    public static final String CUSTOMERS = "/api/v1/customers";
    public static final String COHORTS = "/api/v1/cohorts";
    public static final String RELOAD = "/api/v1/admin/reload";
    public static final String OPENAPI = "/api/v1/openapi.json";
    public static final String DOCS = "/api/v1/docs";

    public static final ApiRoute.Param FORMAT = oneOf("format", "json (default) or csv; CSV has the same rows and"
            + " needs role analyst. Accept: text/csv works too.", Respond.FORMATS);
    public static final ApiRoute.Param AS_OF = query("as_of", "Delta version of the table(s) read (time travel),"
            + " or close:YYYY-MM for the figures as a closed month froze them; default: the latest loaded version", "0");
    public static final ApiRoute.Param FROM = query("from", "first month, YYYY-MM (inclusive)", "2024-01");
    public static final ApiRoute.Param TO = query("to", "last month, YYYY-MM (inclusive)", "2024-12");

    private final MrrService mrr;
    private final MetricsService metrics;
    private final GoldStore store;
    private final AsOfSnapshots asOf;
    private final RunPolicies policies;
    private final List<ApiRoute> table;
    private final SnapshotAnswers answers;

    public ApiRoutes(MrrService mrr, MetricsService metrics, GoldStore store) {
        this(mrr, metrics, store, List.of());
    }

    /** The core routes followed by those of each group; as_of=close:… is not served (no period closes). */
    public ApiRoutes(MrrService mrr, MetricsService metrics, GoldStore store, List<RouteGroup> groups) {
        this(mrr, metrics, store, groups, new AsOfSnapshots(store, null));
    }

    /** The core routes followed by those of each group, with {@code as_of} resolved by {@code asOf}. */
    public ApiRoutes(MrrService mrr, MetricsService metrics, GoldStore store, List<RouteGroup> groups,
                     AsOfSnapshots asOf) {
        this.mrr = mrr;
        this.metrics = metrics;
        this.store = store;
        this.asOf = asOf;
        this.policies = new RunPolicies(store.reader());
        this.answers = new SnapshotAnswers(store);
        List<ApiRoute> core = List.of(
                new ApiRoute("GET", HEALTH, Role.PUBLIC, "Which gold tables are loaded, at which Delta version",
                        List.of(FORMAT), true, this::health),
                new ApiRoute("GET", METRICS, Role.VIEWER, "The metric catalog: definition, unit, kind, dimensions,"
                        + " policy and source table of every metric", List.of(FORMAT), true, this::catalog),
                new ApiRoute("GET", METRIC, Role.VIEWER, "One metric of the catalog",
                        List.of(path("id", "metric id, e.g. nrr", "nrr"), FORMAT), true, this::metric),
                new ApiRoute("GET", SERIES, Role.VIEWER, "A metric by month, quarter or year, optionally grouped and"
                        + " filtered by dimensions",
                        List.of(path("id", "metric id, e.g. mrr", "mrr"), FROM, TO,
                                oneOf("grain", "period of each row (default month)", Grain.accepted()),
                                query("group_by", "comma-separated dimensions: "
                                        + String.join(", ", Tables.MRR_DIMENSIONS) + " (those the metric lists)",
                                        "segment"),
                                query("filter", "dimension:value[|value],… e.g. segment:enterprise,region:emea;"
                                        + " (none) matches a missing value", "segment:enterprise"),
                                oneOf("currency", "MRR at month-end rates (reporting, default) or at the constant"
                                        + "-currency base rates (constant)", List.of("reporting", "constant")),
                                AS_OF, FORMAT), true, this::series).answeredPerSnapshot(),
                new ApiRoute("GET", SUMMARY, Role.VIEWER, "Rows of gold.mrr_summary (every column) in a month range;"
                        + " with dimension and value, the bridge of those customers from gold.mrr_dimension_month,"
                        + " entering and leaving included",
                        List.of(FROM, TO, oneOf("dimension", "filter the bridge to one value of this customer"
                                        + " dimension (as of each month)", Tables.MRR_DIMENSIONS),
                                query("value", "the dimension's value, e.g. enterprise; required with dimension",
                                        "enterprise"), AS_OF, FORMAT), true, this::summary).answeredPerSnapshot(),
                new ApiRoute("GET", MOVEMENTS, Role.ANALYST, "Customer MRR movements of one month (customer-level)",
                        List.of(required("month", "YYYY-MM", "2024-03"),
                                oneOf("movement", "only this movement", Movement.accepted()), AS_OF, FORMAT),
                        true, this::movements).answeredPerSnapshot(),
                new ApiRoute("GET", COHORTS, Role.VIEWER, "Cohort retention matrix (logo and revenue) of one segment",
                        List.of(query("segment", "segment, or all (default) for every customer", "all"),
                                query("from", "first cohort month, YYYY-MM", "2024-01"),
                                query("to", "last cohort month, YYYY-MM", "2024-12"), AS_OF, FORMAT),
                        true, this::cohorts).answeredPerSnapshot(),
                new ApiRoute("GET", CUSTOMERS, Role.ANALYST, "Paying customers of one month with their MRR"
                        + " (customer-level), largest MRR first; paged with offset and limit",
                        List.of(query("month", "YYYY-MM; default the latest", "2024-03"),
                                query("offset", "rows to skip (default 0)", "0"),
                                query("limit", "rows to return, 1 to 100000 (default: all)", "50"),
                                AS_OF, FORMAT), true, this::customers).answeredPerSnapshot(),
                new ApiRoute("POST", RELOAD, Role.ADMIN, "Look for new gold table versions now instead of at the next"
                        + " poll", List.of(), false, this::reload),
                new ApiRoute("GET", OPENAPI, Role.PUBLIC, "This API as OpenAPI 3.0", List.of(), false, this::openapi),
                new ApiRoute("GET", DOCS, Role.PUBLIC, "This API for people (HTML)", List.of(), false, this::docs));
        List<ApiRoute> all = new ArrayList<>(core);
        groups.forEach(g -> all.addAll(g.routes()));
        this.table = List.copyOf(all);
    }

    public List<ApiRoute> table() {
        return table;
    }

    /** The answers stored for the serving snapshot. */
    public SnapshotAnswers answers() {
        return answers;
    }

    /** "GET /health", … for messages. */
    public List<String> endpoints() {
        return table.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /** Registers every route behind its role check. */
    public void register(RoutesConfig routes, Auth auth) {
        for (ApiRoute route : table) {
            Handler guarded = ctx -> {
                auth.require(ctx, route.role(), false);
                boolean csv = Respond.wantsCsv(ctx);
                if (csv && !route.tabular()) {
                    throw ApiErrors.notAcceptable(route.path());
                }
                if (csv) {
                    auth.require(ctx, route.requiredRole(true), true);
                }
                if (route.perSnapshot()) {
                    answers.handle(ctx, csv, route.handler());
                } else {
                    route.handler().handle(ctx);
                }
            };
            switch (route.method()) {
                case "GET" -> routes.get(route.path(), guarded);
                case "POST" -> routes.post(route.path(), guarded);
                default -> throw new IllegalStateException("unsupported method " + route.method());
            }
        }
    }

    // ---- handlers ----

    private void health(Context ctx) {
        HealthResponse health = mrr.health();
        List<Map<String, Object>> rows = new ArrayList<>();
        health.tables().forEach((name, entry) -> rows.add(entry));
        Respond.rows(ctx, health, rows, List.of("table", "available"), "health");
    }

    private void catalog(Context ctx) {
        List<Map<String, Object>> rows = metrics.describeAll(store.current(), servedPolicy());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metrics", rows);
        Respond.rows(ctx, body, rows, List.of("id"), "metrics");
    }

    private void metric(Context ctx) {
        MetricDef metric = metric(ctx.pathParam("id"));
        Map<String, Object> row = metrics.describe(metric, store.current(), servedPolicy());
        Respond.rows(ctx, row, List.of(row), List.of("id"), "metric-" + metric.id());
    }

    /** The policy recorded by the transform run whose tables are served, when it is known. */
    private Optional<RunPolicies.Recorded> servedPolicy() {
        return store.publication().flatMap(p -> policies.of(p.runId()));
    }

    private void series(Context ctx) {
        MetricDef metric = metric(ctx.pathParam("id"));
        Optional<YearMonth> from = Params.optionalMonth(ctx, "from");
        Optional<YearMonth> to = Params.optionalMonth(ctx, "to");
        Params.requireOrdered(from, to);
        Grain grain = Grain.parse(Params.oneOf(ctx, "grain", Grain.accepted(), "month")).orElseThrow();
        boolean constant = Params.oneOf(ctx, "currency", metric.constantCurrencyAvailable()
                ? List.of("reporting", "constant") : List.of("reporting"), "reporting").equals("constant");
        List<String> groupBy = new ArrayList<>();
        for (String d : Params.list(ctx, "group_by")) {
            String dim = d.toLowerCase(java.util.Locale.ROOT);
            if (!metric.dimensions().contains(dim)) {
                throw ApiErrors.notOneOf("group_by", d, metric.dimensions());
            }
            if (!groupBy.contains(dim)) {
                groupBy.add(dim);
            }
        }
        List<String> rawFilters = Params.list(ctx, "filter");
        boolean grouped = !groupBy.isEmpty() || !rawFilters.isEmpty();
        PartSource source = metric.sourceFor(grouped);
        GoldSnapshot snapshot = snapshot(ctx, source.tables());
        Map<String, Set<String>> filters = filters(rawFilters, metric, source, snapshot);
        SeriesQuery query = new SeriesQuery(metric, from, to, grain, groupBy, filters, constant);
        // Without as_of the answer depends only on the serving snapshot and the query: computed once per snapshot.
        SeriesResponse response = ctx.queryParam("as_of") == null ? metrics.cachedSeries(query, snapshot)
                : metrics.series(query, snapshot);
        List<String> columns = new ArrayList<>(List.of("period"));
        columns.addAll(groupBy);
        columns.addAll(List.of("value", "period_start", "period_end", "months"));
        Respond.rows(ctx, response, response.rows(), columns, metric.id() + "-" + grain.value());
    }

    private void summary(Context ctx) {
        Optional<YearMonth> from = Params.optionalMonth(ctx, "from");
        Optional<YearMonth> to = Params.optionalMonth(ctx, "to");
        Params.requireOrdered(from, to);
        String dimension = Params.oneOf(ctx, "dimension", Tables.MRR_DIMENSIONS, null);
        String value = ctx.queryParam("value");
        if (dimension == null) {
            if (value != null) {
                throw ApiErrors.missingParameter("dimension", "one of " + String.join(", ", Tables.MRR_DIMENSIONS));
            }
            SummaryResponse response = mrr.summary(snapshot(ctx, List.of(Tables.MRR_SUMMARY)), from, to);
            Respond.rows(ctx, response, response.rows(), Tables.MRR_SUMMARY.columnNames(), "mrr-summary");
            return;
        }
        if (value == null || value.isBlank()) {
            throw ApiErrors.missingParameter("value", "a value of " + dimension);
        }
        var snapshot = snapshot(ctx, List.of(Tables.MRR_DIMENSION_MONTH));
        List<String> known = List.copyOf(mrr.dimensionValues(snapshot, dimension));
        if (!known.contains(value)) {
            throw ApiErrors.notOneOf("value", value, known);
        }
        SummaryResponse response = mrr.summary(snapshot, dimension, value, from, to);
        Respond.rows(ctx, response, response.rows(), Tables.MRR_DIMENSION_MONTH.columnNames(),
                "mrr-summary-" + dimension + "-" + value);
    }

    private void movements(Context ctx) {
        YearMonth month = Params.requiredMonth(ctx, "month");
        Optional<Movement> movement = Params.optionalMovement(ctx, "movement");
        MovementsResponse response = mrr.movements(snapshot(ctx, List.of(Tables.MRR_MOVEMENTS)), month, movement);
        Respond.rows(ctx, response, response.rows(), List.of("customer_id", "movement", "amount"),
                "mrr-movements-" + month);
    }

    private void customers(Context ctx) {
        Optional<YearMonth> month = Params.optionalMonth(ctx, "month");
        int offset = Params.optionalInt(ctx, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = Params.optionalInt(ctx, "limit", 1, 100_000, Integer.MAX_VALUE);
        CustomersResponse response = mrr.customers(snapshot(ctx, List.of(Tables.MRR_CUSTOMER_MONTH)), month, offset,
                limit);
        Respond.rows(ctx, response, response.rows(), Tables.MRR_CUSTOMER_MONTH.columnNames(), "customers");
    }

    private void cohorts(Context ctx) {
        Optional<YearMonth> from = Params.optionalMonth(ctx, "from");
        Optional<YearMonth> to = Params.optionalMonth(ctx, "to");
        Params.requireOrdered(from, to);
        GoldSnapshot snapshot = snapshot(ctx, List.of(Tables.COHORT_RETENTION));
        String raw = ctx.queryParam("segment");
        String segment = raw == null || raw.isBlank() ? "all" : raw.trim();
        List<String> segments = List.copyOf(mrr.cohortSegments(snapshot));
        if (!segments.contains(segment)) {
            throw ApiErrors.notOneOf("segment", raw, segments);
        }
        var response = mrr.cohorts(snapshot, segment, from, to);
        Respond.rows(ctx, response, response.rows(), Tables.COHORT_RETENTION.columnNames(), "cohorts-" + segment);
    }

    private void reload(Context ctx) {
        boolean changed = store.refresh();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changed", changed);
        body.put("health", mrr.health());
        ctx.json(body);
    }

    private void openapi(Context ctx) {
        ctx.json(OpenApi.document(table));
    }

    private void docs(Context ctx) {
        ctx.html(OpenApi.html(table));
    }

    // ---- helpers ----

    private MetricDef metric(String id) {
        return metrics.catalog().get(id).orElseThrow(() -> ApiErrors.unknownMetric(id, metrics.catalog().ids()));
    }

    /** The snapshot to answer from: the current one, or the tables as {@code as_of} asks (a version or a close). */
    private GoldSnapshot snapshot(Context ctx, List<TableDef> tables) {
        return asOf.resolve(ctx, tables);
    }

    /** {@code segment:enterprise|smb,region:emea} → dimension → values, each checked against the data. */
    private static Map<String, Set<String>> filters(List<String> raw, MetricDef metric, PartSource source,
                                                    GoldSnapshot snapshot) {
        Map<String, Set<String>> filters = new TreeMap<>();
        if (raw.isEmpty()) {
            return filters;
        }
        Map<String, SortedSet<String>> known = null;
        for (String f : raw) {
            int colon = f.indexOf(':');
            if (colon <= 0 || colon == f.length() - 1) {
                throw ApiErrors.invalid("filter", f, "dimension:value, e.g. segment:enterprise (dimensions: "
                        + String.join(", ", metric.dimensions()) + ")", "is not dimension:value");
            }
            String dim = f.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            if (!metric.dimensions().contains(dim)) {
                throw ApiErrors.notOneOf("filter", f.substring(0, colon), metric.dimensions());
            }
            if (known == null) {
                known = source.dimensionValues(snapshot);
            }
            SortedSet<String> accepted = known.get(dim);
            for (String value : f.substring(colon + 1).split("\\|")) {
                String v = value.trim();
                if (!accepted.contains(v)) {
                    throw ApiErrors.notOneOf("filter", dim + ":" + v, accepted.stream().map(a -> dim + ":" + a).toList());
                }
                filters.computeIfAbsent(dim, d -> new LinkedHashSet<>()).add(v);
            }
        }
        return filters;
    }
}
