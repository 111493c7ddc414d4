package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** BG/NBD formulas (Fader, Hardie &amp; Lee 2005, eqs. 6, 9, 10) and the unavailable cases. */
class BgNbdTest {
    static final double R = 0.243;
    static final double ALPHA = 4.414;
    static final double A = 0.793;
    static final double B = 2.426;

    @Test
    void expected_transactions_match_an_independent_numerical_integration() {
        // Reference: scipy.integrate.quad of E_p[(1 − (α/(α+pt))^r)/p] over p ~ beta(a, b), computed outside the
        // project; for FHL 2005's CDNOW parameters E[X(39)] = 1.19672319332 (eq. 9).
        assertThat(BgNbd.expectedTransactions(R, ALPHA, A, B, 39)).isCloseTo(1.1967231933208133, Percentage.withPercentage(1e-9));
        assertThat(BgNbd.expectedTransactions(R, ALPHA, A, B, 0)).isEqualTo(0.0);
    }

    @Test
    void quadrature_covers_the_cases_where_the_closed_form_breaks_down() {
        // a = 1: eq. 9 divides by a − 1 (scipy.integrate.quad reference 1.0272919157778266)
        assertThat(BgNbd.expectedTransactions(0.5, 3, 1.0, 2.0, 10)).isCloseTo(1.0272919157778266, Percentage.withPercentage(1e-8));
        // a + b − 1 ≤ 0: eq. 9's 2F1 has c ≤ 0 (scipy.integrate.quad reference 1.0828778183111616)
        assertThat(BgNbd.expectedTransactions(0.5, 3, 0.3, 0.5, 10)).isCloseTo(1.0828778183111616, Percentage.withPercentage(1e-8));
        // t/(α+t) > 0.99: long horizon, slow series; both routes agree
        double t = 5000;
        assertThat(BgNbd.expectedTransactions(R, ALPHA, A, B, t))
                .isCloseTo(BgNbd.closedForm(R, ALPHA, A, B, t), Percentage.withPercentage(1e-7));
        // continuity across a = 1
        double below = BgNbd.expectedTransactions(0.5, 3, 1 - 1e-3, 2.0, 10);
        double above = BgNbd.expectedTransactions(0.5, 3, 1 + 1e-3, 2.0, 10);
        assertThat((below + above) / 2).isCloseTo(1.0272919157778266, Percentage.withPercentage(1e-3));
    }

    @Test
    void probability_alive_falls_with_silence_and_is_one_without_repeat_purchases() {
        BgNbdFit fit = new BgNbdFit(R, ALPHA, A, B, Double.NaN, 1, 0, null);
        assertThat(fit.probabilityAlive(RfmObservation.of(0, 0, 38.86))).isEqualTo(1.0);
        double recent = fit.probabilityAlive(RfmObservation.of(5, 38, 38.86));
        double silent = fit.probabilityAlive(RfmObservation.of(5, 10, 38.86));
        assertThat(recent).isGreaterThan(silent).isLessThan(1.0);
        assertThat(silent).isGreaterThan(0.0);
        // By hand: 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for x = 2, t_x = 30.43, T = 38.86
        double byHand = 1 / (1 + A / (B + 1) * Math.pow((ALPHA + 38.86) / (ALPHA + 30.43), R + 2));
        assertThat(fit.probabilityAlive(RfmObservation.of(2, 30.43, 38.86))).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void conditional_expectation_is_p_alive_times_the_updated_unconditional_one() {
        BgNbdFit fit = new BgNbdFit(R, ALPHA, A, B, Double.NaN, 1, 0, null);
        RfmObservation c = RfmObservation.of(3, 20, 38.86);
        assertThat(fit.conditionalExpectedTransactions(c, 52)).isCloseTo(
                fit.probabilityAlive(c) * BgNbd.expectedTransactions(R + 3, ALPHA + 38.86, A, B + 3, 52), within(1e-12));
        // A new customer (x = 0, T = 0) is a random customer: eq. 10 reduces to eq. 9.
        assertThat(fit.conditionalExpectedTransactions(RfmObservation.of(0, 0, 0), 39))
                .isCloseTo(fit.expectedTransactions(39), within(1e-12));
    }

    @Test
    void log_likelihood_of_one_customer_matches_the_papers_spreadsheet_layout() {
        // FHL 2005 §7: ln L = ln A1 + ln A2 + ln(A3 + A4), written out for x = 2, t_x = 30.43, T = 38.86
        double lnA1 = org.apache.commons.math3.special.Gamma.logGamma(R + 2) - org.apache.commons.math3.special.Gamma.logGamma(R)
                + R * Math.log(ALPHA);
        double lnA2 = org.apache.commons.math3.special.Gamma.logGamma(A + B) + org.apache.commons.math3.special.Gamma.logGamma(B + 2)
                - org.apache.commons.math3.special.Gamma.logGamma(B) - org.apache.commons.math3.special.Gamma.logGamma(A + B + 2);
        double a3 = Math.pow(1 / (ALPHA + 38.86), R + 2);
        double a4 = A / (B + 1) * Math.pow(1 / (ALPHA + 30.43), R + 2);
        assertThat(BgNbd.logLikelihood(R, ALPHA, A, B, RfmObservation.of(2, 30.43, 38.86)))
                .isCloseTo(lnA1 + lnA2 + Math.log(a3 + a4), within(1e-12));
    }

    @Test
    void no_customers_or_no_repeat_purchases_are_reported_unavailable() {
        assertThat(ClvModels.fitBgNbd(List.of()).unavailableReason()).isEqualTo("no customers");
        BgNbdFit none = ClvModels.fitBgNbd(List.of(RfmObservation.of(0, 0, 10), RfmObservation.of(0, 0, 20)));
        assertThat(none.available()).isFalse();
        assertThat(none.unavailableReason()).contains("no repeat transactions");
        assertThat(none.r()).isNaN();
        assertThatThrownBy(() -> none.expectedTransactions(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void identical_customers_who_never_lapse_send_parameters_to_the_bound_and_are_reported_unavailable() {
        // Everyone buys 10 times in 52 weeks, the last time at week 52: no heterogeneity and no sign of dropout.
        List<RfmObservation> same = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            same.add(RfmObservation.of(10, 52, 52));
        }
        BgNbdFit fit = ClvModels.fitBgNbd(same);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).containsAnyOf("ran off to the bound", "did not converge");
        assertThat(fit.a()).isNaN();
    }

    @Test
    void observations_are_validated() {
        assertThatThrownBy(() -> RfmObservation.of(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RfmObservation.of(2, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RfmObservation.of(0, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
