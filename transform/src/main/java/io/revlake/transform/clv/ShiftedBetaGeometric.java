package io.revlake.transform.clv;

import java.util.List;
import java.util.TreeMap;

/**
 * The shifted-beta-geometric (sBG) model of contractual retention: Fader, P. S. &amp; Hardie, B. G. S. (2007), "How to
 * project customer retention", <i>Journal of Interactive Marketing</i> 21(1), 76–90; and its customer valuation in
 * Fader &amp; Hardie (2010), "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity",
 * <i>Marketing Science</i> 29(1), 85–93.
 *
 * <p>Each customer has a constant per-period churn probability θ, and θ ~ beta(α, β) across customers. For a randomly
 * chosen new customer the period T in which she churns has (F&amp;H 2007, eqs. 5–7)
 * <ul>
 * <li>P(T = 1) = α / (α + β), P(T = t) = P(T = t − 1) · (β + t − 2) / (α + β + t − 1) = B(α + 1, β + t − 1) / B(α, β);</li>
 * <li>S(t) = P(T &gt; t) = B(α, β + t) / B(α, β) = S(t − 1) · (β + t − 1) / (α + β + t − 1), S(0) = 1;</li>
 * <li>retention rate r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), which rises with t (sorting effect).</li>
 * </ul>
 * Survival is computed by the product recursion, which has no cancellation.
 *
 * <p>Likelihood (F&amp;H 2007, eq. 9 generalised to right-censoring at different ages): Σ over customers churned in
 * period t of ln P(T = t) + Σ over customers alive after t periods of ln S(t).
 */
public final class ShiftedBetaGeometric {
    static final double LOWER = 1e-5;
    static final double UPPER = 1e5;
    static final int MAX_EVALUATIONS = 20_000;

    private ShiftedBetaGeometric() {
    }

    /** P(T = t), t ≥ 1. */
    public static double churnProbability(double alpha, double beta, int t) {
        if (t < 1) {
            throw new IllegalArgumentException("churn period must be >= 1: " + t);
        }
        double p = alpha / (alpha + beta);
        for (int k = 2; k <= t; k++) {
            p *= (beta + k - 2) / (alpha + beta + k - 1);
        }
        return p;
    }

    /** S(t) = P(T &gt; t), t ≥ 0. */
    public static double survival(double alpha, double beta, int t) {
        if (t < 0) {
            throw new IllegalArgumentException("periods must be >= 0: " + t);
        }
        double s = 1;
        for (int k = 1; k <= t; k++) {
            s *= (beta + k - 1) / (alpha + beta + k - 1);
        }
        return s;
    }

    /** r(t) = (β + t − 1) / (α + β + t − 1), t ≥ 1. */
    public static double retentionRate(double alpha, double beta, int t) {
        if (t < 1) {
            throw new IllegalArgumentException("retention is defined from period 1: " + t);
        }
        return (beta + t - 1) / (alpha + beta + t - 1);
    }

    /** S(0), …, S(periods). */
    public static double[] survivalCurve(double alpha, double beta, int periods) {
        double[] s = new double[periods + 1];
        s[0] = 1;
        for (int t = 1; t <= periods; t++) {
            s[t] = s[t - 1] * (beta + t - 1) / (alpha + beta + t - 1);
        }
        return s;
    }

