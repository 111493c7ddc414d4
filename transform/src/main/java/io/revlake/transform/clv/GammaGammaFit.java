package io.revlake.transform.clv;

import java.io.Serializable;

/**
 * A maximum-likelihood fit of the Gamma-Gamma spend model ({@link GammaGamma}), or the reason it is unavailable.
 *
 * <p>When {@link #available()} is false the parameters and log-likelihood are NaN, {@link #unavailableReason()}
 * says why, and the model methods throw {@link IllegalStateException}.
 *
 * @param p                 shape of the gamma distribution of a customer's transaction values
 * @param q                 shape of the gamma distribution of ν across customers (&gt; 1 when available)
 * @param gamma             γ, the rate of that distribution, in money units
 * @param logLikelihood     the maximised log-likelihood (natural log, full density of z̄)
 * @param customers         n, the number of customers fitted (x ≥ 1 and z̄ &gt; 0)
 * @param evaluations       likelihood evaluations the optimiser used
 * @param unavailableReason null when available
 */
public record GammaGammaFit(double p, double q, double gamma, double logLikelihood, long customers, int evaluations,
                            String unavailableReason) implements Serializable {

    static GammaGammaFit unavailable(String reason, long customers, int evaluations) {
        return new GammaGammaFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, customers, evaluations, reason);
    }

    /** True when the parameters were identified; false means "unavailable", see {@link #unavailableReason()}. */
    public boolean available() {
        return unavailableReason == null;
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("Gamma-Gamma model unavailable: " + unavailableReason);
        }
    }

    /** Population mean spend per transaction, E[Z] = pγ / (q − 1). */
    public double populationMeanSpend() {
        requireAvailable();
        return p * gamma / (q - 1);
    }

    /** E[Z | x, z̄]: the customer's expected spend per future transaction (the population mean when x = 0). */
    public double conditionalExpectedAverageSpend(RfmObservation customer) {
        requireAvailable();
        return GammaGamma.conditionalExpectedAverageSpend(p, q, gamma, customer);
    }
}
