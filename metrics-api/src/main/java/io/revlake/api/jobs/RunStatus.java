package io.revlake.api.jobs;

import java.util.Locale;

/** State of one attempt of a run, as written to {@code ops.job_runs}. */
public enum RunStatus {
    /** Started; the next row of the attempt says how it ended (none if the runner itself died). */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Killed after the job's timeout. */
    TIMED_OUT,
    /** Not started: another run of the same job held its lock. */
    SKIPPED_LOCKED,
    /**
     * Was running when its runner died (no end recorded, and the job's lock found free): written by the next
     * scheduler start so the run no longer looks as if it were still going.
     */
    ABANDONED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this != RUNNING;
    }
}
