package io.revlake.api.jobs;

import static io.revlake.api.jobs.JobFixtures.await;
import static io.revlake.api.jobs.JobFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a scheduler finds when it starts after a crash or a stop: attempts left {@code running} by a dead runner,
 * and fire times that passed while nothing was scheduling. Real lock files, a real {@code ops.job_runs} table and
 * real pipeline processes ({@link FakePipeline}).
 */
class SchedulerRecoveryTest {

    private static JobRun running(String runId, String job, Instant started, String runner) {
        return new JobRun(runId, job, null, Trigger.SCHEDULE, 1, RunStatus.RUNNING, started, null, null, null,
                Map.of(), null, runner, started);
    }

    @Test
    void an_attempt_left_running_by_a_dead_runner_is_marked_abandoned_but_one_whose_lock_is_held_is_not() throws Exception {
        Path warehouse = JobFixtures.warehouse("abandoned");
        Instant started = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (JobService jobs = JobFixtures.service(warehouse)) {
            jobs.history().record(running("20250101T020000Z-dead0001", "ingest:canonical", started, "999999@gone"));
            jobs.history().record(running("20250101T020000Z-live0001", "transform:finance", started, "4242@other"));
            jobs.history().record(running("20250101T020000Z-dead0002", "transform:silver", started, "999999@gone"));
            // The finance run's runner is alive: it holds the transform lock. The dead silver run shares that lock,
            // so it cannot be told from a live one until the lock is free: it is left alone for now.
            try (JobLock held = JobLock.tryAcquire(jobs.lockDir(), JobCatalog.lockName("transform:finance"),
                    "live runner").orElseThrow()) {
                List<JobRun> marked = jobs.markAbandoned();

                assertThat(marked).extracting(JobRun::runId).containsExactly("20250101T020000Z-dead0001");
                JobRun ingest = jobs.history().lastRun("ingest:canonical").orElseThrow();
                assertThat(ingest.status()).isEqualTo(RunStatus.ABANDONED);
                assertThat(ingest.startedAt()).isEqualTo(started);
                assertThat(ingest.endedAt()).isAfter(started);
                assertThat(ingest.error()).startsWith("abandoned: its runner (999999@gone) stopped without recording an end");
                assertThat(jobs.history().lastRun("transform:finance").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
                assertThat(jobs.history().lastRun("transform:silver").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            }
            // Once the lock is free the other two are abandoned too; a second pass marks nothing again.
            assertThat(jobs.markAbandoned()).extracting(JobRun::runId)
                    .containsExactlyInAnyOrder("20250101T020000Z-live0001", "20250101T020000Z-dead0002");
            assertThat(jobs.markAbandoned()).isEmpty();
        }
    }

    @Test
    void a_missed_fire_is_one_catch_up_run_only_when_the_job_has_not_run_since_and_catch_up_is_on() {
        // 02:00 every day; fixed instants so the expected fire times are exact.
        Path warehouse = JobFixtures.warehouse("missed", "job.transform.recurring.cron = 0 2 * * *",
                "job.transform.finance.cron = 0 2 * * *", "job.transform.finance.catch_up = false",
                "job.transform.clv.cron = 0 2 * * *");
        ZonedDateTime now = ZonedDateTime.of(2025, 3, 10, 9, 30, 0, 0, ZoneOffset.UTC);
        ZonedDateTime lastFire = ZonedDateTime.of(2025, 3, 10, 2, 0, 0, 0, ZoneOffset.UTC);
        try (JobService jobs = JobFixtures.service(warehouse)) {
            // Last runs three days ago: fires of 8, 9 and 10 March were missed.
            Instant threeDaysAgo = lastFire.minusDays(3).toInstant();
            for (String job : List.of("transform:recurring", "transform:finance")) {
                JobRun r = running("20250307T020000Z-" + job.hashCode(), job, threeDaysAgo, "1@host");
                jobs.history().record(r.ended(RunStatus.SUCCEEDED, threeDaysAgo.plusSeconds(60), null, 5L, Map.of(), null));
            }
            // clv ran by hand after the last fire time: nothing missed.
            Instant after = lastFire.plusHours(1).toInstant();
            JobRun clv = running("20250310T030000Z-clv00001", "transform:clv", after, "1@host");
            jobs.history().record(clv.ended(RunStatus.SUCCEEDED, after.plusSeconds(60), null, 5L, Map.of(), null));

            assertThat(jobs.missedFire("transform:recurring", now)).contains(lastFire);
            assertThat(jobs.missedFire("transform:finance", now)).as("catch_up = false").isEmpty();
            assertThat(jobs.missedFire("transform:clv", now)).as("ran since").isEmpty();
            assertThat(jobs.missedFire("transform:silver", now)).as("no schedule").isEmpty();
            // A run at the fire time itself is not a miss.
            assertThat(jobs.missedFire("transform:recurring", ZonedDateTime.of(2025, 3, 7, 2, 0, 0, 0, ZoneOffset.UTC)
                    .plusMinutes(30))).isEmpty();
        }
    }

    @Test
    void starting_the_scheduler_runs_a_missed_job_once_and_marks_the_dead_runners_attempt() {
        // Daily, 12 hours from now: the last fire (12 h ago) came after the job's last run (2 days ago), and no regular
        // fire can come during the test, so the run it makes is the catch-up.
        int hour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
        Path warehouse = JobFixtures.warehouse("catchup", "job.transform.silver.cron = 0 " + hour + " * * *",
                "job.transform.silver.retries = 0");
        plan(warehouse, "transform:silver", "ok 0");
        Instant longAgo = Instant.now().minus(Duration.ofDays(2));
        try (JobService jobs = JobFixtures.service(warehouse)) {
            jobs.history().record(running("20250101T000000Z-crashed1", "transform:silver", longAgo, "999999@gone"));
            jobs.startScheduler();
            await("a catch-up run to succeed", Duration.ofSeconds(40), () -> jobs.history().runs("transform:silver", 10)
                    .stream().anyMatch(r -> r.status() == RunStatus.SUCCEEDED));
            List<JobRun> runs = jobs.history().runs("transform:silver", 10);
            assertThat(runs).filteredOn(r -> r.runId().equals("20250101T000000Z-crashed1"))
                    .singleElement().extracting(JobRun::status).isEqualTo(RunStatus.ABANDONED);
            JobRun caughtUp = runs.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst().orElseThrow();
            assertThat(caughtUp.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(caughtUp.startedAt()).isAfter(longAgo);
            assertThat(caughtUp.error()).isNull();
            assertThat(runs).filteredOn(r -> r.status() == RunStatus.SUCCEEDED).hasSize(1);
        }
    }
}
