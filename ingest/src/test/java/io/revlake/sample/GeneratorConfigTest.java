package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {
    @Test
    void a_valid_configuration_knows_its_last_month() {
        assertThat(new GeneratorConfig(1000, 36, 42, YearMonth.of(2023, 1)).lastMonth()).isEqualTo(YearMonth.of(2025, 12));
    }

    @Test
    void customers_and_months_must_be_positive_and_bounded() {
        assertThatThrownBy(() -> new GeneratorConfig(0, 12, 1, YearMonth.of(2023, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("customers must be between 1 and 10000000 (was 0)");
        assertThatThrownBy(() -> new GeneratorConfig(10, 0, 1, YearMonth.of(2023, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("months must be between 1 and 1200 (was 0)");
        assertThatThrownBy(() -> new GeneratorConfig(10, 1201, 1, YearMonth.of(2023, 1)))
                .hasMessage("months must be between 1 and 1200 (was 1201)");
    }

    @Test
    void the_start_month_is_required_and_sane() {
        assertThatThrownBy(() -> new GeneratorConfig(10, 12, 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("start");
        assertThatThrownBy(() -> new GeneratorConfig(10, 12, 1, YearMonth.of(1899, 12)))
                .hasMessage("start must be a month between 1900-01 and 9000-12 (was 1899-12)");
    }
}
