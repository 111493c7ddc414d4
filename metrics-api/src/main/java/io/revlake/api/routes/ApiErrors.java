package io.revlake.api.routes;

import io.revlake.api.gold.TableUnavailableException;
import io.revlake.api.mrr.Movement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every error the API returns: its status, stable {@code error} code, and a message that says how to fix it. */
public final class ApiErrors {
    static final String MONTH_FORMAT = "YYYY-MM, e.g. 2024-03";
    private static final int MAX_ECHO = 100;

    private ApiErrors() {
    }

    public static ApiException invalidMonth(String parameter, String value) {
        return new ApiException(400, body("invalid_parameter",
                parameter + " must be a month written " + MONTH_FORMAT + "; got '" + echo(value) + "'",
                "parameter", parameter, "value", echo(value), "expected", MONTH_FORMAT), Map.of());
    }

    public static ApiException missingParameter(String parameter, String expected) {
        return new ApiException(400, body("missing_parameter",
                "query parameter " + parameter + " is required (" + expected + ")",
                "parameter", parameter, "expected", expected), Map.of());
    }

    public static ApiException reversedRange(String from, String to) {
        return new ApiException(400, body("invalid_parameter",
                "from " + from + " is after to " + to + "; the range is inclusive and from must not be after to",
                "parameter", "from", "value", from, "expected", "a month not after to (" + to + ")"), Map.of());
    }

    public static ApiException unknownMovement(String value) {
        String accepted = String.join(", ", Movement.accepted());
        Map<String, Object> body = body("invalid_parameter",
                "movement '" + echo(value) + "' is not a movement; use one of " + accepted,
                "parameter", "movement", "value", echo(value), "expected", "one of " + accepted);
        body.put("accepted", Movement.accepted());
        return new ApiException(400, body, Map.of());
    }

    public static ApiException tableUnavailable(TableUnavailableException e, Duration reloadEvery) {
        Map<String, Object> body = body("table_unavailable",
                e.table().qualifiedName() + " is not available: " + e.reason()
                        + ". Run ./revlake transform to build it; the server picks it up within "
                        + reloadEvery.toSeconds() + " s, no restart needed.",
                "table", e.table().qualifiedName(), "reason", e.reason());
        body.put("fix", "./revlake transform");
        return new ApiException(503, body, Map.of("Retry-After", String.valueOf(Math.max(1, reloadEvery.toSeconds()))));
    }

    public static ApiException notFound(String method, String path, java.util.List<String> endpoints) {
        return new ApiException(404, body("not_found", "No endpoint " + method + " " + echo(path)
                + ". Endpoints: " + String.join(", ", endpoints) + " (described at /api/v1/openapi.json)"), Map.of());
    }

    /** A parameter that must be one of a fixed list. */
    public static ApiException notOneOf(String parameter, String value, java.util.List<String> accepted) {
        String list = String.join(", ", accepted);
        Map<String, Object> body = body("invalid_parameter",
                parameter + " '" + echo(value) + "' is not accepted; use one of " + (list.isEmpty() ? "(none)" : list),
                "parameter", parameter, "value", echo(value), "expected", "one of " + list);
        body.put("accepted", accepted);
        return new ApiException(400, body, Map.of());
    }

    /** A parameter whose form is wrong. */
    public static ApiException invalid(String parameter, String value, String expected, String why) {
        return new ApiException(400, body("invalid_parameter", parameter + " '" + echo(value) + "' " + why
                + "; expected " + expected, "parameter", parameter, "value", echo(value), "expected", expected), Map.of());
    }

    /** A transform run that recorded no data-quality results. */
    public static ApiException unknownQualityRun(String runId, String latest) {
        return new ApiException(404, body("not_found", "No data-quality results for run_id '" + echo(runId) + "'"
                + (latest == null ? "; no run has recorded any yet (run ./revlake transform)"
                : "; the latest run is " + latest + " (GET /api/v1/quality without run_id)"), "run_id", echo(runId)),
                Map.of());
    }

    public static ApiException unknownMetric(String id, java.util.List<String> accepted) {
        Map<String, Object> body = body("not_found", "No metric '" + echo(id) + "'. Metrics: "
                + String.join(", ", accepted) + " (GET /api/v1/metrics describes each)", "metric", echo(id));
        body.put("accepted", accepted);
        return new ApiException(404, body, Map.of());
    }

    public static ApiException unauthorized(io.revlake.api.security.Role needed, String tokenHint, boolean presented) {
        String why = presented ? "the token sent is not valid" : "no token was sent";
        return new ApiException(401, body("unauthorized", "This endpoint needs an API token with role "
                + needed.value() + " or higher, and " + why + ". Send 'Authorization: Bearer TOKEN'. " + tokenHint,
                "required_role", needed.value()), Map.of("WWW-Authenticate", "Bearer realm=\"revlake\""));
    }

    public static ApiException forbidden(io.revlake.api.security.Role needed, io.revlake.api.security.Role actual,
                                         boolean csv) {
        return new ApiException(403, body("forbidden", (csv ? "CSV exports need" : "This endpoint needs")
                + " role " + needed.value() + " or higher; the token sent has role " + actual.value()
                + ". Use a token with that role (see the tokens file).",
                "required_role", needed.value(), "role", actual.value()), Map.of());
    }

    public static ApiException notAcceptable(String path) {
        return new ApiException(406, body("not_acceptable", echo(path) + " has no CSV form; ask for JSON"
                + " (format=json or Accept: application/json)", "parameter", "format", "expected", "json"), Map.of());
    }

    public static ApiException versionUnavailable(io.revlake.api.gold.VersionUnavailableException e) {
        return new ApiException(400, body("invalid_parameter", "as_of " + e.version() + " cannot be served for "
                + e.table().qualifiedName() + ": " + e.reason(), "parameter", "as_of",
                "value", String.valueOf(e.version()), "expected", e.expected()), Map.of());
    }

    public static ApiException internal(String reference) {
        return new ApiException(500, body("internal_error",
                "Unexpected server error; the server log has the details under reference " + reference,
                "reference", reference), Map.of());
    }

    private static Map<String, Object> body(String error, String message, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        for (int i = 0; i < fields.length; i += 2) {
            body.put(fields[i], fields[i + 1]);
        }
        body.put("message", message);
        return body;
    }

    /** Input is echoed back for clarity, but bounded. */
    private static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
    }
}
