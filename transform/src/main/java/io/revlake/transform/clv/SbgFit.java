package io.revlake.transform.clv;

import java.io.Serializable;

/**
 * A maximum-likelihood fit of the shifted-beta-geometric retention model (Fader &amp; Hardie 2007), or the reason the
 * data could not identify one.
 *
 * <p>When {@link #available()} is false, {@link #alpha()}, {@link #beta()} and {@link #logLikelihood()} are NaN,
 * {@link #unavailableReason()} says why, and the model methods throw {@link IllegalStateException}.
 *
 * @param alpha             α &gt; 0 of the beta distribution of the per-period churn probability θ
 * @param beta              β &gt; 0 of that distribution (mean churn probability α / (α + β))
 * @param logLikelihood     the maximised log-likelihood (natural log, full likelihood including every constant)
 * @param customers         n, the number of customers in the data (Σ of the observation weights)
 * @param periodsObserved   the largest period count in the data
 * @param evaluations       likelihood evaluations the optimiser used
 * @param unavailableReason null when available
 */
public record SbgFit(double alpha, double beta, double logLikelihood, long customers, int periodsObserved,
                     int evaluations, String unavailableReason) implements Serializable {

    static SbgFit unavailable(String reason, long customers, int periodsObserved, int evaluations) {
        return new SbgFit(Double.NaN, Double.NaN, Double.NaN, customers, periodsObserved, evaluations, reason);
    }

    /** True when α and β were identified; false means "unavailable", see {@link #unavailableReason()}. */
    public boolean available() {
        return unavailableReason == null;
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("sBG model unavailable: " + unavailableReason);
        }
    }

    /** P(T = t): probability that a new customer churns in period t ≥ 1. */
    public double churnProbability(int t) {
        requireAvailable();
        return ShiftedBetaGeometric.churnProbability(alpha, beta, t);
    }

    /** S(t) = P(T &gt; t): probability that a new customer is still alive after t ≥ 0 periods. */
    public double survival(int t) {
        requireAvailable();
        return ShiftedBetaGeometric.survival(alpha, beta, t);
    }

    /** r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): share of those alive in period t who renew, t ≥ 1. */
    public double retentionRate(int t) {
        requireAvailable();
        return ShiftedBetaGeometric.retentionRate(alpha, beta, t);
    }

    /** S(0), S(1), …, S(periods). */
    public double[] survivalCurve(int periods) {
        requireAvailable();
        return ShiftedBetaGeometric.survivalCurve(alpha, beta, periods);
    }

    /** r(1), r(2), …, r(periods) at indices 0..periods−1. */
    public double[] retentionCurve(int periods) {
        requireAvailable();
        double[] r = new double[periods];
        for (int t = 1; t <= periods; t++) {
            r[t - 1] = ShiftedBetaGeometric.retentionRate(alpha, beta, t);
        }
        return r;
    }

    /**
     * Discounted expected residual lifetime, in periods, of a customer who has been active for {@code periodsAlive}
     * periods; see {@link ShiftedBetaGeometric#derl(double, double, int, double)}.
     */
    public double derl(int periodsAlive, double discountRate) {
        requireAvailable();
        return ShiftedBetaGeometric.derl(alpha, beta, periodsAlive, discountRate);
    }
}
