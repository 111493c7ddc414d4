package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.ingest.ReasonCode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code "add_interval": {"count": <paths or {"const": n}>, "unit": <paths or {"const": "month"}>}} in a field spec:
 * a date (after the transforms, {@code YYYY-MM-DD}) moved on by count × unit ({@code day}, {@code week},
 * {@code month}, {@code year}). A month added to the 31st ends on the last day of the next month.
 */
record AddInterval(List<String> countPaths, String countConst, List<String> unitPaths, String unitConst) {
    static AddInterval parse(String field, JsonNode n) {
        JsonNode c = n.path("count");
        JsonNode u = n.path("unit");
        if (c.isMissingNode() || u.isMissingNode()) {
            throw new IllegalArgumentException(field + ": add_interval needs \"count\" and \"unit\"");
        }
        return new AddInterval(c.isObject() ? List.of() : Mapping.textList(c),
                c.isObject() ? Scope.text(c.get("const")) : null, u.isObject() ? List.of() : Mapping.textList(u),
                u.isObject() ? Scope.text(u.get("const")) : null);
    }

    private static String first(Scope s, List<String> paths, String constant) {
        return constant != null ? constant : s.firstText(paths);
    }

    String apply(Scope s, String date, String from) throws MappingException {
        String count = first(s, countPaths, countConst);
        String unit = first(s, unitPaths, unitConst);
        String what = from + " + " + (countPaths.isEmpty() ? countConst : String.join("|", countPaths)) + " × "
                + (unitPaths.isEmpty() ? unitConst : String.join("|", unitPaths));
        if (count == null || unit == null) {
            throw new MappingException(ReasonCode.MISSING_VALUE, what + " cannot be computed: "
                    + (count == null ? "the count" : "the unit") + " is empty");
        }
        if (!count.trim().matches("\\d+")) {
            throw new MappingException(ReasonCode.INVALID_NUMBER, what + ": count '" + count + "' is not a whole number");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new MappingException(ReasonCode.INVALID_DATE, what + ": '" + date + "' is not a date");
        }
        long n = Long.parseLong(count.trim());
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "day" -> d.plusDays(n).toString();
            case "week" -> d.plusWeeks(n).toString();
            case "month" -> d.plusMonths(n).toString();
            case "year" -> d.plusYears(n).toString();
            default -> throw new MappingException(ReasonCode.INVALID_VALUE, what + ": unit '" + unit
                    + "' is not one of day, week, month, year");
        };
    }
}
