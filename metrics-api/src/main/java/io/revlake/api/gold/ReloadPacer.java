package io.revlake.api.gold;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spreads a background reload over time so the requests served meanwhile keep most of the machine: after every
 * {@link #QUANTUM_NANOS} of reading, the reading thread sleeps {@code share} times as long. With the default share of
 * 1 a reload takes about twice its unpaced time and uses at most half a core on average; it also allocates half as
 * fast, so the collector runs half as often while the old and the new snapshot are both in memory. On 2 cores at 100k
 * customers, an unpaced reload of every gold table took the p99 of requests served during it from under 10 ms to
 * 65-340 ms (bench/README.md).
 *
 * <p>The first load at start-up is not paced: nothing is served before it.
 */
final class ReloadPacer {
    /** Work between two sleeps: short enough that requests never wait long behind one stretch of reading. */
    static final long QUANTUM_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The system property that sets the share (0 turns pacing off). */
    static final String PROPERTY = "revlake.reload.pace";
    static final ReloadPacer NONE = new ReloadPacer(0);

    private final double share;
    private long workedSince = System.nanoTime();
    private long sleptNanos;

    ReloadPacer(double share) {
        if (!(share >= 0) || share > 100) {
            throw new IllegalArgumentException(PROPERTY + " must be between 0 and 100, got " + share);
        }
        this.share = share;
    }

    /** The pacer a background reload uses: {@code -Drevlake.reload.pace=…}, default 1. */
    static ReloadPacer fromSystemProperty() {
        String raw = System.getProperty(PROPERTY, "1");
        try {
            return new ReloadPacer(Double.parseDouble(raw.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number between 0 and 100, got " + raw, e);
        }
    }

    /** Starts counting work now (at the start of each table's read: time between reloads is not work). */
    void begin() {
        workedSince = System.nanoTime();
    }

    /** Called after each batch of rows is read: sleeps when a quantum of work has passed since the last sleep. */
    void afterBatch() {
        if (share == 0) {
            return;
        }
        long worked = System.nanoTime() - workedSince;
        if (worked >= QUANTUM_NANOS) {
            long sleep = (long) (worked * share);
            LockSupport.parkNanos(sleep);
            sleptNanos += sleep;
            workedSince = System.nanoTime();
        }
    }

    /** Time spent sleeping so far (for the reload's log line). */
    long sleptMillis() {
        return TimeUnit.NANOSECONDS.toMillis(sleptNanos);
    }
}
