package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Beta;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * sBG against Fader, P. S. &amp; Hardie, B. G. S. (2007), "How to project customer retention", Journal of Interactive
 * Marketing 21(1): Table 1 gives the customers surviving at the start of years 0–7 of two 1,000-customer cohorts, and
 * the paper reports the maximum-likelihood estimates High End α = 0.668, β = 3.806 and Regular α = 0.704,
 * β = 1.182. (The High End cohort is the one that keeps 869 of 1,000 after a year; Regular keeps 631.)
 */
class ShiftedBetaGeometricTest {
    /** F&H 2007, Table 1, "High End", years 0–7. */
    static final long[] HIGH_END = {1000, 869, 743, 653, 593, 551, 517, 491};
    /** F&H 2007, Table 1, "Regular", years 0–7. */
    static final long[] REGULAR = {1000, 631, 468, 382, 326, 289, 262, 241};

    static final Percentage HALF_PERCENT = Percentage.withPercentage(0.5);

    /** The log-likelihood written out independently of the implementation: Beta functions, no recursion. */
    static double handLogLikelihood(double a, double b, long[] alive) {
        double ll = 0;
        for (int t = 1; t < alive.length; t++) {
            // P(T = t) = B(α + 1, β + t − 1) / B(α, β)   (F&H 2007, eq. 5)
            ll += (alive[t - 1] - alive[t]) * (Beta.logBeta(a + 1, b + t - 1) - Beta.logBeta(a, b));
        }
        int n = alive.length - 1;
        // S(n) = B(α, β + n) / B(α, β)   (F&H 2007, eq. 6)
        return ll + alive[n] * (Beta.logBeta(a, b + n) - Beta.logBeta(a, b));
    }

    @Test
    void high_end_cohort_reproduces_the_published_alpha_and_beta() {
        long start = System.nanoTime();
        SbgFit fit = ClvModels.fitSbgCohort(HIGH_END);
        long micros = (System.nanoTime() - start) / 1000;
        System.out.printf("sBG high end: alpha=%.5f beta=%.5f LL=%.4f n=%d evals=%d in %d us%n", fit.alpha(), fit.beta(),
                fit.logLikelihood(), fit.customers(), fit.evaluations(), micros);

        assertThat(fit.available()).as(fit.unavailableReason()).isTrue();
        // F&H 2007: High End α = 0.668, β = 3.806
        assertThat(fit.alpha()).isCloseTo(0.668, HALF_PERCENT);
        assertThat(fit.beta()).isCloseTo(3.806, HALF_PERCENT);
        assertThat(fit.customers()).isEqualTo(1000);
        assertThat(fit.periodsObserved()).isEqualTo(7);
    }

    @Test
    void regular_cohort_reproduces_the_published_alpha_and_beta() {
        SbgFit fit = ClvModels.fitSbgCohort(REGULAR);
        System.out.printf("sBG regular: alpha=%.5f beta=%.5f LL=%.4f evals=%d%n", fit.alpha(), fit.beta(),
                fit.logLikelihood(), fit.evaluations());

        assertThat(fit.available()).as(fit.unavailableReason()).isTrue();
        // F&H 2007: Regular α = 0.704, β = 1.182
        assertThat(fit.alpha()).isCloseTo(0.704, HALF_PERCENT);
        assertThat(fit.beta()).isCloseTo(1.182, HALF_PERCENT);
    }

    @Test
    void log_likelihood_matches_a_hand_computation_at_the_published_parameters() {
        // Hand computation (Beta functions, above): High End at (0.668, 3.806) gives −1611.16; Regular at
        // (0.704, 1.182) gives −1680.27 (also computed independently with scipy.special.betaln: −1611.158…,
        // −1680.265…). F&H 2007 eq. 9: LL = Σ_t n_t,lost ln P(T = t) + n_7 ln S(7).
        List<SbgObservation> high = SbgObservation.fromCohort(HIGH_END);
        List<SbgObservation> regular = SbgObservation.fromCohort(REGULAR);
        assertThat(ShiftedBetaGeometric.logLikelihood(0.668, 3.806, high))
                .isCloseTo(handLogLikelihood(0.668, 3.806, HIGH_END), within(1e-9))
                .isCloseTo(-1611.16, within(0.01));
        assertThat(ShiftedBetaGeometric.logLikelihood(0.704, 1.182, regular))
                .isCloseTo(handLogLikelihood(0.704, 1.182, REGULAR), within(1e-9))
                .isCloseTo(-1680.27, within(0.01));

        // The maximised log-likelihood is at least the one at the (rounded) published parameters, and barely above it.
        SbgFit fit = ClvModels.fitSbgCohort(HIGH_END);
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(handLogLikelihood(0.668, 3.806, HIGH_END))
                .isCloseTo(handLogLikelihood(0.668, 3.806, HIGH_END), within(0.01));
        assertThat(fit.logLikelihood()).isCloseTo(handLogLikelihood(fit.alpha(), fit.beta(), HIGH_END), within(1e-9));
    }

