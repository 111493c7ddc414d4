package io.revlake.api.jobs;

import java.util.Map;

/**
 * How one attempt ended.
 *
 * @param retryable whether another attempt could help (false for a configuration problem)
 */
record AttemptResult(RunStatus status, Long rowsIn, Long rowsOut, Map<String, Long> tables, String error,
                     boolean retryable) {
    AttemptResult {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    static AttemptResult failed(String error, boolean retryable) {
        return new AttemptResult(RunStatus.FAILED, null, null, Map.of(), error, retryable);
    }
}
