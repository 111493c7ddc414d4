package io.revlake.catalog;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric policy options a transform run can be given as text (option → value): names and accepted values, in
 * one place for the transform, which builds its settings from them, and for the jobs file of the API process, which
 * checks them without the transform on its classpath. Names and values are those each run records
 * (ops.transform_runs.policy) and of {@code ./revlake transform}'s options, written snake_case.
 */
public final class PolicyOptions {
    /** Options with a fixed set of values, default first. */
    public static final Map<String, List<String>> CHOICES = choices();
    /** Every option: those of {@link #CHOICES}, then gross_margin (a number in (0, 1]) and constant_currency_base. */
    public static final List<String> OPTIONS = options();

    private PolicyOptions() {
    }

    private static Map<String, List<String>> choices() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("discounts", List.of("all", "forever_only", "none"));
        c.put("same_month_churn", List.of("ignore", "count"));
        c.put("fx_date", List.of("month_end", "invoice_date"));
        c.put("arpu_unit", List.of("customer", "seat"));
        return java.util.Collections.unmodifiableMap(c);
    }

    private static List<String> options() {
        List<String> o = new ArrayList<>(CHOICES.keySet());
        o.add("gross_margin");
        o.add("constant_currency_base");
        return List.copyOf(o);
    }

    /** What is wrong with {@code policy}, one message per unknown option or bad value; empty when it can be used. */
    public static List<String> problems(Map<String, String> policy) {
        List<String> problems = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(policy).entrySet()) {
            String option = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (!OPTIONS.contains(option)) {
                problems.add("unknown policy option '" + option + "' (options: " + String.join(", ", OPTIONS) + ")");
            } else if (CHOICES.containsKey(option)) {
                if (!CHOICES.get(option).contains(value)) {
                    problems.add(bad(option, value, String.join(", ", CHOICES.get(option))));
                }
            } else if (option.equals("gross_margin")) {
                if (!grossMargin(value)) {
                    problems.add(bad(option, value, "a number in (0, 1]"));
                }
            } else if (!month(value)) {
                problems.add(bad(option, value, "a month YYYY-MM"));
            }
        }
        return problems;
    }

    private static String bad(String option, String value, String accepted) {
        return option + ": '" + value + "' is not accepted (" + accepted + ")";
    }

    private static boolean grossMargin(String value) {
        try {
            BigDecimal m = new BigDecimal(value);
            return m.signum() > 0 && m.compareTo(BigDecimal.ONE) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean month(String value) {
        try {
            YearMonth.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
