package io.revlake.api.routes;

import io.revlake.api.jobs.JobException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of the job routes ({@link JobRoutes}): kept beside {@link ApiErrors} rather than in it so the jobs
 * feature stays in its own files; same shape ({@code error} code, {@code message} saying how to fix it).
 */
final class JobErrors {
    private JobErrors() {
    }

    static ApiException of(JobException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        switch (e.reason()) {
            case UNKNOWN -> {
                status = 404;
                body.put("error", "not_found");
                body.put("job", echo(e.job()));
                body.put("accepted", e.known());
            }
            case BUSY -> {
                status = 409;
                body.put("error", "job_running");
                body.put("job", e.job());
            }
            default -> {
                status = 409;
                body.put("error", "job_not_runnable");
                body.put("job", e.job());
            }
        }
        body.put("message", e.reason() == JobException.Reason.UNKNOWN
                ? "No job '" + echo(e.job()) + "'. Jobs: " + String.join(", ", e.known()) + " (GET /api/v1/jobs)"
                : e.getMessage());
        return new ApiException(status, body, Map.of());
    }

    private static String echo(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
