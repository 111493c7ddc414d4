package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.query;

import io.javalin.http.Context;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.gold.Publications;
import io.revlake.api.quality.QualityService;
import io.revlake.api.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data-quality results of the transform's declared checks (ops.quality_results) and the publication being served.
 * Needs analyst: failing samples can name customers and invoices.
 */
public final class QualityRoutes implements RouteGroup {
    public static final String QUALITY = "/api/v1/quality";
    static final List<String> COLUMNS = List.of("run_id", "table", "version", "check", "kind", "severity", "passed",
            "failing_rows", "failing_sample", "checked_at");

    private final QualityService quality;
    private final GoldStore store;

    public QualityRoutes(QualityService quality, GoldStore store) {
        this.quality = quality;
        this.store = store;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(new ApiRoute("GET", QUALITY, Role.ANALYST, "Results of the declared data-quality checks of the"
                + " latest transform run (or of run_id), failures first, and the publication the API serves",
                List.of(query("run_id", "a transform run id (ops.transform_runs, ops.quality_results); default: the"
                        + " latest run", "3f2c9a4e-…"), ApiRoutes.FORMAT), true, this::results));
    }

    private void results(Context ctx) {
        String runId = ctx.queryParam("run_id");
        Optional<QualityService.Run> run;
        if (runId == null || runId.isBlank()) {
            run = quality.latest();
        } else {
            run = quality.run(runId.trim());
            if (run.isEmpty()) {
                throw ApiErrors.unknownQualityRun(runId, quality.latest().map(QualityService.Run::runId).orElse(null));
            }
        }
        Optional<Publications.Publication> served = store.publication();
        List<Map<String, Object>> rows = run.map(r -> r.results().stream().map(QualityRoutes::row).toList())
                .orElse(List.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", run.map(QualityService.Run::runId).orElse(null));
        body.put("checked_at", run.map(r -> r.checkedAt().toString()).orElse(null));
        body.put("passed", run.map(r -> r.failed("blocking") == 0).orElse(null));
        body.put("failed_blocking", run.map(r -> r.failed("blocking")).orElse(0L));
        body.put("failed_warning", run.map(r -> r.failed("warning")).orElse(0L));
        body.put("checks", rows.size());
        body.put("published", run.isPresent() && served.isPresent() && served.get().runId().equals(run.get().runId()));
        body.put("served_publication", served.map(QualityRoutes::publication).orElse(null));
        body.put("results", rows);
        Respond.rows(ctx, body, rows, COLUMNS, "quality");
    }

    private static Map<String, Object> row(QualityService.Result r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", r.runId());
        row.put("table", r.table());
        row.put("version", r.version());
        row.put("check", r.check());
        row.put("kind", r.kind());
        row.put("severity", r.severity());
        row.put("passed", r.passed());
        row.put("failing_rows", r.failingRows());
        row.put("failing_sample", r.failingSample());
        row.put("checked_at", r.checkedAt().toString());
        return row;
    }

    private static Map<String, Object> publication(Publications.Publication p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publish_id", p.publishId());
        m.put("run_id", p.runId());
        m.put("published_at", p.publishedAt().toString());
        m.put("versions", new java.util.TreeMap<>(p.versions()));
        return m;
    }
}
