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
