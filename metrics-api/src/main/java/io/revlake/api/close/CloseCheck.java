package io.revlake.api.close;

import java.util.List;
import java.util.Objects;

/**
 * One accounting identity run on the gold tables at the versions a close would freeze.
 *
 * @param name        stable id, e.g. {@code mrr_bridge}
 * @param description the identity in words
 * @param status      {@code passed}, {@code failed}, or {@code skipped} (its table is absent or empty)
 * @param failures    one sentence per violation, naming the month (and currency) and both sides; empty unless failed
 */
public record CloseCheck(String name, String description, String status, List<String> failures) {
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public CloseCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        failures = List.copyOf(failures);
        if (status.equals(FAILED) == failures.isEmpty()) {
            throw new IllegalArgumentException(name + ": a check fails exactly when it has failures");
        }
    }

    static CloseCheck of(String name, String description, List<String> failures) {
        return new CloseCheck(name, description, failures.isEmpty() ? PASSED : FAILED, failures);
    }

    static CloseCheck skipped(String name, String description) {
        return new CloseCheck(name, description, SKIPPED, List.of());
    }

    public boolean failed() {
        return status.equals(FAILED);
    }
}
