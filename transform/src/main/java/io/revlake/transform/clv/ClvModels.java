package io.revlake.transform.clv;

import java.util.List;

/**
 * Entry points for predictive CLV (METRICS.md, "Value per customer" → "CLV, predictive"), in plain Java so that a
 * Spark job can fit one model per segment on the driver (or in a grouped map) and score customers on executors (the
 * fit records are {@link java.io.Serializable}).
 *
 * <p><b>Subscriptions — sBG</b> (Fader &amp; Hardie 2007, 2010). Periods are the contract periods (months for monthly
 * plans). For fitting, a customer who churned after paying for k periods is {@link SbgObservation#churnedIn(int)
 * churnedIn(k)}; a customer currently in her k-th paid period (k − 1 renewals so far) is
 * {@link SbgObservation#aliveAfter(int) aliveAfter(k − 1)}; survivor counts of a cohort can be given directly to
 * {@link #fitSbgCohort(long...)}. The same active customer is valued with {@link #sbgDerl(SbgFit, int, double)
 * sbgDerl(fit, k, d)}, and her predictive CLV is {@link #sbgResidualValue DERL × MRR × gross margin}.
 *
 * <p><b>Transactions — BG/NBD + Gamma-Gamma</b> (Fader, Hardie &amp; Lee 2005). Summarise each customer's calibration
 * window with {@link RfmSummariser} (or equivalently in SQL: one transaction per customer-day, the first is not a
 * repeat), fit {@link #fitBgNbd(List)} and {@link #fitGammaGamma(List)} per segment, then value with
 * {@link #discountedClv}.
 *
 * <p>Every fit returns a record that is either available (parameters, log-likelihood, n) or unavailable with a reason
 * (no churn, too few periods, optimiser not converged, parameters at the bounds of the search range, …); the scoring
 * methods throw {@link IllegalStateException} on an unavailable fit, so callers check {@code fit.available()} and
 * report the reason instead of a number.
 */
public final class ClvModels {
    /** Average weeks in a calendar month, 365.25 / 12 / 7 ≈ 4.348 (the lifetimes package uses 4.345). */
    public static final double WEEKS_PER_MONTH = 365.25 / 12 / 7;
    /** Average days in a calendar month, 365.25 / 12 = 30.4375 (the lifetimes package uses 30). */
    public static final double DAYS_PER_MONTH = 365.25 / 12;

    private ClvModels() {
    }

    /** Fits the sBG model to per-customer (or weighted) lifetime observations; see {@link ShiftedBetaGeometric#fit}. */
    public static SbgFit fitSbg(List<SbgObservation> observations) {
        return ShiftedBetaGeometric.fit(observations);
    }

    /**
     * Fits the sBG model to one cohort's survivor counts: {@code aliveByPeriod[t]} customers active after t renewals,
     * t = 0..n ({@link SbgObservation#fromCohort(long...)}).
     */
    public static SbgFit fitSbgCohort(long... aliveByPeriod) {
        return ShiftedBetaGeometric.fit(SbgObservation.fromCohort(aliveByPeriod));
    }

    /**
     * Discounted expected residual lifetime, in periods, of a customer who has been active for {@code periodsAlive}
     * = n periods (n − 1 renewals), valued just before her n-th renewal decision (Fader &amp; Hardie 2010, eq. 6):
     * (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)). n = 0 gives DEL of a new customer (first
     * payment included). See {@link ShiftedBetaGeometric#derl(double, double, int, double)}.
     *
     * @param discountRate d ≥ 0 per period
     * @throws IllegalStateException when the fit is unavailable
     */
    public static double sbgDerl(SbgFit fit, int periodsAlive, double discountRate) {
        return fit.derl(periodsAlive, discountRate);
    }

