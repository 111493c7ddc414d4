package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/** Gamma-Gamma formulas (Fader &amp; Hardie 2013 note; FHL 2005 "RFM and CLV") and the unavailable cases. */
class GammaGammaTest {

    @Test
    void expected_spend_is_the_credibility_weighted_mean_of_population_and_customer() {
        GammaGammaFit fit = new GammaGammaFit(6.25, 3.74, 15.44, Double.NaN, 946, 0, null);
        RfmObservation c = new RfmObservation(3, 10, 30, 50.0);
        double population = 6.25 * 15.44 / 2.74;
        double weight = 6.25 * 3 / (6.25 * 3 + 3.74 - 1);
        assertThat(fit.conditionalExpectedAverageSpend(c)).isCloseTo((1 - weight) * population + weight * 50.0, within(1e-12));
        assertThat(fit.conditionalExpectedAverageSpend(RfmObservation.of(0, 0, 30))).isCloseTo(population, within(1e-12));
        assertThat(fit.populationMeanSpend()).isCloseTo(population, within(1e-12));
    }

    @Test
    void log_likelihood_is_the_density_of_the_mean_spend_written_out() {
        // f(z̄) = Γ(px+q)/(Γ(px)Γ(q)) γ^q x^{px} z̄^{px−1} / (γ + x z̄)^{px+q}, at p = 6.25, q = 3.74, γ = 15.44
        double p = 6.25;
        double q = 3.74;
        double g = 15.44;
        int x = 2;
        double z = 22.35;
        double byHand = Gamma.logGamma(p * x + q) - Gamma.logGamma(p * x) - Gamma.logGamma(q) + q * Math.log(g)
                + p * x * Math.log(x) + (p * x - 1) * Math.log(z) - (p * x + q) * Math.log(g + x * z);
        assertThat(GammaGamma.logLikelihood(p, q, g, List.of(new RfmObservation(x, 30.43, 38.86, z),
                RfmObservation.of(0, 0, 38.86)))).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void fewer_than_two_repeat_buyers_is_reported_unavailable() {
        GammaGammaFit fit = ClvModels.fitGammaGamma(List.of(new RfmObservation(1, 3, 10, 20.0), RfmObservation.of(0, 0, 10)));
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("fewer than 2");
        assertThat(fit.customers()).isEqualTo(1);
        assertThatThrownBy(fit::populationMeanSpend).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void identical_spend_for_everyone_sends_parameters_to_the_bound_and_is_reported_unavailable() {
        List<RfmObservation> same = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            same.add(new RfmObservation(1 + i % 5, 10, 30, 25.0));
        }
        GammaGammaFit fit = ClvModels.fitGammaGamma(same);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).containsAnyOf("ran off to the bound", "did not converge");
        assertThat(fit.p()).isNaN();
    }

    @Test
    void spend_so_heavy_tailed_that_it_has_no_mean_is_reported_unavailable() {
        // 1 to 10 repeat purchases, mean spends spread log-uniformly over four orders of magnitude independently of
        // x: the fitted q is about 0.29, so a customer without repeat purchases has no finite expected spend.
        List<RfmObservation> wild = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            wild.add(new RfmObservation(1 + i % 10, 1, 10, Math.pow(10, 4.0 * i / 299)));
        }
        GammaGammaFit fit = ClvModels.fitGammaGamma(wild);
        assertThat(fit.available()).isFalse();
        assertThat(fit.unavailableReason()).contains("no finite population mean");
    }
}
