package io.revlake.api.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Setting {@code job.<job>.as_of}: the as-of date a run gets when none is given (docs/operations.md, "Incremental
 * refresh"). {@code today} leaves it to the pipeline (today, UTC); {@code previous_month_end} keeps one date for a
 * whole month, so a daily scheduled transform stays incremental between month starts; a fixed date pins it.
 *
 * @param keyword {@code today} or {@code previous_month_end}; null for a fixed date
 * @param fixed   the pinned date, null otherwise
 */
public record AsOfRule(String keyword, LocalDate fixed) {
    public static final AsOfRule TODAY = new AsOfRule("today", null);
    public static final AsOfRule PREVIOUS_MONTH_END = new AsOfRule("previous_month_end", null);

    public static AsOfRule parse(String text) {
        String t = text.trim();
        if (t.equals(TODAY.keyword)) {
            return TODAY;
        }
        if (t.equals(PREVIOUS_MONTH_END.keyword)) {
            return PREVIOUS_MONTH_END;
        }
        try {
            return new AsOfRule(null, LocalDate.parse(t));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not today, previous_month_end or a date YYYY-MM-DD");
        }
    }

    /** The date to pass to the pipeline at {@code now} in the schedule's zone; empty = the pipeline's default. */
    public Optional<LocalDate> resolve(Instant now, ZoneId zone) {
        if (fixed != null) {
            return Optional.of(fixed);
        }
        if (this.equals(PREVIOUS_MONTH_END)) {
            return Optional.of(YearMonth.from(now.atZone(zone)).minusMonths(1).atEndOfMonth());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return fixed != null ? fixed.toString() : keyword;
    }
}
