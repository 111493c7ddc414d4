package io.revlake.api.jobs;

import java.util.List;

/** A run that cannot be started; its message says why and what to do. */
public final class JobException extends RuntimeException {
    /** Why. */
    public enum Reason {
        /** No job of that id. */
        UNKNOWN,
        /** The job exists but its configuration is incomplete (e.g. no extract folder for the source). */
        NOT_RUNNABLE,
        /** Another run of the job holds its lock. */
        BUSY
    }

    private final Reason reason;
    private final String job;
    private final transient List<String> known;

    JobException(Reason reason, String job, String message, List<String> known) {
        super(message);
        this.reason = reason;
        this.job = job;
        this.known = List.copyOf(known);
    }

    public Reason reason() {
        return reason;
    }

    public String job() {
        return job;
    }

    /** The job ids there are, for "unknown job" answers. */
    public List<String> known() {
        return known;
    }
}
