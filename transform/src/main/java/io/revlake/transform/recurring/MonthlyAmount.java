package io.revlake.transform.recurring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact monthly amount as {@code numerator / denominator}. Normalising a weekly, quarterly or yearly price to a
 * month divides by 12, 3 or interval counts, which decimals cannot hold exactly; a customer's MRR is the exact sum of
 * its items, rounded to the cent once. Rounding each item first (at any fixed scale) can move a sum that lies exactly
 * on a half cent — the DuckDB cross-check found such cases.
 */
public record MonthlyAmount(BigDecimal numerator, long denominator) implements Serializable {
    public static final MonthlyAmount ZERO = new MonthlyAmount(BigDecimal.ZERO, 1);

    public MonthlyAmount {
        if (denominator < 1) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
    }

    public MonthlyAmount add(MonthlyAmount other) {
        if (other.denominator == denominator) {
            return new MonthlyAmount(numerator.add(other.numerator), denominator);
        }
        long gcd = BigInteger.valueOf(denominator).gcd(BigInteger.valueOf(other.denominator)).longValueExact();
        long lcm = Math.multiplyExact(denominator / gcd, other.denominator);
        return new MonthlyAmount(numerator.multiply(BigDecimal.valueOf(lcm / denominator))
                .add(other.numerator.multiply(BigDecimal.valueOf(lcm / other.denominator))), lcm);
    }

    /** Exact comparison of the two fractions. */
    public int compareTo(MonthlyAmount other) {
        return numerator.multiply(BigDecimal.valueOf(other.denominator))
                .compareTo(other.numerator.multiply(BigDecimal.valueOf(denominator)));
    }

    public int signum() {
        return numerator.signum();
    }

    /** Rounded half up to cents: the one rounding of a customer's MRR in a given currency view. */
    public BigDecimal cents() {
        return numerator.divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
    }

    /** Converted at {@code rate} and rounded half up to cents. */
    public BigDecimal centsAt(BigDecimal rate) {
        return numerator.multiply(rate).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
    }

    /** This amount converted at {@code rate}, still exact (rounding happens once, on the customer's sum). */
    public MonthlyAmount times(BigDecimal rate) {
        return new MonthlyAmount(numerator.multiply(rate), denominator);
    }

    /** For display and tests: 12 decimals. */
    public BigDecimal approximate() {
        return numerator.divide(BigDecimal.valueOf(denominator), BillingInterval.EXACT_SCALE, RoundingMode.HALF_EVEN);
    }
}