    @Test
    void per_customer_observations_give_the_same_fit_as_cohort_counts() {
        List<SbgObservation> individuals = new ArrayList<>();
        for (int t = 1; t < REGULAR.length; t++) {
            for (long i = 0; i < REGULAR[t - 1] - REGULAR[t]; i++) {
                individuals.add(SbgObservation.churnedIn(t));
            }
        }
        for (long i = 0; i < REGULAR[7]; i++) {
            individuals.add(SbgObservation.aliveAfter(7));
        }
        SbgFit byCustomer = ClvModels.fitSbg(individuals);
        SbgFit byCohort = ClvModels.fitSbgCohort(REGULAR);
        assertThat(byCustomer.alpha()).isCloseTo(byCohort.alpha(), within(1e-6));
        assertThat(byCustomer.beta()).isCloseTo(byCohort.beta(), within(1e-6));
        assertThat(byCustomer.customers()).isEqualTo(1000);
    }

    @Test
    void customers_censored_at_different_ages_are_fitted_jointly() {
        // Two cohorts from one world (α = 0.704, β = 1.182): the second, acquired 3 years later, is only seen for 4
        // years. Expected counts, rounded: the joint fit recovers the parameters approximately.
        double a = 0.704;
        double b = 1.182;
        List<SbgObservation> obs = new ArrayList<>();
        int[] horizons = {7, 4};
        for (int horizon : horizons) {
            double[] s = ShiftedBetaGeometric.survivalCurve(a, b, horizon);
            for (int t = 1; t <= horizon; t++) {
                obs.add(new SbgObservation(t, true, Math.round(100_000 * (s[t - 1] - s[t]))));
            }
            obs.add(new SbgObservation(horizon, false, Math.round(100_000 * s[horizon])));
        }
        SbgFit fit = ClvModels.fitSbg(obs);
        assertThat(fit.alpha()).isCloseTo(a, Percentage.withPercentage(0.5));
        assertThat(fit.beta()).isCloseTo(b, Percentage.withPercentage(0.5));
    }

    @Test
    void survival_and_retention_curves_follow_the_recursions() {
        SbgFit fit = ClvModels.fitSbgCohort(HIGH_END);
        double[] s = fit.survivalCurve(12);
        double[] r = fit.retentionCurve(12);
        assertThat(s[0]).isEqualTo(1.0);
        for (int t = 1; t <= 12; t++) {
            // S(t) = B(α, β + t) / B(α, β)   (F&H 2007, eq. 6)
            double closed = Math.exp(Beta.logBeta(fit.alpha(), fit.beta() + t) - Beta.logBeta(fit.alpha(), fit.beta()));
            assertThat(s[t]).isCloseTo(closed, within(1e-12));
            assertThat(fit.survival(t)).isCloseTo(closed, within(1e-12));
            assertThat(r[t - 1]).isCloseTo(s[t] / s[t - 1], within(1e-12));
            assertThat(fit.churnProbability(t)).isCloseTo(s[t - 1] - s[t], within(1e-12));
            if (t > 1) {
                assertThat(r[t - 1]).as("retention rises with tenure (sorting effect)").isGreaterThan(r[t - 2]);
            }
        }
        // The fitted curve tracks the calibration data (F&H 2007, Table 1) within 2.5 % of the cohort.
        for (int t = 1; t < HIGH_END.length; t++) {
            assertThat(1000 * s[t]).isCloseTo(HIGH_END[t], within(25.0));
        }
    }

