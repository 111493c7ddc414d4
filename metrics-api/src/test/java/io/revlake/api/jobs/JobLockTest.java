package io.revlake.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job lock across real processes: exclusive while held, and freed by the OS when its holder is killed. */
class JobLockTest {
    private static final Pattern SUMMARY = Pattern.compile("held (\\d+) refused (\\d+) overlaps (\\d+)");

    @TempDir
    Path dir;

    @Test
    void two_processes_competing_for_one_job_lock_never_hold_it_at_the_same_time() throws Exception {
        Path locks = dir.resolve("locks");
        Path marker = dir.resolve("inside");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> cmd = JobFixtures.testJvm(LockContender.class.getName());
            cmd.addAll(List.of("compete", locks.toString(), "transform:silver", marker.toString(), "300"));
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }
        int totalHeld = 0;
        int totalRefused = 0;
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("contender finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).doesNotContain("OVERLAP");
            Matcher m = SUMMARY.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Integer.parseInt(m.group(3))).isZero();
            assertThat(Integer.parseInt(m.group(1))).as("each process got the lock sometimes: " + out).isPositive();
            totalHeld += Integer.parseInt(m.group(1));
            totalRefused += Integer.parseInt(m.group(2));
        }
        assertThat(totalHeld + totalRefused).isEqualTo(600);
        assertThat(totalRefused).as("the processes really competed").isPositive();
    }

    @Test
    void a_lock_whose_holder_is_killed_is_free_again() throws Exception {
        Path locks = dir.resolve("locks");
        List<String> cmd = JobFixtures.testJvm(LockContender.class.getName());
        cmd.addAll(List.of("hold", locks.toString(), "all"));
        Process holder = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThat(JobLock.tryAcquire(locks, "all", "test")).as("held by the other process").isEmpty();
            assertThat(JobLock.describeHolder(locks, "all")).startsWith("holder " + holder.pid());
            assertThat(JobLock.tryAcquire(locks, "transform:silver", "test")).as("other jobs are not blocked")
                    .hasValueSatisfying(JobLock::close);
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release; only the OS frees the lock
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        Optional<JobLock> after = JobLock.tryAcquire(locks, "all", "test");
        assertThat(after).isPresent();
        after.get().close();
    }

    @Test
    void in_one_process_a_held_lock_is_refused_until_released() throws Exception {
        Path locks = dir.resolve("locks");
        JobLock first = JobLock.tryAcquire(locks, "ingest:stripe", "first").orElseThrow();
        assertThat(JobLock.tryAcquire(locks, "ingest:stripe", "second")).isEmpty();
        assertThat(JobLock.describeHolder(locks, "ingest:stripe")).isEqualTo("held by this process");
        assertThat(first.file()).isEqualTo(locks.resolve("ingest_stripe.lock").toAbsolutePath());
        first.close();
        JobLock again = JobLock.tryAcquire(locks, "ingest:stripe", "third").orElseThrow();
        again.close();
        assertThat(Files.readString(locks.resolve("ingest_stripe.lock"))).startsWith("third since ");
    }
}
