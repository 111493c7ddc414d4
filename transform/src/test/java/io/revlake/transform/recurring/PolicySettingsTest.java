package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.catalog.PolicyOptions;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policy options written as text (the jobs file's policy.* keys) → the transform's settings. */
class PolicySettingsTest {
    static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

    @Test
    void no_options_are_the_defaults_and_each_option_sets_its_setting() {
        assertThat(PolicySettings.config(AS_OF, Map.of())).isEqualTo(RecurringConfig.defaults(AS_OF));
        RecurringConfig c = PolicySettings.config(AS_OF, Map.of("discounts", "forever_only", "same_month_churn",
                "count", "fx_date", "invoice_date", "arpu_unit", "seat", "gross_margin", "0.75",
                "constant_currency_base", "2023-01"));
        assertThat(c).isEqualTo(new RecurringConfig(AS_OF, DiscountPolicy.FOREVER_ONLY, "USD",
                Optional.of(YearMonth.of(2023, 1)), new SummaryPolicy(SummaryPolicy.ArpuUnit.SEAT,
                new BigDecimal("0.75")), FxDatePolicy.INVOICE_DATE, SameMonthChurnPolicy.COUNT));
        // What the run records is what was set.
        assertThat(c.policy(YearMonth.of(2023, 1))).containsEntry("discounts", "forever_only")
                .containsEntry("same_month_churn", "count").containsEntry("fx_date", "invoice_date")
                .containsEntry("arpu_unit", "seat").containsEntry("gross_margin", "0.75");
    }

    @Test
    void every_unknown_option_and_bad_value_is_named_at_once() {
        assertThatThrownBy(() -> PolicySettings.config(AS_OF, Map.of("discounts", "half", "constant_currency_base",
                "Jan", "gross_margin", "0", "currency", "EUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy option 'currency'")
                .hasMessageContaining("discounts: 'half' is not accepted (all, forever_only, none)")
                .hasMessageContaining("constant_currency_base: 'Jan' is not accepted (a month YYYY-MM)")
                .hasMessageContaining("gross_margin: '0' is not accepted (a number in (0, 1])");
    }

    @Test
    void the_accepted_values_are_those_the_settings_parse_and_record() {
        assertThat(PolicyOptions.CHOICES.get("discounts")).containsExactlyElementsOf(java.util.Arrays.stream(
                DiscountPolicy.values()).map(DiscountPolicy::settingValue).toList());
        assertThat(PolicyOptions.CHOICES.get("same_month_churn")).containsExactlyElementsOf(java.util.Arrays.stream(
                SameMonthChurnPolicy.values()).map(SameMonthChurnPolicy::settingValue).toList());
        assertThat(PolicyOptions.CHOICES.get("fx_date")).containsExactlyElementsOf(java.util.Arrays.stream(
                FxDatePolicy.values()).map(FxDatePolicy::settingValue).toList());
        assertThat(PolicyOptions.CHOICES.get("arpu_unit")).containsExactlyElementsOf(java.util.Arrays.stream(
                SummaryPolicy.ArpuUnit.values()).map(SummaryPolicy.ArpuUnit::settingValue).toList());
        // Each option's first value is the default a run gets without it.
        assertThat(RecurringConfig.defaults(AS_OF).policy(null)).containsEntry("discounts", "all")
                .containsEntry("same_month_churn", "ignore").containsEntry("fx_date", "month_end")
                .containsEntry("arpu_unit", "customer");
    }
}
