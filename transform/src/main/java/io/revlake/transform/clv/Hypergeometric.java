package io.revlake.transform.clv;

/**
 * The Gaussian hypergeometric function <sub>2</sub>F<sub>1</sub>(a, b; c; z) by its power series, for the arguments the
 * CLV models need: a, b, c &gt; 0 and 0 &le; z &lt; 1.
 *
 * <p>The series Σ<sub>k≥0</sub> t<sub>k</sub> with t<sub>0</sub> = 1 and t<sub>k+1</sub> = t<sub>k</sub> · (a+k)(b+k) /
 * ((c+k)(k+1)) · z converges for |z| &lt; 1. With a, b, c &gt; 0 every term is positive, and both factors
 * (a+j)/(j+1) and (b+j)/(c+j) are monotone in j and tend to 1, so for every j &gt; k the term ratio is at most
 * ρ<sub>k</sub> = z · max(1, (a+k+1)/(k+2)) · max(1, (b+k+1)/(c+k+1)). Once ρ<sub>k</sub> &lt; 1 the neglected tail is at
 * most t<sub>k+1</sub> · ρ<sub>k</sub> / (1 − ρ<sub>k</sub>) (a geometric bound), and summation stops when that bound is
 * below {@link #RELATIVE_TOLERANCE} × the partial sum. This is a rigorous truncation-error bound, not a heuristic; the
 * number of terms grows like ln(tolerance) / ln(z), so z very close to 1 is slow (about 3,000 terms for z = 0.99,
 * 300,000 for z = 0.9999) and beyond {@link #MAX_TERMS} terms the method gives up with an {@link ArithmeticException}.
 */
public final class Hypergeometric {
    /** Summation stops when the bound on the neglected tail is below this fraction of the partial sum. */
    public static final double RELATIVE_TOLERANCE = 1e-15;
    /** Upper limit on the number of series terms (a fraction of a second of arithmetic). */
    public static final int MAX_TERMS = 50_000_000;

    private Hypergeometric() {
    }

    /**
     * <sub>2</sub>F<sub>1</sub>(a, b; c; z) for a, b, c &gt; 0 and 0 &le; z &lt; 1.
     *
     * @throws IllegalArgumentException when an argument is outside that domain
     * @throws ArithmeticException when the series has not reached the tolerance after {@link #MAX_TERMS} terms, or
     *                             overflows
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        if (!(a > 0) || !(b > 0) || !(c > 0) || !Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("2F1 series implemented for a, b, c > 0 only: a=" + a + ", b=" + b + ", c=" + c);
        }
        if (!(z >= 0) || !(z < 1)) {
            throw new IllegalArgumentException("2F1 series implemented for 0 <= z < 1 only: z=" + z);
        }
        double sum = 1.0;
        double term = 1.0;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
            sum += term;
            if (!Double.isFinite(sum)) {
                throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") overflows");
            }
            double rho = z * Math.max(1.0, (a + k + 1) / (k + 2.0)) * Math.max(1.0, (b + k + 1) / (c + k + 1));
            if (rho < 1 && term * rho / (1 - rho) <= RELATIVE_TOLERANCE * sum) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") series did not reach tolerance in "
                + MAX_TERMS + " terms (z too close to 1)");
    }
}
