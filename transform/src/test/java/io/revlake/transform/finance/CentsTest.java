package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CentsTest {
    static List<BigDecimal> amounts(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    @Test
    void ten_split_three_ways_gives_the_left_over_cent_to_the_first_part() {
        // 10.00 / 3 = 3.333… each: floors 3.33 × 3 = 9.99, one cent left, equal remainders → the first part
        assertThat(Cents.apportion(new BigDecimal("10.00"), amounts("1", "1", "1")))
                .containsExactlyElementsOf(amounts("3.34", "3.33", "3.33"));
    }

    @Test
    void the_missing_cents_go_to_the_largest_remainders_not_to_the_largest_parts() {
        // 1.00 by 0.2 / 0.35 / 0.45 → 0.2, 0.35, 0.45 exactly: nothing to fix. 1.01 by 1/2/4 of 7 →
        // 0.1442…, 0.2885…, 0.5771… → floors 0.14, 0.28, 0.57 = 0.99; remainders .0042, .0085, .0071 → 2 cents to
        // the second and third parts
        assertThat(Cents.apportion(new BigDecimal("1.01"), amounts("1", "2", "4")))
                .containsExactlyElementsOf(amounts("0.14", "0.29", "0.58"));
    }

    @Test
    void a_negative_total_is_split_like_a_positive_one() {
        // −10.00 / 3: floors (towards minus infinity) −3.34 × 3 = −10.02, two cents to add back → −3.33, −3.33, −3.34
        assertThat(Cents.apportion(new BigDecimal("-10.00"), amounts("1", "1", "1")))
                .containsExactlyElementsOf(amounts("-3.33", "-3.33", "-3.34"));
    }

    @Test
    void weights_of_mixed_sign_are_refused_with_the_values() {
        assertThatThrownBy(() -> Cents.apportion(BigDecimal.TEN, amounts("1", "-1", "3")))
                .hasMessageContaining("mixed sign").hasMessageContaining("[1, -1, 3]");
    }
}
