package io.revlake.api.routes;

import io.javalin.http.Context;
import io.revlake.api.mrr.Movement;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Pattern;

/** Query-parameter parsing for the API: the one place request text becomes typed values. */
final class Params {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private Params() {
    }

    /** An optional {@code YYYY-MM}; absent or blank means "not given". */
    static Optional<YearMonth> optionalMonth(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(month(name, raw));
    }

    static YearMonth requiredMonth(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiErrors.missingParameter(name, ApiErrors.MONTH_FORMAT);
        }
        return month(name, raw);
    }

    /** Both ends optional; when both are given, from must not be after to. */
    static void requireOrdered(Optional<YearMonth> from, Optional<YearMonth> to) {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw ApiErrors.reversedRange(from.get().toString(), to.get().toString());
        }
    }

    static Optional<Movement> optionalMovement(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Movement.parse(raw).orElseThrow(() -> ApiErrors.unknownMovement(raw)));
    }

    /** {@code as_of}: a Delta version (0, 1, 2, …) or absent. */
    static java.util.OptionalLong optionalVersion(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return java.util.OptionalLong.empty();
        }
        String text = raw.trim();
        if (!text.matches("\\d{1,18}")) {
            throw ApiErrors.invalid(name, raw, "a Delta table version: a whole number 0 or more, e.g. 3",
                    "is not a table version");
        }
        return java.util.OptionalLong.of(Long.parseLong(text));
    }

    /** A value from a fixed list (case-insensitive), or the default when absent. */
    static String oneOf(Context ctx, String name, java.util.List<String> accepted, String fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String text = raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!accepted.contains(text)) {
            throw ApiErrors.notOneOf(name, raw, accepted);
        }
        return text;
    }

    /** Comma-separated list, trimmed, lower-cased, without blanks; repeated parameters add up. */
    static java.util.List<String> list(Context ctx, String name) {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (String raw : ctx.queryParams(name)) {
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    private static YearMonth month(String name, String raw) {
        String text = raw.trim();
        if (!MONTH.matcher(text).matches()) {
            throw ApiErrors.invalidMonth(name, raw);
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeException e) {
            throw ApiErrors.invalidMonth(name, raw);
        }
    }
}
