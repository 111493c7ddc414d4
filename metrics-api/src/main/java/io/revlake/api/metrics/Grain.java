package io.revlake.api.metrics;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The period a series is reported in. Periods are calendar quarters and years. */
public enum Grain {
    MONTH, QUARTER, YEAR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Label of the period holding {@code month}: {@code 2024-03}, {@code 2024-Q1} or {@code 2024}. */
    public String period(YearMonth month) {
        return switch (this) {
            case MONTH -> month.toString();
            case QUARTER -> month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
            case YEAR -> String.valueOf(month.getYear());
        };
    }

    public static List<String> accepted() {
        return Arrays.stream(values()).map(Grain::value).toList();
    }

    public static Optional<Grain> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(g -> g.value().equals(wanted)).findFirst();
    }
}
