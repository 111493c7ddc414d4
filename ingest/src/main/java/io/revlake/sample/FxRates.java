package io.revlake.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulated EUR and GBP rates to USD: a mean-reverting random walk around 1.08 and 1.27, published on every month's
 * last day (from the month before the window, so invoice-date conversions always find a rate) and on the 15th of
 * some months.
 */
final class FxRates {
    /** One row of {@code fx_rates.csv}. */
    record Row(int day, Currency currency, BigDecimal rate) {
    }

    private static final Currency[] QUOTED = {Currency.EUR, Currency.GBP};
    private static final double[] MEAN = {1.08, 1.27};

    private final List<Row> rows;

    private FxRates(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Row> rows() {
        return rows;
    }

    static FxRates simulate(SplittableRandom rng, YearMonth start, int months) {
        double[] logRate = new double[QUOTED.length];
        for (int c = 0; c < QUOTED.length; c++) {
            logRate[c] = StrictMath.log(MEAN[c] * (0.96 + 0.08 * rng.nextDouble()));
        }
        List<Row> rows = new ArrayList<>();
        for (int m = -1; m < months; m++) {
            YearMonth ym = start.plusMonths(m);
            if (m >= 0 && rng.nextDouble() < 0.35) {
                step(rng, logRate, 0.5);
                add(rows, DateText.day(ym, 15), logRate);
            }
            step(rng, logRate, m < 0 ? 0.0 : 1.0);
            // The opening rate is dated the first day of the month before the start: contracts of the first customers
            // are signed up to a few weeks before their start, and bookings convert at the signing date.
            add(rows, DateText.day(m < 0 ? ym.atDay(1) : ym.atEndOfMonth()), logRate);
        }
        return new FxRates(rows);
    }

    private static void step(SplittableRandom rng, double[] logRate, double months) {
        for (int c = 0; c < logRate.length; c++) {
            double mean = StrictMath.log(MEAN[c]);
            double sigma = 0.018 * StrictMath.sqrt(months);
            logRate[c] += 0.08 * months * (mean - logRate[c]) + sigma * gaussian(rng);
        }
    }

    /** Standard normal by the sum of twelve uniforms: plenty for a rate walk, and exactly reproducible. */
    static double gaussian(SplittableRandom rng) {
        double s = 0;
        for (int i = 0; i < 12; i++) {
            s += rng.nextDouble();
        }
        return s - 6.0;
    }

    private static void add(List<Row> rows, int day, double[] logRate) {
        for (int c = 0; c < QUOTED.length; c++) {
            BigDecimal rate = BigDecimal.valueOf(StrictMath.exp(logRate[c])).setScale(6, RoundingMode.HALF_UP);
            rows.add(new Row(day, QUOTED[c], rate));
        }
    }

    /** Rate of the latest row for the currency dated on or before {@code day}; 1 for the reporting currency. */
    BigDecimal rateAt(Currency currency, int day) {
        if (currency == Currency.REPORTING) {
            return BigDecimal.ONE;
        }
        BigDecimal found = null;
        for (Row r : rows) {
            if (r.currency() == currency && r.day() <= day) {
                found = r.rate();
            }
        }
        if (found == null) {
            throw new IllegalStateException("no " + currency + " rate on or before " + java.time.LocalDate.ofEpochDay(day));
        }
        return found;
    }
}
