package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The ₂F₁ series against closed forms (Abramowitz &amp; Stegun 15.1.3, 15.1.6, 15.1.8) and independent values. */
class HypergeometricTest {

    @Test
    void one_one_two_is_minus_log_one_minus_z_over_z() {
        // A&S 15.1.3: 2F1(1, 1; 2; z) = −ln(1 − z) / z
        for (double z : new double[] {0.0, 0.1, 0.5, 0.9, 0.99}) {
            double expected = z == 0 ? 1 : -Math.log1p(-z) / z;
            assertThat(Hypergeometric.hyp2f1(1, 1, 2, z)).isCloseTo(expected, Percentage.withPercentage(1e-12));
        }
    }

    @Test
    void b_equal_to_c_is_a_binomial_series() {
        // A&S 15.1.8: 2F1(a, b; b; z) = (1 − z)^−a
        assertThat(Hypergeometric.hyp2f1(2.7, 1.3, 1.3, 0.6)).isCloseTo(Math.pow(0.4, -2.7), Percentage.withPercentage(1e-12));
    }

    @Test
    void half_half_three_halves_is_arcsine() {
        // A&S 15.1.6: 2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z; z = 1/2 gives π/3
        assertThat(Hypergeometric.hyp2f1(0.5, 0.5, 1.5, 0.25)).isCloseTo(Math.PI / 3, within(1e-14));
    }

    @Test
    void general_arguments_match_an_independent_implementation() {
        // Reference values from scipy.special.hyp2f1 (Cephes), computed outside this project.
        assertThat(Hypergeometric.hyp2f1(0.3, 2.5, 1.7, 0.9)).isCloseTo(4.088947285264962, Percentage.withPercentage(1e-10));
        assertThat(Hypergeometric.hyp2f1(1, 3.806, 4.474, 1 / 1.1)).isCloseTo(5.922596407612753, Percentage.withPercentage(1e-10));
        assertThat(Hypergeometric.hyp2f1(1, 2.0, 3.5, 0.9999)).isCloseTo(4.884161217968321, Percentage.withPercentage(1e-10));
    }

    @Test
    void arguments_outside_the_series_domain_are_refused() {
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, -0.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
