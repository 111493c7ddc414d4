package io.revlake.sample;

import java.time.LocalDate;

/** A billing interval and count as written to {@code subscription_items.csv}, with its price-list rule. */
enum BillingTerm {
    WEEKLY("week", 1, "weekly"),
    BIWEEKLY("week", 2, "biweekly"),
    MONTHLY("month", 1, "monthly"),
    QUARTERLY("quarter", 1, "quarterly"),
    SEMIANNUAL("month", 6, "semiannual"),
    ANNUAL("year", 1, "annual"),
    BIENNIAL("year", 2, "biennial");

    final String interval;
    final int count;
    final String label;

    BillingTerm(String interval, int count, String label) {
        this.interval = interval;
        this.count = count;
        this.label = label;
    }

    boolean isWeekly() {
        return interval.equals("week");
    }

    /** Calendar months per period (0 for weekly terms). */
    int monthsPerPeriod() {
        return switch (interval) {
            case "month" -> count;
            case "quarter" -> 3 * count;
            case "year" -> 12 * count;
            default -> 0;
        };
    }

    /** Start of period {@code k} (0-based) of a subscription anchored at {@code anchorDay}. */
    int boundary(int anchorDay, int k) {
        if (isWeekly()) {
            return anchorDay + 7 * count * k;
        }
        return DateText.day(LocalDate.ofEpochDay(anchorDay).plusMonths((long) monthsPerPeriod() * k));
    }

    /** Approximate length of a period in months, for hazards. */
    double months() {
        return isWeekly() ? 7.0 * count / 30.436875 : monthsPerPeriod();
    }

    /** An amount per period expressed per year, rounded half up to cents: {@code amount × periods per year}. */
    long perYear(long cents) {
        return switch (this) {
            case WEEKLY -> cents * 52;
            case BIWEEKLY -> cents * 26;
            case MONTHLY -> cents * 12;
            case QUARTERLY -> cents * 4;
            case SEMIANNUAL -> cents * 2;
            case ANNUAL -> cents;
            case BIENNIAL -> (cents + 1) / 2;
        };
    }

    /**
     * List price per period from a monthly list price, in cents. Longer terms are discounted and end in .00 or a
     * psychological price, so the monthly equivalent is often not a whole number of cents (e.g. 149 a year is 12.41666…
     * a month): the ground truth has to round exactly like the transform does.
     */
    long price(long monthlyCents) {
        return switch (this) {
            case WEEKLY -> (monthlyCents * 12 + 26) / 52;
            case BIWEEKLY -> 2 * ((monthlyCents * 12 + 26) / 52);
            case MONTHLY -> monthlyCents;
            case QUARTERLY -> 3 * monthlyCents - 100;
            case SEMIANNUAL -> (monthlyCents * 11 / 2 + 50) / 100 * 100 - 100;
            case ANNUAL -> 10 * monthlyCents - 100;
            case BIENNIAL -> 19 * monthlyCents - 100;
        };
    }
}
