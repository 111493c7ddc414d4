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
        Optional<AsOf> asOf = optionalAsOf(ctx, name);
        if (asOf.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        if (asOf.get() instanceof AsOf.Version v) {
            return java.util.OptionalLong.of(v.version());
        }
        throw ApiErrors.invalid(name, ctx.queryParam(name), AS_OF_VERSION, "is not a table version");
    }

    static final String AS_OF_VERSION = "a Delta table version: a whole number 0 or more, e.g. 3";
    static final String AS_OF_EXPECTED = AS_OF_VERSION + "; or close:YYYY-MM, the versions a period close froze";

    /** What {@code as_of} asks for: one Delta version for every table read, or the versions of a period close. */
    sealed interface AsOf {
        record Version(long version) implements AsOf {
        }

        record Close(YearMonth period) implements AsOf {
        }
    }

    /** {@code as_of}: a Delta version, {@code close:YYYY-MM}, or absent. */
    static Optional<AsOf> optionalAsOf(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.trim();
        if (text.regionMatches(true, 0, "close:", 0, 6)) {
            String month = text.substring(6).trim();
            if (MONTH.matcher(month).matches()) {
                try {
                    return Optional.of(new AsOf.Close(YearMonth.parse(month)));
                } catch (DateTimeException e) {
                    // falls through to the error below
                }
            }
            throw ApiErrors.invalid(name, raw, "close:YYYY-MM, e.g. close:2024-03", "does not name a month");
        }
        if (!text.matches("\\d{1,18}")) {
            throw ApiErrors.invalid(name, raw, AS_OF_EXPECTED, "is not a table version");
        }
        return Optional.of(new AsOf.Version(Long.parseLong(text)));
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

    /** A whole number in [min, max], or {@code fallback} when absent. */
    static int optionalInt(Context ctx, String name, int min, int max, int fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiErrors.invalid(name, raw, "a whole number from " + min + " to " + max, "is not allowed");
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
