package io.revlake.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The MRR rules of METRICS.md, on the simulation's own numbers. An item's monthly amount is kept exactly as the
 * transform keeps it: one BigDecimal division at scale {@value #SCALE}, HALF_EVEN; a customer's month is the sum of
 * those, held as a long count of 10^-12 currency units, and rounded half up to cents once per view.
 *
 * <p>Why the result does not depend on how an implementation chains its divisions: only customers with a single item
 * use an interval count above 1, and a customer never has more than two items at a month end, so two
 * scale-12 roundings of repeating thirds either cancel or stay far from a half cent.
 */
final class MrrMath {
    static final int SCALE = 12;
    static final long UNITS_PER_CENT = 10_000_000_000L;

    private MrrMath() {
    }

    /**
     * Monthly amount of one item, in 10^-12 currency units:
     * max(0, unit × quantity × (1 − pct/100) − amount) normalised to a month.
     *
     * @param discountPctHundredths the discount percentage × 100 (1250 = 12.5 %), 0 = none
     * @param discountCents         fixed discount per interval in cents, 0 = none
     */
    static long itemMonthlyUnits(long unitCents, long quantity, int discountPctHundredths, long discountCents,
                                 BillingTerm term) {
        BigDecimal net = BigDecimal.valueOf(unitCents, 2).multiply(BigDecimal.valueOf(quantity));
        if (discountPctHundredths != 0) {
            net = net.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(discountPctHundredths, 4)));
        }
        if (discountCents != 0) {
            net = net.subtract(BigDecimal.valueOf(discountCents, 2));
        }
        if (net.signum() <= 0) {
            return 0;
        }
        long divisor = switch (term.interval) {
            case "week" -> 12L * term.count;
            case "month" -> term.count;
            case "quarter" -> 3L * term.count;
            case "year" -> 12L * term.count;
            default -> throw new IllegalArgumentException(term.interval);
        };
        if (term.isWeekly()) {
            net = net.multiply(BigDecimal.valueOf(52));
        }
        return net.divide(BigDecimal.valueOf(divisor), SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    static BigDecimal exact(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    /** round(units, 2, HALF_UP) in cents, for units ≥ 0. */
    static long cents(long units) {
        return (units + UNITS_PER_CENT / 2) / UNITS_PER_CENT;
    }

    /** round(units × rate, 2, HALF_UP) in cents. */
    static long cents(long units, BigDecimal rate) {
        if (rate.compareTo(BigDecimal.ONE) == 0) {
            return cents(units);
        }
        return exact(units).multiply(rate).setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /** Amount charged per period in cents: unit × quantity less the discounts, half-up to cents, never below 0. */
    static long periodCents(long unitCents, long quantity, int discountPctHundredths, long discountCents) {
        long gross = unitCents * quantity;
        long net = gross;
        if (discountPctHundredths != 0) {
            net = divHalfUp(gross * (10_000 - discountPctHundredths), 10_000);
        }
        return Math.max(0, net - discountCents);
    }

    /** a / b rounded half up, for a ≥ 0, b > 0. */
    static long divHalfUp(long a, long b) {
        return (a + b / 2) / b;
    }

    /** a × num / den rounded half away from zero (a may be negative). */
    static long prorate(long a, long num, long den) {
        long x = Math.abs(a) * num;
        long r = (x + den / 2) / den;
        return a < 0 ? -r : r;
    }
}
