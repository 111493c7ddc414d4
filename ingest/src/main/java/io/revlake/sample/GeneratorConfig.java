package io.revlake.sample;

import java.time.YearMonth;
import java.util.Objects;

/**
 * What to simulate: {@code customers} sign up over the window of {@code months} calendar months starting at
 * {@code start}, driven by {@code seed}. The same four values always produce byte-identical files.
 *
 * @param customers number of customers in {@code customers.csv}, 1 to {@value #MAX_CUSTOMERS}
 * @param months    length of the simulated window [start, start + months), 1 to {@value #MAX_MONTHS}
 * @param seed      any value; different seeds give different companies
 * @param start     first month of the window (years 1900 to 9000)
 * @param recurringLineParts the invoice lines each recurring (subscription) line is written as, 1 to
 *                  {@value #MAX_RECURRING_LINE_PARTS}: its amount split into that many lines, cent-exact (benchmarks
 *                  that need more lines per invoice). 1, the default, writes every line once; nothing but
 *                  invoice_lines.csv depends on it.
 */
public record GeneratorConfig(int customers, int months, long seed, YearMonth start, int recurringLineParts) {
    public static final int MAX_CUSTOMERS = 10_000_000;
    public static final int MAX_MONTHS = 1_200;
    public static final int MAX_RECURRING_LINE_PARTS = 50;

    /** One invoice line per recurring line. */
    public GeneratorConfig(int customers, int months, long seed, YearMonth start) {
        this(customers, months, seed, start, 1);
    }

    public GeneratorConfig {
        Objects.requireNonNull(start, "start");
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw new IllegalArgumentException("customers must be between 1 and " + MAX_CUSTOMERS + " (was " + customers + ")");
        }
        if (months < 1 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("months must be between 1 and " + MAX_MONTHS + " (was " + months + ")");
        }
        if (start.getYear() < 1900 || start.getYear() > 9000) {
            throw new IllegalArgumentException("start must be a month between 1900-01 and 9000-12 (was " + start + ")");
        }
        if (recurringLineParts < 1 || recurringLineParts > MAX_RECURRING_LINE_PARTS) {
            throw new IllegalArgumentException("recurringLineParts must be between 1 and " + MAX_RECURRING_LINE_PARTS
                    + " (was " + recurringLineParts + ")");
        }
    }

    /** The same company with each recurring invoice line written as {@code parts} lines. */
    public GeneratorConfig withRecurringLineParts(int parts) {
        return new GeneratorConfig(customers, months, seed, start, parts);
    }

    /** Last month of the window. */
    public YearMonth lastMonth() {
        return start.plusMonths(months - 1L);
    }
}
