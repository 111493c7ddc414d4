package io.revlake.api.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code ops.job_runs}: the state of one attempt of a run.
 *
 * @param parentRunId   the run of {@code all} this is a step of, or null
 * @param endedAt       null while running
 * @param rowsIn        null when not counted
 * @param rowsOut       null when not known
 * @param tablesWritten table → Delta version written
 * @param error         why it failed, timed out or was skipped; null otherwise
 * @param runner        {@code pid@host} of the process that ran it
 * @param recordedAt    when the row was written; the latest row of an attempt is its state
 */
public record JobRun(String runId, String job, String parentRunId, Trigger trigger, int attempt, RunStatus status,
                     Instant startedAt, Instant endedAt, Long rowsIn, Long rowsOut, Map<String, Long> tablesWritten,
                     String error, String runner, Instant recordedAt) {
    public JobRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        tablesWritten = tablesWritten == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tablesWritten));
    }

    /** The same attempt in a later state. */
    public JobRun ended(RunStatus newStatus, Instant at, Long in, Long out, Map<String, Long> tables, String why) {
        return new JobRun(runId, job, parentRunId, trigger, attempt, newStatus, startedAt, at, in, out, tables, why,
                runner, at);
    }

    /** Seconds from start to end (or to {@code now} while running). */
    public double durationSeconds(Instant now) {
        return Duration.between(startedAt, endedAt != null ? endedAt : now).toMillis() / 1000.0;
    }
}