    @Test
    void derl_equals_the_discounted_sum_of_conditional_survival() {
        double a = 0.668;
        double b = 3.806;
        for (int n : new int[] {1, 2, 5, 12}) {
            for (double d : new double[] {0.1, 0.01}) {
                // Σ_{t ≥ n} S(t) / S(n − 1) / (1 + d)^(t − n), summed by brute force far into the tail
                double sum = 0;
                double sPrev = ShiftedBetaGeometric.survival(a, b, n - 1);
                double s = sPrev;
                for (int t = n; t < n + 20_000; t++) {
                    s *= (b + t - 1) / (a + b + t - 1);
                    sum += s / sPrev / Math.pow(1 + d, t - n);
                }
                assertThat(ShiftedBetaGeometric.derl(a, b, n, d)).as("n=%d d=%s", n, d)
                        .isCloseTo(sum, Percentage.withPercentage(1e-9));
            }
        }
        // n = 0: DEL of a new customer, F&H 2010 eq. 4, 2F1(1, β; α + β; 1/(1+d)); first payment included.
        double del = 0;
        double s = 1;
        for (int t = 0; t < 20_000; t++) {
            del += s / Math.pow(1.1, t);
            s *= (b + t) / (a + b + t);
        }
        assertThat(ShiftedBetaGeometric.derl(a, b, 0, 0.1)).isCloseTo(del, Percentage.withPercentage(1e-9));
    }

    @Test
    void derl_rises_with_tenure_because_survivors_are_the_loyal_ones() {
        SbgFit fit = ClvModels.fitSbgCohort(REGULAR);
        double previous = 0;
        for (int n = 1; n <= 10; n++) {
            double derl = ClvModels.sbgDerl(fit, n, 0.1);
            assertThat(derl).isGreaterThan(previous).isLessThan(11.0); // < Σ 1.1^−k = 11
            previous = derl;
        }
    }

    @Test
    void undiscounted_derl_has_its_closed_form_when_alpha_exceeds_one_and_is_refused_otherwise() {
        // Σ_{t ≥ n} S(t)/S(n−1) = (β + n − 1)/(α − 1) for α > 1; the discounted series tends to it as d → 0.
        assertThat(ShiftedBetaGeometric.derl(2.5, 3.0, 4, 0)).isCloseTo(6.0 / 1.5, within(1e-12));
        assertThat(ShiftedBetaGeometric.derl(2.5, 3.0, 4, 1e-5)).isCloseTo(4.0, Percentage.withPercentage(0.05));
        assertThat(ShiftedBetaGeometric.derl(2.5, 3.0, 0, 0)).isCloseTo(4.5 / 1.5, within(1e-12));
        assertThatThrownBy(() -> ShiftedBetaGeometric.derl(0.704, 1.182, 3, 0)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> ShiftedBetaGeometric.derl(0.704, 1.182, 3, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void residual_value_is_derl_times_mrr_times_margin() {
        SbgFit fit = ClvModels.fitSbgCohort(REGULAR);
        assertThat(ClvModels.sbgResidualValue(fit, 3, 0.01, 50.0, 0.8))
                .isCloseTo(ClvModels.sbgDerl(fit, 3, 0.01) * 40.0, within(1e-9));
    }

    @Test
    void no_churn_observed_is_reported_unavailable() {
        SbgFit fit = ClvModels.fitSbgCohort(500, 500, 500, 500);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("no churn");
        assertThat(fit.alpha()).isNaN();
        assertThat(fit.beta()).isNaN();
        assertThat(fit.customers()).isEqualTo(500);
        assertThatThrownBy(() -> ClvModels.sbgDerl(fit, 1, 0.1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no churn");
    }

    @Test
    void a_single_period_is_reported_unavailable() {
        SbgFit fit = ClvModels.fitSbgCohort(1000, 631);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("fewer than 2 periods");
        assertThat(ClvModels.fitSbg(List.of(SbgObservation.churnedIn(1), SbgObservation.aliveAfter(1))).available()).isFalse();
    }

    @Test
    void no_customers_is_reported_unavailable() {
        assertThat(ClvModels.fitSbg(List.of()).unavailableReason()).isEqualTo("no customers");
    }

    @Test
    void a_homogeneous_cohort_sends_the_parameters_to_the_bound_and_is_reported_unavailable() {
        // Every period exactly half the survivors leave: the likelihood rises for ever as α, β → ∞ with α/(α+β) = ½.
        SbgFit fit = ClvModels.fitSbgCohort(64_000, 32_000, 16_000, 8_000, 4_000, 2_000);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("ran off to the bound");
        assertThat(fit.alpha()).isNaN();
    }

    @Test
    void a_churn_rate_that_rises_with_tenure_cannot_be_fitted_and_is_reported_unavailable() {
        // The sBG only allows falling churn rates; rising ones push it to its homogeneous limit.
        SbgFit fit = ClvModels.fitSbgCohort(1000, 950, 850, 650, 350);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("ran off to the bound");
    }

    @Test
    void cohort_counts_must_be_non_increasing() {
        assertThatThrownBy(() -> SbgObservation.fromCohort(100, 90, 95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SbgObservation.churnedIn(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
