package io.revlake.sample;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Day numbers (epoch days) and their text. Dates inside the simulated range are formatted once and cached, since the
 * same few thousand dates are written millions of times.
 */
final class DateText {
    /** An absent date that sorts before every date (e.g. no trial: {@code trialEnd > day} is false). */
    static final int NONE_LOW = Integer.MIN_VALUE;
    /** An absent date that sorts after every date (e.g. open-ended: {@code end > day} is true). */
    static final int NONE_HIGH = Integer.MAX_VALUE;

    private final int first;
    private final String[] cache;

    DateText(int firstDay, int lastDay) {
        this.first = firstDay;
        this.cache = new String[lastDay - firstDay + 1];
    }

    static boolean isAbsent(int day) {
        return day == NONE_LOW || day == NONE_HIGH;
    }

    String date(int day) {
        int i = day - first;
        if (i < 0 || i >= cache.length) {
            return LocalDate.ofEpochDay(day).toString();
        }
        String s = cache[i];
        if (s == null) {
            s = LocalDate.ofEpochDay(day).toString();
            cache[i] = s;
        }
        return s;
    }

    static int day(LocalDate d) {
        return Math.toIntExact(d.toEpochDay());
    }

    static int day(YearMonth m, int dayOfMonth) {
        return day(m.atDay(dayOfMonth));
    }

    static int plusMonths(int day, long months) {
        return day(LocalDate.ofEpochDay(day).plusMonths(months));
    }
}
