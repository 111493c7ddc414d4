package io.revlake.transform.quality;

import io.revlake.catalog.Check;
import java.time.Instant;
import java.util.Objects;

/** The outcome of one declared check on one table version: a row of ops.quality_results. */
public record QualityResult(String runId, String table, long version, String check, String kind,
                            Check.Severity severity, boolean passed, long failingRows, String failingSample,
                            Instant checkedAt) {
    public QualityResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(failingSample, "failingSample");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (failingRows < 0 || passed != (failingRows == 0)) {
            throw new IllegalArgumentException(check + " on " + table + ": passed=" + passed + " with " + failingRows
                    + " failing rows");
        }
    }

    public boolean blocksPublication() {
        return !passed && severity == Check.Severity.BLOCKING;
    }

    /** One line for logs and the run's error message, e.g. {@code gold.mrr_summary v4 mrr_bridge: 2 failing}. */
    public String describe() {
        return table + " v" + version + " " + check + ": " + (passed ? "passed" : failingRows + " failing, e.g. "
                + failingSample);
    }
}
