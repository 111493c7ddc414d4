package io.revlake.api.routes;

import io.revlake.api.close.CloseRefusedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The period-close errors (as {@link ApiErrors}, kept apart while the feature settles): status, code and message. */
final class CloseErrors {
    private CloseErrors() {
    }

    /** A month that is not closed; lists the closed periods. */
    static ApiException notClosed(String parameter, String value, String month, List<String> closed) {
        List<String> accepted = parameter.equals("as_of") ? closed.stream().map(p -> "close:" + p).toList() : closed;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "period_not_closed");
        body.put("parameter", parameter);
        body.put("value", value);
        body.put("expected", accepted.isEmpty() ? "a closed period (none is closed yet)"
                : "one of " + String.join(", ", accepted));
        body.put("accepted", accepted);
        body.put("message", month + " is not a closed period; " + (closed.isEmpty()
                ? "no period has been closed yet (POST /api/v1/admin/close?period=YYYY-MM or ./revlake close YYYY-MM)"
                : "closed periods: " + String.join(", ", closed) + " (GET /api/v1/close lists them)"));
        return new ApiException(404, body, Map.of());
    }

    /** A table the close did not freeze, because it did not exist then. */
    static ApiException tableNotFrozen(String period, String table, java.util.Collection<String> frozen) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "table_not_frozen");
        body.put("parameter", "as_of");
        body.put("value", "close:" + period);
        body.put("table", table);
        body.put("message", table + " did not exist when " + period + " was closed, so it has no figures as closed;"
                + " tables frozen by that close: " + String.join(", ", frozen) + ". Ask without as_of for today's"
                + " figures.");
        return new ApiException(404, body, Map.of());
    }

    /** A version the close froze that can no longer be read (its files were vacuumed, or its log cleaned up). */
    static ApiException frozenVersionGone(String period, String table, long version, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "frozen_version_unreadable");
        body.put("table", table);
        body.put("version", version);
        body.put("message", "the close of " + period + " froze " + table + " at Delta version " + version
                + ", which can no longer be read: " + reason + ". Closed versions must be kept: do not VACUUM or"
                + " clean up the Delta log below them (docs/period-close.md).");
        return new ApiException(410, body, Map.of());
    }

    static ApiException refused(CloseRefusedException e) {
        String code = switch (e.reason()) {
            case ALREADY_CLOSED -> "period_already_closed";
            case CHECKS_FAILED -> "close_checks_failed";
            case NOT_ENDED -> "period_not_ended";
            case NO_GOLD_DATA -> "no_gold_data";
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("period", e.period().toString());
        body.put("message", e.getMessage());
        if (!e.failures().isEmpty()) {
            body.put("failures", e.failures());
        }
        if (!e.checks().isEmpty()) {
            body.put("checks", e.checks());
        }
        return new ApiException(409, body, Map.of());
    }
}
