package io.revlake.sample;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Monthly operating expenses in the reporting currency: marketing and sales spend that follows sign-ups (so CAC lands
 * near SMB ≈ 1k, mid-market ≈ 9k, enterprise ≈ 45k USD), cost of goods sold that follows revenue, and G&amp;A.
 */
final class Expenses {
    private Expenses() {
    }

    private static final long[] MARKETING_PER_SIGNUP = {700_00, 3_000_00, 10_000_00};
    private static final long[] SALES_PER_SIGNUP = {250_00, 6_000_00, 35_000_00};

    static void write(CsvSink out, Window w, int[][] signups, long[] mrrCents, int customers, SplittableRandom rng)
            throws IOException {
        long teamBase = 50_00L * customers;
        for (int m = 0; m < w.months; m++) {
            long marketing = 0;
            long sales = 0;
            for (int s = 0; s < signups[m].length; s++) {
                marketing += MARKETING_PER_SIGNUP[s] * signups[m][s];
                sales += SALES_PER_SIGNUP[s] * signups[m][s];
            }
            marketing = jitter(rng, marketing + teamBase / 100, 0.15);
            sales = jitter(rng, sales + teamBase / 60, 0.10);
            long cogs = jitter(rng, mrrCents[m] * 17 / 100 + teamBase / 200, 0.05);
            long other = jitter(rng, mrrCents[m] * 10 / 100 + teamBase / 80, 0.08);
            row(out, w, m, "sales", sales);
            row(out, w, m, "marketing", marketing);
            row(out, w, m, "cogs", cogs);
            row(out, w, m, "other", other);
        }
    }

    private static long jitter(SplittableRandom rng, long cents, double spread) {
        double f = 1 + spread * (2 * rng.nextDouble() - 1);
        return Math.round(cents * f);
    }

    private static void row(CsvSink out, Window w, int m, String category, long cents) throws IOException {
        out.text(w.monthText[m]).text(category).money(cents).text(Currency.REPORTING.name());
        out.endRow();
    }
}
