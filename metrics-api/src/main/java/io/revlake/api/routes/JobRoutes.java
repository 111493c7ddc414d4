package io.revlake.api.routes;

import static io.revlake.api.routes.ApiRoute.Param.path;
import static io.revlake.api.routes.ApiRoute.Param.query;

import io.javalin.http.Context;
import io.revlake.api.jobs.JobDef;
import io.revlake.api.jobs.JobException;
import io.revlake.api.jobs.JobRun;
import io.revlake.api.jobs.JobService;
import io.revlake.api.jobs.Trigger;
import io.revlake.api.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs and their runs: list with schedule and last run, run history, and (admin) trigger a run. Reading needs
 * analyst (run errors can name files and hosts); triggering needs admin.
 */
public final class JobRoutes implements RouteGroup {
    public static final String JOBS = "/api/v1/jobs";
    public static final String RUNS = "/api/v1/jobs/{id}/runs";
    public static final String RUN = "/api/v1/jobs/{id}/run";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final JobService jobs;
    private final Clock clock;

    public JobRoutes(JobService jobs) {
        this(jobs, Clock.systemUTC());
    }

    JobRoutes(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("GET", JOBS, Role.ANALYST, "Jobs with their dependencies, schedule, next fire time and"
                        + " last run", List.of(ApiRoutes.FORMAT), true, this::list),
                new ApiRoute("GET", RUNS, Role.ANALYST, "Run history of a job (ops.job_runs), newest first; one row"
                        + " per attempt", List.of(path("id", "job id, e.g. transform:silver or all", "all"),
                        query("limit", "most rows returned, 1.." + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")", "20"),
                        ApiRoutes.FORMAT), true, this::runs),
                new ApiRoute("POST", RUN, Role.ADMIN, "Start a run of a job now; answers its run id, or 409 while a"
                        + " run of the job is in progress", List.of(path("id", "job id", "transform:silver"),
                        query("as_of", "compute facts up to this date, YYYY-MM-DD (default: today)", "2024-12-31")),
                        false, this::run));
    }

    private void list(Context ctx) {
        Instant now = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> csv = new ArrayList<>();
        List<JobRun> history = jobs.history().runs(); // newest first; read once per request
        for (JobDef job : jobs.jobs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", job.id());
            row.put("description", job.description());
            row.put("depends_on", job.dependsOn());
            row.put("runnable", job.runnable());
            row.put("problem", job.problem());
            var cron = jobs.config().schedules().get(job.id());
            row.put("schedule", cron == null ? null : cron.expression());
            row.put("time_zone", cron == null ? null : cron.zone().getId());
            row.put("next_run_at", jobs.nextFire(job.id()).map(t -> t.toInstant().toString()).orElse(null));
            var settings = jobs.config().settingsFor(job.id());
            row.put("timeout_seconds", settings.timeout().toSeconds());
            row.put("retries", settings.retries());
            row.put("backoff_seconds", settings.backoff().toSeconds());
            row.put("as_of", settings.asOf().toString());
            row.put("running_run_id", jobs.runningHere(job.id()).orElse(null));
            Optional<JobRun> last = history.stream().filter(r -> r.job().equals(job.id())).findFirst();
            row.put("last_run", last.map(r -> run(r, now)).orElse(null));
            rows.add(row);
            Map<String, Object> flat = new LinkedHashMap<>(row);
            flat.remove("last_run");
            flat.put("last_run_id", last.map(JobRun::runId).orElse(null));
            flat.put("last_status", last.map(r -> r.status().value()).orElse(null));
            flat.put("last_started_at", last.map(r -> r.startedAt().toString()).orElse(null));
            flat.put("last_ended_at", last.map(r -> r.endedAt() == null ? null : r.endedAt().toString()).orElse(null));
            flat.put("last_error", last.map(JobRun::error).orElse(null));
            csv.add(flat);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", rows);
        body.put("config_file", jobs.configFile() == null ? null : jobs.configFile().toString());
        body.put("config_problem", jobs.configProblem());
        body.put("pipeline_configured", jobs.pipelineConfigured());
        Respond.rows(ctx, body, csv, List.of("id"), "jobs");
    }

    private void runs(Context ctx) {
        String id = ctx.pathParam("id");
        JobDef job = jobs.job(id).orElseThrow(() -> JobErrors.of(jobs.unknown(id)));
        int limit = limit(ctx);
        Instant now = clock.instant();
        List<Map<String, Object>> rows = jobs.history().runs(job.id(), limit).stream().map(r -> run(r, now)).toList();
        List<Map<String, Object>> csv = rows.stream().map(r -> {
            Map<String, Object> flat = new LinkedHashMap<>(r);
            try {
                flat.put("tables_written", io.revlake.api.Json.mapper().writeValueAsString(r.get("tables_written")));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return flat;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.id());
        body.put("runs", rows);
        Respond.rows(ctx, body, csv, List.of("run_id", "job", "attempt", "status"), "runs-" + job.id().replace(':', '-'));
    }

    private void run(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<LocalDate> asOf = asOf(ctx);
        String runId;
        try {
            runId = jobs.start(id, Trigger.API, asOf);
        } catch (JobException e) {
            throw JobErrors.of(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("job", id);
        body.put("status", "running");
        body.put("runs", "/api/v1/jobs/" + id + "/runs");
        ctx.json(body);
    }


    static Map<String, Object> run(JobRun r, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", r.runId());
        row.put("job", r.job());
        row.put("parent_run_id", r.parentRunId());
        row.put("trigger", r.trigger().value());
        row.put("attempt", r.attempt());
        row.put("status", r.status().value());
        row.put("started_at", r.startedAt().toString());
        row.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
        row.put("duration_seconds", r.durationSeconds(now));
        row.put("rows_in", r.rowsIn());
        row.put("rows_out", r.rowsOut());
        row.put("tables_written", r.tablesWritten());
        row.put("error", r.error());
        row.put("runner", r.runner());
        return row;
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiErrors.invalid("limit", raw, "a whole number from 1 to " + MAX_LIMIT, "is not accepted");
    }

    private static Optional<LocalDate> asOf(Context ctx) {
        String raw = ctx.queryParam("as_of");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.trim()));
        } catch (DateTimeParseException e) {
            throw ApiErrors.invalid("as_of", raw, "a date YYYY-MM-DD, e.g. 2024-12-31", "is not a date");
        }
    }
}
