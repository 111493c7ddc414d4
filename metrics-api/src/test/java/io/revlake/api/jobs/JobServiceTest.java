package io.revlake.api.jobs;

import static io.revlake.api.jobs.JobFixtures.await;
import static io.revlake.api.jobs.JobFixtures.fakeDir;
import static io.revlake.api.jobs.JobFixtures.lines;
import static io.revlake.api.jobs.JobFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The job runner with real pipeline processes ({@link FakePipeline} JVMs), real lock files and a real
 * {@code ops.job_runs} Delta table.
 */
class JobServiceTest {

    @Test
    void a_failing_job_is_retried_with_exponential_backoff_and_every_attempt_is_recorded() {
        Path warehouse = JobFixtures.warehouse("retries", "job.transform.recurring.retries = 2",
                "job.transform.recurring.backoff = 300ms");
        plan(warehouse, "transform:recurring", "fail", "error", "ok 0");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("transform:recurring", Trigger.CLI, Optional.of(LocalDate.of(2024, 6, 30)));

            assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
            List<JobRun> attempts = jobs.history().run(outcome.runId());
            assertThat(attempts).extracting(JobRun::attempt).containsExactly(1, 2, 3);
            assertThat(attempts).extracting(JobRun::status)
                    .containsExactly(RunStatus.FAILED, RunStatus.FAILED, RunStatus.SUCCEEDED);
            assertThat(attempts.get(0).error()).contains("exited with code 1").contains("fake failure of transform:recurring");
            assertThat(attempts.get(1).error()).isEqualTo("Cannot ingest customers.csv line 2: bad date");
            assertThat(attempts.get(2).error()).isNull();
            assertThat(attempts.get(2).rowsIn()).isEqualTo(10);
            assertThat(attempts.get(2).rowsOut()).isEqualTo(7);
            assertThat(attempts.get(2).tablesWritten()).isEqualTo(Map.of("bronze.fake_transform_recurring", 3L));
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.trigger()).isEqualTo(Trigger.CLI);
                assertThat(a.endedAt()).isAfterOrEqualTo(a.startedAt());
                assertThat(a.runner()).contains("@");
            });
            // 300 ms before the 2nd attempt, 600 ms before the 3rd
            assertThat(Duration.between(attempts.get(0).endedAt(), attempts.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(Duration.between(attempts.get(1).endedAt(), attempts.get(2).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            assertThat(lines(fakeDir(warehouse).resolve("events.log")))
                    .allSatisfy(l -> assertThat(l).contains("--as-of 2024-06-30").contains("--warehouse " + warehouse));
        }
    }

    @Test
    void an_attempt_past_its_timeout_is_killed_and_recorded_as_timed_out() {
        Path warehouse = JobFixtures.warehouse("timeout", "job.transform.clv.timeout = 2s", "job.transform.clv.retries = 0");
        plan(warehouse, "transform:clv", "hang");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("transform:clv", Trigger.CLI, Optional.empty());

            assertThat(outcome.status()).isEqualTo(RunStatus.TIMED_OUT);
            assertThat(outcome.error()).isEqualTo("timed out after 2 s; the pipeline process was stopped");
            long pid = Long.parseLong(lines(fakeDir(warehouse).resolve("events.log")).get(0).split(" ")[2]);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child killed").isFalse();
            assertThat(jobs.history().lastRun("transform:clv").orElseThrow().status()).isEqualTo(RunStatus.TIMED_OUT);
        }
    }

    @Test
    void the_scheduler_fires_by_cron_and_skips_a_fire_while_the_job_still_runs() {
        // Every second, while each run takes 2.5 s: the fires in between find the lock held.
        Path warehouse = JobFixtures.warehouse("schedule", "job.transform.finance.cron = * * * * * *");
        plan(warehouse, "transform:finance", "ok 2500");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            jobs.startScheduler();
            assertThat(jobs.nextFire("transform:finance")).isPresent();
            await("a scheduled run to succeed and a later fire to be skipped", Duration.ofSeconds(60), () -> {
                List<JobRun> runs = jobs.history().runs("transform:finance", 100);
                return runs.stream().anyMatch(r -> r.status() == RunStatus.SUCCEEDED)
                        && runs.stream().anyMatch(r -> r.status() == RunStatus.SKIPPED_LOCKED);
            });
        }
        List<JobRun> runs = JobFixtures.service(warehouse).history().runs("transform:finance", 100);
        assertThat(runs).allSatisfy(r -> assertThat(r.trigger()).isEqualTo(Trigger.SCHEDULE));
        assertThat(runs).filteredOn(r -> r.status() == RunStatus.SKIPPED_LOCKED)
                .allSatisfy(r -> assertThat(r.error()).startsWith("not started: transform:finance is already running ("));
        assertThat(lines(fakeDir(warehouse).resolve("overlaps.log"))).isEmpty();
    }

    @Test
    void all_runs_configured_ingests_then_every_stage_in_one_transform_run() throws Exception {
        Path extracts = Files.createTempDirectory("revlake-extracts-");
        Path warehouse = JobFixtures.warehouse("all", "source.canonical.path = " + extracts,
                "source.fx.path = " + extracts);
        try (JobService jobs = JobFixtures.service(warehouse)) {
            assertThat(jobs.job("all").orElseThrow().dependsOn()).containsExactly("ingest:canonical", "ingest:fx",
                    "transform:all");
            JobService.RunOutcome outcome = jobs.run("all", Trigger.API, Optional.empty());

            assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(outcome.rowsIn()).isEqualTo(30);
            assertThat(outcome.tables()).hasSize(3);
            List<String> started = lines(fakeDir(warehouse).resolve("events.log")).stream()
                    .map(l -> l.split(" ")[1]).toList();
            assertThat(started).containsExactly("ingest:canonical", "ingest:fx", "transform:all");
            assertThat(lines(fakeDir(warehouse).resolve("events.log")).get(0)).contains("--path " + extracts);
            List<JobRun> steps = jobs.history().runs().stream().filter(r -> outcome.runId().equals(r.parentRunId())).toList();
            assertThat(steps).hasSize(3).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(s.trigger()).isEqualTo(Trigger.API);
            });
        }
    }

    @Test
    void a_job_set_to_the_previous_month_end_runs_as_of_it_and_a_given_date_still_wins() throws Exception {
        Path extracts = Files.createTempDirectory("revlake-extracts-");
        Path warehouse = JobFixtures.warehouse("asof", "source.canonical.path = " + extracts,
                "job.transform.all.as_of = previous_month_end", "schedule.time-zone = Pacific/Auckland");
        // 2025-01-01 08:00 in Auckland is still 31 December in UTC: the schedule's zone decides the month.
        java.time.Clock newYear = java.time.Clock.fixed(java.time.Instant.parse("2024-12-31T19:00:00Z"),
                java.time.ZoneOffset.UTC);
        try (JobService jobs = new JobService(warehouse.toString(), warehouse.resolve("_ops/jobs.properties"),
                warehouse.resolve("_ops/locks"), RunLog.console(System.out, false, newYear), newYear)) {
            assertThat(jobs.run("all", Trigger.SCHEDULE, Optional.empty()).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(jobs.run("transform:all", Trigger.API, Optional.of(LocalDate.of(2024, 11, 15))).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
        List<String> events = lines(fakeDir(warehouse).resolve("events.log"));
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).contains("ingest:canonical").doesNotContain("--as-of");
        assertThat(events.get(1)).contains("transform:all").contains("--as-of 2024-12-31");
        assertThat(events.get(2)).contains("transform:all").contains("--as-of 2024-11-15");

        Path broken = JobFixtures.warehouse("asofbroken", "job.transform.all.as_of = last_month");
        try (JobService jobs = JobFixtures.service(broken)) {
            assertThat(jobs.configProblem()).contains("job.transform.all.as_of: 'last_month' is not today,"
                    + " previous_month_end or a date YYYY-MM-DD");
        }
    }

    @Test
    void all_stops_at_the_first_step_that_fails() throws Exception {
        Path extracts = Files.createTempDirectory("revlake-extracts-");
        Path warehouse = JobFixtures.warehouse("allfails", "source.canonical.path = " + extracts,
                "job.ingest.canonical.retries = 0");
        plan(warehouse, "ingest:canonical", "fail");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("all", Trigger.CLI, Optional.empty());

            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error()).startsWith("step ingest:canonical (run ").contains(") failed: the pipeline process exited with code 1");
            assertThat(lines(fakeDir(warehouse).resolve("events.log"))).hasSize(1);
            assertThat(jobs.history().lastRun("transform:all")).isEmpty();
            assertThat(jobs.history().lastRun("all").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        }
    }

    @Test
    void transform_jobs_share_one_lock_so_a_stage_never_runs_while_transform_all_does() throws Exception {
        Path extracts = Files.createTempDirectory("revlake-extracts-");
        Path warehouse = JobFixtures.warehouse("sharedlock", "source.canonical.path = " + extracts);
        plan(warehouse, "ingest:canonical", "ok 0");
        try (JobService jobs = JobFixtures.service(warehouse);
             JobLock held = JobLock.tryAcquire(jobs.lockDir(), JobCatalog.lockName("transform:all"),
                     "run 20250101T020000Z-all00001 of transform:all by 1@test").orElseThrow()) {
            for (String stage : List.of("transform:silver", "transform:recurring", "transform:clv",
                    "transform:finance", "transform:all")) {
                JobService.RunOutcome outcome = jobs.run(stage, Trigger.SCHEDULE, Optional.empty());
                assertThat(outcome.status()).as(stage).isEqualTo(RunStatus.SKIPPED_LOCKED);
                // The lock is held by this JVM (not by a run of it), so the message cannot name the holder's job.
                assertThat(outcome.error()).as(stage).startsWith("not started: " + stage
                        + " waits for the transform lock, which another transform job holds (held by this process)");
            }
            // An ingest has a lock of its own.
            assertThat(jobs.run("ingest:canonical", Trigger.CLI, Optional.empty()).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(lines(fakeDir(warehouse).resolve("events.log"))).extracting(l -> l.split(" ")[1])
                .containsExactly("ingest:canonical");
    }

    @Test
    void transform_runs_take_the_policy_of_the_jobs_file_and_ingests_none() throws Exception {
        Path extracts = Files.createTempDirectory("revlake-extracts-");
        Path warehouse = JobFixtures.warehouse("policy", "source.canonical.path = " + extracts,
                "policy.discounts = none", "policy.same_month_churn = count", "policy.gross_margin = 0.8");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            assertThat(jobs.config().policy()).containsExactly(java.util.Map.entry("discounts", "none"),
                    java.util.Map.entry("gross_margin", "0.8"), java.util.Map.entry("same_month_churn", "count"));
            assertThat(jobs.run("all", Trigger.SCHEDULE, Optional.empty()).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        List<String> events = lines(fakeDir(warehouse).resolve("events.log"));
        assertThat(events.get(0)).contains("ingest:canonical").doesNotContain("--policy");
        assertThat(events.get(1)).contains("transform:all")
                .contains("--policy discounts=none --policy gross_margin=0.8 --policy same_month_churn=count");

        Path broken = JobFixtures.warehouse("policybroken", "policy.discounts = some", "policy.fx_rate = spot",
                "policy.gross_margin = 1.5");
        try (JobService jobs = JobFixtures.service(broken)) {
            assertThat(jobs.configProblem())
                    .contains("policy.discounts: 'some' is not accepted (all, forever_only, none)")
                    .contains("policy: unknown policy option 'fx_rate' (options: discounts, same_month_churn, fx_date,"
                            + " arpu_unit, gross_margin, constant_currency_base)")
                    .contains("policy.gross_margin: '1.5' is not accepted (a number in (0, 1])");
        }
    }

    @Test
    void a_job_that_cannot_run_is_refused_before_anything_starts() {
        Path warehouse = JobFixtures.warehouse("refused");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            assertThatThrownBy(() -> jobs.start("ingest:stripe", Trigger.API, Optional.empty()))
                    .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.reason()).isEqualTo(JobException.Reason.NOT_RUNNABLE))
                    .hasMessageContaining("no extract folder configured for source stripe; set source.stripe.path in "
                            + warehouse.resolve("_ops").resolve("jobs.properties"));
            assertThatThrownBy(() -> jobs.start("transform:gold", Trigger.API, Optional.empty()))
                    .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.reason()).isEqualTo(JobException.Reason.UNKNOWN))
                    .hasMessageContaining("No job 'transform:gold'. Jobs: ingest:canonical,");
            assertThat(jobs.history().runs()).isEmpty();
        }
    }

    @Test
    void without_a_pipeline_command_a_run_fails_once_saying_how_to_fix_it() throws Exception {
        Path warehouse = Files.createTempDirectory("revlake-jobs-nocommand-");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            JobService.RunOutcome outcome = jobs.run("transform:silver", Trigger.CLI, Optional.empty());

            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error()).startsWith("no pipeline command to run the job with: start the server with ./revlake serve");
            assertThat(jobs.history().run(outcome.runId())).hasSize(1);
        }
    }

    @Test
    void a_broken_jobs_file_is_reported_with_every_problem() {
        Path warehouse = JobFixtures.warehouse("broken", "job.transform.silver.cron = 61 * * * *",
                "job.ingest.sap.cron = 0 1 * * *", "job.default.retries = many", "sorce.canonical.path = /x");
        try (JobService jobs = JobFixtures.service(warehouse)) {
            assertThat(jobs.configProblem())
                    .contains("job.transform.silver.cron: cron expression '61 * * * *' is not valid")
                    .contains("job.ingest.sap.cron: unknown job 'ingest.sap'")
                    .contains("job.default.retries: 'many' is not a whole number")
                    .contains("sorce.canonical.path: unknown key");
            assertThat(jobs.config().schedules()).isEmpty();
        }
    }
}
