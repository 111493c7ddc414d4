package io.revlake.transform.clv;

import java.io.Serializable;

/**
 * A maximum-likelihood fit of the BG/NBD model ({@link BgNbd}), or the reason the data could not identify one.
 *
 * <p>When {@link #available()} is false the parameters and log-likelihood are NaN, {@link #unavailableReason()}
 * says why, and the model methods throw {@link IllegalStateException}. Times are in the time unit of the data the
 * model was fitted on.
 *
 * @param r                 shape of the gamma distribution of the purchase rate λ
 * @param alpha             scale (rate parameter) of that gamma distribution, in time units
 * @param a                 first parameter of the beta distribution of the dropout probability p
 * @param b                 second parameter of that beta distribution
 * @param logLikelihood     the maximised log-likelihood (natural log)
 * @param customers         n, the number of customers fitted
 * @param evaluations       likelihood evaluations the optimiser used
 * @param unavailableReason null when available
 */
public record BgNbdFit(double r, double alpha, double a, double b, double logLikelihood, long customers,
                       int evaluations, String unavailableReason) implements Serializable {

    static BgNbdFit unavailable(String reason, long customers, int evaluations) {
        return new BgNbdFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, customers, evaluations, reason);
    }

    /** True when the parameters were identified; false means "unavailable", see {@link #unavailableReason()}. */
    public boolean available() {
        return unavailableReason == null;
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("BG/NBD model unavailable: " + unavailableReason);
        }
    }

    /** E[X(t)]: expected repeat transactions in (0, t] of a randomly chosen new customer (FHL 2005, eq. 9). */
    public double expectedTransactions(double t) {
        requireAvailable();
        return BgNbd.expectedTransactions(r, alpha, a, b, t);
    }

    /** E[Y(t) | x, t<sub>x</sub>, T]: the customer's expected transactions in the next t time units (eq. 10). */
    public double conditionalExpectedTransactions(RfmObservation customer, double t) {
        requireAvailable();
        return BgNbd.conditionalExpectedTransactions(r, alpha, a, b, customer, t);
    }

    /** P(alive at the end of the calibration window | x, t<sub>x</sub>, T). */
    public double probabilityAlive(RfmObservation customer) {
        requireAvailable();
        return BgNbd.probabilityAlive(r, alpha, a, b, customer);
    }
}
