package io.revlake.transform.finance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Money rounding for finance facts: amounts are kept to the cent (half up, as the MRR tables) and every split of a
 * whole into parts uses the largest-remainder method, so the parts add up to the whole exactly.
 */
public final class Cents {
    /** Precision of intermediate quotients; far beyond any cent. */
    static final MathContext EXACT = MathContext.DECIMAL128;

    private Cents() {
    }

    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }

    /** {@code amount × numerator ÷ denominator}, rounded to the cent. */
    public static BigDecimal share(BigDecimal amount, long numerator, long denominator) {
        return round(amount.multiply(BigDecimal.valueOf(numerator)).divide(BigDecimal.valueOf(denominator), EXACT));
    }

    /**
     * Splits {@code total} in proportion to {@code weights} at the given scale (2 = cents, 0 = whole units) so the
     * parts sum exactly to {@code total}: every part is first rounded towards zero, then the units still missing go
     * one each to the parts with the largest remainders (ties: the earlier part). Weights must not all be zero and
     * must share one sign. The total must already be a multiple of the unit.
     */
    public static List<BigDecimal> apportion(BigDecimal total, List<BigDecimal> weights, int scale) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("nothing to apportion " + total + " to");
        }
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("weights sum to zero; cannot apportion " + total);
        }
        for (BigDecimal w : weights) {
            if (w.signum() != 0 && w.signum() != sum.signum()) {
                throw new IllegalArgumentException("weights of mixed sign cannot apportion " + total + ": " + weights);
            }
        }
        List<BigDecimal> exact = new ArrayList<>(weights.size());
        for (BigDecimal w : weights) {
            exact.add(total.multiply(w).divide(sum, EXACT));
        }
        return roundPreservingSum(exact, total.setScale(scale, RoundingMode.UNNECESSARY), scale);
    }

    /** Cents version of {@link #apportion(BigDecimal, List, int)}. */
    public static List<BigDecimal> apportion(BigDecimal total, List<BigDecimal> weights) {
        return apportion(total, weights, 2);
    }

    /**
     * Rounds each exact value to {@code scale} so that the rounded values sum to {@code target}: round every value
     * down (towards minus infinity), then add one unit to the values with the largest fractional remainders until
     * the target is met. {@code target} must lie within one unit per value of the exact sum.
     */
    public static List<BigDecimal> roundPreservingSum(List<BigDecimal> exact, BigDecimal target, int scale) {
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        List<BigDecimal> floors = new ArrayList<>(exact.size());
        BigDecimal floorSum = BigDecimal.ZERO;
        for (BigDecimal e : exact) {
            BigDecimal f = e.setScale(scale, RoundingMode.FLOOR);
            floors.add(f);
            floorSum = floorSum.add(f);
        }
        long missing = target.subtract(floorSum).divide(unit, 0, RoundingMode.UNNECESSARY).longValueExact();
        if (missing < 0 || missing > exact.size()) {
            throw new IllegalArgumentException("target " + target + " is not within rounding of " + exact);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < exact.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> exact.get(i).subtract(floors.get(i))).reversed()
                .thenComparing(i -> i));
        for (int k = 0; k < missing; k++) {
            int i = order.get(k);
            floors.set(i, floors.get(i).add(unit));
        }
        return floors;
    }
}
