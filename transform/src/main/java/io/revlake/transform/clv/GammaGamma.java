package io.revlake.transform.clv;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of spend per transaction: Fader, P. S., Hardie, B. G. S. &amp; Lee, K. L. (2005), "RFM and
 * CLV: using iso-value curves for customer base analysis", <i>Journal of Marketing Research</i> 42(4), 415–430, and
 * Fader &amp; Hardie (2013), "The Gamma-Gamma model of monetary value" (technical note).
 *
 * <p>A customer's transaction values are i.i.d. gamma(p, ν), ν ~ gamma(q, γ) across customers, independent of the
 * purchase process. Only the mean z̄ of the customer's x repeat transactions is needed; its density is
 * <pre>
 *   f(z̄ | p, q, γ; x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · x^{px} · z̄^{px − 1} / (γ + x z̄)^{px + q}
 * </pre>
 * and the expected spend per transaction of a customer with history (x, z̄) is
 * <pre>
 *   E[Z | x, z̄] = p (γ + x z̄) / (px + q − 1) = (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · z̄,
 * </pre>
 * a weighted average of the population mean pγ/(q − 1) and the customer's own mean. With x = 0 it is the population
 * mean.
 */
public final class GammaGamma {
    static final double LOWER = 1e-5;
    static final double UPPER = 1e5;
    static final int MAX_EVALUATIONS = 20_000;

    private GammaGamma() {
    }

    /**
     * The Gamma-Gamma log-likelihood at (p, q, γ) of the customers with x ≥ 1 and z̄ &gt; 0 (others are skipped);
     * NaN for non-positive parameters.
     */
    public static double logLikelihood(double p, double q, double gamma, List<RfmObservation> customers) {
        return logLikelihood(p, q, gamma, Prepared.of(customers));
    }

    private static double logLikelihood(double p, double q, double gamma, Prepared d) {
        if (!(p > 0) || !(q > 0) || !(gamma > 0)) {
            return Double.NaN;
        }
        double perCustomer = -Gamma.logGamma(q) + q * Math.log(gamma);
        double ll = 0;
        // terms that depend on the customer only through x
        for (int k = 0; k < d.distinctX.length; k++) {
            double px = p * d.distinctX[k];
            ll += d.countX[k] * (Gamma.logGamma(px + q) - Gamma.logGamma(px) + px * Math.log(d.distinctX[k]) + perCustomer);
        }
        for (int i = 0; i < d.x.length; i++) {
            double px = p * d.x[i];
            ll += (px - 1) * d.logZ[i] - (px + q) * Math.log(gamma + d.x[i] * d.z[i]);
        }
        return ll;
    }

    /** The usable customers as arrays, with ln z̄ and the multiplicity of each x precomputed. */
    private record Prepared(double[] x, double[] z, double[] logZ, double[] distinctX, long[] countX) {
        static Prepared of(List<RfmObservation> customers) {
            List<RfmObservation> used = customers.stream().filter(GammaGamma::usable).toList();
            double[] x = new double[used.size()];
            double[] z = new double[used.size()];
            double[] logZ = new double[used.size()];
            TreeMap<Integer, Long> counts = new TreeMap<>();
            for (int i = 0; i < x.length; i++) {
                x[i] = used.get(i).frequency();
                z[i] = used.get(i).monetaryValue();
                logZ[i] = Math.log(z[i]);
                counts.merge(used.get(i).frequency(), 1L, Long::sum);
            }
            double[] distinctX = counts.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            long[] countX = counts.values().stream().mapToLong(Long::longValue).toArray();
            return new Prepared(x, z, logZ, distinctX, countX);
        }
    }

    static boolean usable(RfmObservation c) {
        return c.frequency() >= 1 && c.monetaryValue() > 0 && Double.isFinite(c.monetaryValue());
    }

    /**
     * Maximum-likelihood fit of p, q, γ on the customers with at least one repeat transaction and a positive mean
     * repeat spend (customers with x = 0, or with z̄ ≤ 0 such as fully refunded repeat purchases, are left out), with
     * Nelder–Mead on the logarithms (see {@link LogSpaceMaximiser}), started at p = 1, q = 2, γ = mean z̄.
     *
     * <p>Unavailable (with the reason) when fewer than 2 customers qualify, the optimiser does not converge, a
     * parameter runs off to within a factor 10 of its search range (p, q in [1e-5, 1e5], γ in [1e-5, 1e5] × mean z̄;
     * e.g. every customer has the same z̄), or q ≤ 1 (the spend distribution then has no finite mean, so the expected
     * spend of a customer without repeat purchases is undefined).
     */
    public static GammaGammaFit fit(List<RfmObservation> customers) {
        Prepared used = Prepared.of(customers);
        int n = used.x().length;
        if (n < 2) {
            return GammaGammaFit.unavailable("fewer than 2 customers with repeat transactions and positive spend", n, 0);
        }
        double mean = Arrays.stream(used.z()).average().orElseThrow();
        LogSpaceMaximiser.Outcome o = LogSpaceMaximiser.maximise(new String[] {"p", "q", "gamma"},
                th -> logLikelihood(th[0], th[1], th[2], used), new double[] {1, 2, mean},
                new double[] {LOWER, LOWER, LOWER * mean}, new double[] {UPPER, UPPER, UPPER * mean}, MAX_EVALUATIONS);
        if (o.problem() != null) {
            return GammaGammaFit.unavailable(o.problem(), n, o.evaluations());
        }
        double[] th = o.parameters();
        if (th[1] <= 1) {
            return GammaGammaFit.unavailable(String.format(Locale.ROOT,
                    "q = %.4g <= 1: spend per transaction has no finite population mean", th[1]), n, o.evaluations());
        }
        return new GammaGammaFit(th[0], th[1], th[2], o.logLikelihood(), n, o.evaluations(), null);
    }

    /** E[Z | x, z̄] = p (γ + x z̄) / (px + q − 1); for x = 0 the population mean pγ / (q − 1). */
    public static double conditionalExpectedAverageSpend(double p, double q, double gamma, RfmObservation c) {
        double x = c.frequency();
        double z = x == 0 ? 0 : c.monetaryValue();
        double denominator = p * x + q - 1;
        if (!(denominator > 0)) {
            throw new ArithmeticException("px + q - 1 <= 0: expected spend is infinite");
        }
        return p * (gamma + x * z) / denominator;
    }
}
