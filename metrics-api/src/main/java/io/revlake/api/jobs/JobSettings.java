package io.revlake.api.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How one job is run.
 *
 * @param timeout an attempt running longer is killed and recorded as timed_out
 * @param retries further attempts after a failed or timed-out one (0 = none)
 * @param backoff wait before the first retry; doubled for each further one, at most {@link #MAX_BACKOFF}
 * @param catchUp whether a scheduler starting after a missed fire time runs the job once at once (missed fires are
 *                coalesced into one run, as a cron daemon with anacron-style catch-up would)
 * @param asOf    the as-of date of a run started without one
 */
public record JobSettings(Duration timeout, int retries, Duration backoff, boolean catchUp, AsOfRule asOf) {
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    public static final JobSettings DEFAULTS = new JobSettings(Duration.ofHours(2), 2, Duration.ofSeconds(30), true,
            AsOfRule.TODAY);

    public JobSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (retries < 0 || retries > 20) {
            throw new IllegalArgumentException("retries must be between 0 and 20, got " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
        }
    }

    /** Wait before attempt {@code attempt} (2 = first retry): backoff × 2^(attempt − 2), capped. */
    public Duration backoffBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        Duration wait = backoff;
        for (int i = 2; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
