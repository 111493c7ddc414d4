package io.revlake.api.close;

import java.time.YearMonth;
import java.util.List;

/**
 * A close that was not recorded, and why. The message is the whole story for a person; {@link #reason()} is a
 * stable code for programs and {@link #failures()} lists every failed identity (empty for other reasons).
 */
public final class CloseRefusedException extends RuntimeException {
    /** Why a close is refused. */
    public enum Reason {
        /** The period already has a close row; a period closes once. */
        ALREADY_CLOSED,
        /** One or more accounting identities fail on the gold tables that would be frozen. */
        CHECKS_FAILED,
        /** The month has not ended yet. */
        NOT_ENDED,
        /** The gold tables the close needs are missing. */
        NO_GOLD_DATA
    }

    private final YearMonth period;
    private final Reason reason;
    private final transient List<String> failures;
    private final transient List<CloseCheck> checks;

    CloseRefusedException(YearMonth period, Reason reason, String message, List<CloseCheck> checks) {
        super(message);
        this.period = period;
        this.reason = reason;
        this.checks = List.copyOf(checks);
        this.failures = this.checks.stream().filter(CloseCheck::failed)
                .flatMap(c -> c.failures().stream().map(f -> c.name() + ": " + f)).toList();
    }

    public YearMonth period() {
        return period;
    }

    public Reason reason() {
        return reason;
    }

    /** Every violation, each prefixed by its check's name ({@code mrr_bridge: 2024-02: …}). */
    public List<String> failures() {
        return failures;
    }

    /** Every check run (passed, failed and skipped); empty when the close was refused before checking. */
    public List<CloseCheck> checks() {
        return checks;
    }
}
