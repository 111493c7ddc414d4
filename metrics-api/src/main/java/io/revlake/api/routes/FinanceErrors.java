package io.revlake.api.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The errors of the finance, customer and explain routes (same shape and codes as {@link ApiErrors}). */
final class FinanceErrors {
    static final String DATE_FORMAT = "YYYY-MM-DD, e.g. 2024-03-31";
    private static final int MAX_LISTED = 40;

    private FinanceErrors() {
    }

    /** An aging date gold.ar_aging does not have: name the nearest ones and every date. */
    static ApiException agingDateUnavailable(String value, List<String> available, String before, String after) {
        String nearest = before == null && after == null ? "none (the table is empty; run ./revlake transform)"
                : String.join(" or ", java.util.stream.Stream.of(before, after).filter(java.util.Objects::nonNull).toList());
        Map<String, Object> body = body("invalid_parameter", "as_of " + value + " is not an aging date of gold.ar_aging."
                        + " Aging is computed at every month end and at the transform's as-of date only (an open balance"
                        + " on another day depends on payments the gold table does not keep); nearest: " + nearest
                        + ". Available: " + listed(available),
                "parameter", "as_of", "value", value, "expected", "one of the available aging dates");
        body.put("nearest", java.util.stream.Stream.of(before, after).filter(java.util.Objects::nonNull).toList());
        body.put("accepted", available);
        return new ApiException(400, body, Map.of());
    }

    static ApiException invalidDate(String parameter, String value) {
        return new ApiException(400, body("invalid_parameter", parameter + " must be a date written " + DATE_FORMAT
                        + " (or a Delta table version, a whole number); got '" + echo(value) + "'",
                "parameter", parameter, "value", echo(value), "expected", DATE_FORMAT), Map.of());
    }

    static ApiException unknownCustomer(String id) {
        Map<String, Object> body = body("not_found", "No customer '" + echo(id) + "' in the gold tables (MRR, movements,"
                + " receivables, bookings, revenue schedule, CLV). Customer ids are listed by GET /api/v1/customers"
                + " (paying customers) and appear in every customer-level answer.", "customer_id", echo(id));
        return new ApiException(404, body, Map.of());
    }

    static ApiException ambiguousCustomer(String id) {
        Map<String, Object> body = body("ambiguous", "'" + echo(id) + "' is the id of customer records of several"
                + " sources that belong to different customers; use the customer id (silver.identity_map lists them)",
                "customer_id", echo(id));
        return new ApiException(409, body, Map.of());
    }

    static ApiException filterNotSupported(String metric, String value, String goldTable) {
        return new ApiException(400, body("invalid_parameter", "filter '" + echo(value) + "' cannot be applied to "
                        + metric + ": its gold rows (" + goldTable + ") carry no customer dimensions; drop the filter",
                "parameter", "filter", "value", echo(value), "expected", "no filter"), Map.of());
    }

    private static String listed(List<String> values) {
        if (values.size() <= MAX_LISTED) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(values.size() - MAX_LISTED, values.size())) + " (latest "
                + MAX_LISTED + " of " + values.size() + "; all in 'accepted')";
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

    private static String echo(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
