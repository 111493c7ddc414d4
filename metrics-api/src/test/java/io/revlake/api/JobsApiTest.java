package io.revlake.api;

import static io.revlake.api.jobs.JobFixtures.await;
import static io.revlake.api.jobs.JobFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.api.jobs.JobFixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job endpoints on a real server whose runner starts real (fake-pipeline) processes and writes ops.job_runs. */
class JobsApiTest {
    private static Path warehouse;
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        warehouse = JobFixtures.warehouse("api", "job.all.cron = 0 2 * * *", "job.transform.clv.retries = 0",
                "job.all.as_of = previous_month_end");
        plan(warehouse, "transform:silver", "ok 3000");
        plan(warehouse, "transform:clv", "fail");
        server = TestServers.start(warehouse);
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_admin_starts_a_run_gets_its_id_and_a_409_while_it_runs_then_sees_it_in_the_history() {
        Http.Response started = startWhenTheTransformLockIsFree("transform:silver", "?as_of=2024-04-30");
        String runId = started.json().get("run_id").asText();
        assertThat(runId).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");

        Http.Response again = Http.send("POST", base, "api/v1/jobs/transform:silver/run", TestServers.ADMIN);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("job_running");
        assertThat(again.json().get("message").asText()).startsWith("transform:silver is already running (held by this process)");

        JsonNode listed = job(Http.get(base, "api/v1/jobs").json(), "transform:silver");
        assertThat(listed.get("running_run_id").asText()).isEqualTo(runId);

        await("the run to succeed", Duration.ofSeconds(60), () -> {
            JsonNode runs = Http.get(base, "api/v1/jobs/transform:silver/runs").json().get("runs");
            return runs.size() > 0 && runs.get(0).get("status").asText().equals("succeeded");
        });
        JsonNode run = Http.get(base, "api/v1/jobs/transform:silver/runs?limit=5").json().get("runs").get(0);
        assertThat(run.get("run_id").asText()).isEqualTo(runId);
        assertThat(run.get("trigger").asText()).isEqualTo("api");
        assertThat(run.get("attempt").asInt()).isEqualTo(1);
        assertThat(run.get("rows_in").asLong()).isEqualTo(10);
        assertThat(run.get("rows_out").asLong()).isEqualTo(7);
        assertThat(run.get("tables_written").get("bronze.fake_transform_silver").asLong()).isEqualTo(3);
        assertThat(run.get("duration_seconds").asDouble()).isGreaterThanOrEqualTo(3.0);
        assertThat(run.get("error").isNull()).isTrue();

        Http.Response csv = Http.get(base, "api/v1/jobs/transform:silver/runs?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("run_id,job,parent_run_id,trigger,attempt,status");
        assertThat(csv.body()).contains(runId).contains("\"{\"\"bronze.fake_transform_silver\"\":3}\"");
    }

    @Test
    void a_failed_run_shows_its_error_as_the_jobs_last_run() {
        startWhenTheTransformLockIsFree("transform:clv", "");
        await("the run to fail", Duration.ofSeconds(60), () -> {
            JsonNode last = job(Http.get(base, "api/v1/jobs").json(), "transform:clv").get("last_run");
            return !last.isNull() && last.get("status").asText().equals("failed");
        });
        JsonNode last = job(Http.get(base, "api/v1/jobs").json(), "transform:clv").get("last_run");
        assertThat(last.get("error").asText()).contains("exited with code 1").contains("fake failure of transform:clv");
    }

    /** Transform jobs share one lock: a run another test started may hold it for a few seconds. */
    private static Http.Response startWhenTheTransformLockIsFree(String job, String query) {
        Http.Response[] started = new Http.Response[1];
        await(job + " to start", Duration.ofSeconds(60), () -> {
            started[0] = Http.send("POST", base, "api/v1/jobs/" + job + "/run" + query, TestServers.ADMIN);
            return started[0].status() != 409;
        });
        assertThat(started[0].status()).as(started[0].body()).isEqualTo(200);
        return started[0];
    }

    @Test
    void the_job_list_has_dependencies_schedules_and_what_keeps_a_job_from_running() {
        JsonNode body = Http.get(base, "api/v1/jobs").json();
        assertThat(body.get("pipeline_configured").asBoolean()).isTrue();
        assertThat(body.get("config_problem").isNull()).isTrue();
        JsonNode all = job(body, "all");
        assertThat(all.get("schedule").asText()).isEqualTo("0 2 * * *");
        assertThat(all.get("time_zone").asText()).isEqualTo("Z");
        assertThat(all.get("next_run_at").asText()).endsWith("T02:00:00Z");
        assertThat(all.get("depends_on")).extracting(JsonNode::asText).containsExactly("transform:all");
        assertThat(job(body, "transform:clv").get("depends_on").get(0).asText()).isEqualTo("transform:recurring");
        assertThat(job(body, "transform:clv").get("retries").asInt()).isZero();
        assertThat(all.get("as_of").asText()).isEqualTo("previous_month_end");
        assertThat(job(body, "transform:clv").get("as_of").asText()).isEqualTo("today");
        JsonNode stripe = job(body, "ingest:stripe");
        assertThat(stripe.get("runnable").asBoolean()).isFalse();
        assertThat(stripe.get("problem").asText()).contains("set source.stripe.path in");

        Http.Response refused = Http.send("POST", base, "api/v1/jobs/ingest:stripe/run", TestServers.ADMIN);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("job_not_runnable");
    }

    @Test
    void bad_requests_get_a_status_and_a_message_that_says_what_to_send() {
        Http.Response unknown = Http.send("POST", base, "api/v1/jobs/transform:gold/run", TestServers.ADMIN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).startsWith("No job 'transform:gold'. Jobs: ingest:canonical,");
        assertThat(Http.get(base, "api/v1/jobs/nope/runs").status()).isEqualTo(404);

        Http.Response badDate = Http.send("POST", base, "api/v1/jobs/transform:finance/run?as_of=2024-02-30", TestServers.ADMIN);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("parameter").asText()).isEqualTo("as_of");
        Http.Response badLimit = Http.get(base, "api/v1/jobs/all/runs?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("message").asText()).contains("a whole number from 1 to 1000");

        Http.Response analyst = Http.send("POST", base, "api/v1/jobs/transform:finance/run", TestServers.ANALYST);
        assertThat(analyst.status()).isEqualTo(403);
        assertThat(Http.get(base, "api/v1/jobs", TestServers.VIEWER).status()).isEqualTo(403);
    }

    private static JsonNode job(JsonNode body, String id) {
        for (JsonNode j : body.get("jobs")) {
            if (j.get("id").asText().equals(id)) {
                return j;
            }
        }
        throw new AssertionError("no job " + id + " in " + body);
    }
}