    /**
     * Predictive residual value of an active subscriber: DERL × cash flow per period × gross margin (METRICS.md).
     *
     * @param cashFlowPerPeriod e.g. the customer's MRR when periods are months
     * @param grossMargin       e.g. 1.0 for 100 %
     */
    public static double sbgResidualValue(SbgFit fit, int periodsAlive, double discountRate, double cashFlowPerPeriod,
                                          double grossMargin) {
        return fit.derl(periodsAlive, discountRate) * cashFlowPerPeriod * grossMargin;
    }

    /** Fits BG/NBD (r, α, a, b) by maximum likelihood; see {@link BgNbd#fit}. */
    public static BgNbdFit fitBgNbd(List<RfmObservation> customers) {
        return BgNbd.fit(customers);
    }

    /** Fits Gamma-Gamma (p, q, γ) on the customers with x ≥ 1 and z̄ &gt; 0; see {@link GammaGamma#fit}. */
    public static GammaGammaFit fitGammaGamma(List<RfmObservation> customers) {
        return GammaGamma.fit(customers);
    }

    /** E[Y(t) | x, t<sub>x</sub>, T]: expected transactions in the next {@code horizon} time units (FHL 2005, eq. 10). */
    public static double expectedTransactions(BgNbdFit fit, RfmObservation customer, double horizon) {
        return fit.conditionalExpectedTransactions(customer, horizon);
    }

    /** P(alive | x, t<sub>x</sub>, T) under BG/NBD. */
    public static double probabilityAlive(BgNbdFit fit, RfmObservation customer) {
        return fit.probabilityAlive(customer);
    }

    /** E[Z | x, z̄]: expected spend per future transaction under Gamma-Gamma. */
    public static double expectedAverageSpend(GammaGammaFit fit, RfmObservation customer) {
        return fit.conditionalExpectedAverageSpend(customer);
    }

    /**
     * Discounted CLV of a customer over the next {@code months} months.
     *
     * <p>Approximation (the one of the Python lifetimes package's {@code customer_lifetime_value}): months have a
     * fixed length f = {@code timeUnitsPerMonth} time units; the expected transactions in month i are
     * E[Y(i f)] − E[Y((i − 1) f)] (BG/NBD eq. 10); all of them are valued at the Gamma-Gamma expected spend E[Z | x,
     * z̄] × {@code grossMargin} and discounted as if they occurred at the end of month i:
     * <pre>
     *   CLV = margin · E[Z | x, z̄] · Σ_{i=1..months} (E[Y(i f)] − E[Y((i − 1) f)]) / (1 + d)^i.
     * </pre>
     * Discounting at month ends rather than continuously undervalues by at most a factor (1 + d) per transaction.
     * Spend and transaction count are independent by the Gamma-Gamma assumption, so their expectations multiply.
     *
     * @param timeUnitsPerMonth f, e.g. {@link #WEEKS_PER_MONTH} when the models were fitted in weeks
     * @param monthlyDiscountRate d ≥ 0 per month
     * @param grossMargin         e.g. 1.0 for revenue CLV
     * @throws IllegalStateException when either fit is unavailable
     */
    public static double discountedClv(BgNbdFit transactions, GammaGammaFit spend, RfmObservation customer, int months,
                                       double monthlyDiscountRate, double timeUnitsPerMonth, double grossMargin) {
        if (months < 0) {
            throw new IllegalArgumentException("months must be >= 0: " + months);
        }
        if (!(monthlyDiscountRate >= 0) || !(timeUnitsPerMonth > 0)) {
            throw new IllegalArgumentException("need discount rate >= 0 and timeUnitsPerMonth > 0");
        }
        double value = spend.conditionalExpectedAverageSpend(customer) * grossMargin;
        double previous = 0;
        double discounted = 0;
        for (int i = 1; i <= months; i++) {
            double cumulative = transactions.conditionalExpectedTransactions(customer, i * timeUnitsPerMonth);
            discounted += (cumulative - previous) / Math.pow(1 + monthlyDiscountRate, i);
            previous = cumulative;
        }
        return value * discounted;
    }
}