    /**
     * Discounted expected residual lifetime, DERL, in periods (Fader &amp; Hardie 2010, eq. 6).
     *
     * <p>{@code periodsAlive} = n ≥ 1 is the number of periods the customer has been active (paid for), i.e. she has
     * made n − 1 renewals, and the valuation is made at the end of period n, just before her n-th renewal decision:
     * <pre>
     *   DERL = Σ_{t ≥ n} S(t) / S(n − 1) · (1 + d)^−(t − n)
     *        = (β + n − 1) / (α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1 / (1 + d)).
     * </pre>
     * The payment made at the n-th renewal (if it happens) is not discounted, the next one once, and so on; multiply
     * by the net cash flow per period to get the expected residual lifetime value. With n = 0 (a customer about to
     * pay for her first period, with S(−1) := 1) the same sum is F&amp;H 2010's DEL = ₂F₁(1, β; α + β; 1 / (1 + d)),
     * which counts the certain first payment.
     *
     * <p>₂F₁ is summed by its series with a rigorous tail bound ({@link Hypergeometric}), which needs d &gt; 0 to
     * converge. With d = 0 the closed form (β + n − 1) / (α − 1) is returned when α &gt; 1 (for n = 0: (α + β − 1) /
     * (α − 1)); when α ≤ 1 the undiscounted expected lifetime is infinite and an {@link ArithmeticException} is thrown.
     *
     * @param discountRate d ≥ 0 per period (e.g. 0.01 per month)
     */
    public static double derl(double alpha, double beta, int periodsAlive, double discountRate) {
        if (periodsAlive < 0) {
            throw new IllegalArgumentException("periodsAlive must be >= 0: " + periodsAlive);
        }
        if (!(discountRate >= 0) || !Double.isFinite(discountRate)) {
            throw new IllegalArgumentException("discount rate must be finite and >= 0: " + discountRate);
        }
        int n = periodsAlive;
        double renew = n == 0 ? 1.0 : (beta + n - 1) / (alpha + beta + n - 1);
        if (discountRate == 0) {
            if (alpha <= 1) {
                throw new ArithmeticException("undiscounted expected lifetime is infinite when alpha <= 1 (alpha = "
                        + alpha + "); use a discount rate > 0");
            }
            return n == 0 ? (alpha + beta - 1) / (alpha - 1) : (beta + n - 1) / (alpha - 1);
        }
        return renew * Hypergeometric.hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + discountRate));
    }

    /**
     * The sBG log-likelihood of the observations at (α, β).
     *
     * @return the log-likelihood, or NaN for non-positive parameters
     */
    public static double logLikelihood(double alpha, double beta, List<SbgObservation> observations) {
        return logLikelihood(alpha, beta, aggregate(observations));
    }

    private static double logLikelihood(double alpha, double beta, Aggregated data) {
        if (!(alpha > 0) || !(beta > 0)) {
            return Double.NaN;
        }
        int n = data.maxPeriods;
        double ll = 0;
        double p = 0;
        double s = 1;
        for (int t = 0; t <= n; t++) {
            if (t >= 1) {
                p = t == 1 ? alpha / (alpha + beta) : p * (beta + t - 2) / (alpha + beta + t - 1);
                s *= (beta + t - 1) / (alpha + beta + t - 1);
            }
            if (data.churned[t] > 0) {
                ll += data.churned[t] * Math.log(p);
            }
            if (data.alive[t] > 0) {
                ll += data.alive[t] * Math.log(s);
            }
        }
        return ll;
    }

    /**
     * Maximum-likelihood fit of α and β (Nelder–Mead on ln α, ln β, see {@link LogSpaceMaximiser}).
     *
     * <p>Unavailable (with the reason) when: there are no customers; no churn was observed (the likelihood then
     * increases without bound as α → 0); fewer than 2 periods were observed (one churn rate cannot separate α from
     * β); the optimiser did not converge; or a parameter ran off to the edge of [1e-5, 1e5] (within a factor 10), as
     * when every cohort loses the same share each period (no heterogeneity: α, β → ∞ with α / (α + β) fixed).
     */
    public static SbgFit fit(List<SbgObservation> observations) {
        Aggregated data = aggregate(observations);
        if (data.customers == 0) {
            return SbgFit.unavailable("no customers", 0, data.maxPeriods, 0);
        }
        if (data.churnedCustomers == 0) {
            return SbgFit.unavailable("no churn observed: every customer is still alive, so the churn distribution is"
                    + " not identified", data.customers, data.maxPeriods, 0);
        }
        if (data.maxPeriods < 2) {
            return SbgFit.unavailable("fewer than 2 periods observed: one churn rate cannot identify both alpha and beta",
                    data.customers, data.maxPeriods, 0);
        }
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(new String[] {"alpha", "beta"},
                th -> logLikelihood(th[0], th[1], data), new double[] {1, 1}, new double[] {LOWER, LOWER},
                new double[] {UPPER, UPPER}, MAX_EVALUATIONS);
        if (o.problem() != null) {
            return SbgFit.unavailable(o.problem(), data.customers, data.maxPeriods, o.evaluations());
        }
        return new SbgFit(o.parameters()[0], o.parameters()[1], o.logLikelihood(), data.customers, data.maxPeriods,
                o.evaluations(), null);
    }

    /** Weights by period: churned[t] customers churned in period t, alive[t] customers alive after t periods. */
    private record Aggregated(long[] churned, long[] alive, int maxPeriods, long customers, long churnedCustomers) {
    }

    private static Aggregated aggregate(List<SbgObservation> observations) {
        TreeMap<Integer, long[]> byPeriod = new TreeMap<>();
        long customers = 0;
        long churnedCustomers = 0;
        int max = 0;
        for (SbgObservation o : observations) {
            if (o.customers() == 0) {
                continue;
            }
            byPeriod.computeIfAbsent(o.periods(), k -> new long[2])[o.churned() ? 0 : 1] += o.customers();
            customers += o.customers();
            churnedCustomers += o.churned() ? o.customers() : 0;
            max = Math.max(max, o.periods());
        }
        long[] churned = new long[max + 1];
        long[] alive = new long[max + 1];
        byPeriod.forEach((t, w) -> {
            churned[t] = w[0];
            alive[t] = w[1];
        });
        return new Aggregated(churned, alive, max, customers, churnedCustomers);
    }
}
