package io.revlake.api.jobs;

import static io.revlake.api.jobs.JobFixtures.fakeDir;
import static io.revlake.api.jobs.JobFixtures.lines;
import static io.revlake.api.jobs.JobFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two job runner processes ({@code JobsMain}, as {@code ./revlake run} starts it) on one warehouse, asked for the same
 * job at the same time: one runs it, the other records that it was skipped, and the runs never overlap.
 */
class JobRunnerProcessTest {

    @Test
    void two_runner_processes_on_one_warehouse_never_run_the_same_job_at_once() throws Exception {
        Path warehouse = JobFixtures.warehouse("twoprocs");
        plan(warehouse, "transform:silver", "ok 4000");
        List<Process> runners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> cmd = JobFixtures.testJvm(JobsMain.class.getName());
            cmd.addAll(List.of("transform:silver", "--warehouse", warehouse.toString(), "--log-format", "json"));
            runners.add(new ProcessBuilder(cmd).start());
        }
        List<Integer> exits = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Process p : runners) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            exits.add(p.exitValue());
            outputs.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(exits).as(String.join("\n", outputs)).containsExactlyInAnyOrder(0, JobsMain.EXIT_SKIPPED);
        assertThat(lines(fakeDir(warehouse).resolve("events.log"))).hasSize(1);
        assertThat(lines(fakeDir(warehouse).resolve("overlaps.log"))).isEmpty();
        String skipped = outputs.get(exits.indexOf(JobsMain.EXIT_SKIPPED));
        assertThat(skipped).contains("revlake run: not started: transform:silver is already running (run ");
        String ran = outputs.get(exits.indexOf(0));
        assertThat(ran.lines().filter(l -> l.startsWith("{")))
                .as("--log-format json: one JSON object per line")
                .anySatisfy(l -> assertThat(l).contains("\"job\":\"transform:silver\"").contains("\"source\":\"pipeline\"")
                        .contains("\"message\":\"done transform:silver\""));

        try (JobService jobs = JobFixtures.service(warehouse)) {
            List<JobRun> runs = jobs.history().runs("transform:silver", 10);
            assertThat(runs).extracting(JobRun::status)
                    .containsExactlyInAnyOrder(RunStatus.SUCCEEDED, RunStatus.SKIPPED_LOCKED);
            assertThat(runs).extracting(JobRun::runner).doesNotHaveDuplicates();
        }
    }
}
