package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinanceFallbackTest {
    static final List<String> COLUMNS = List.of("kind", "customer_id", "m1");
    static final Map<String, String> POLICY = Map.of("waterfall_rows", "billing", "reporting_currency", "USD");

    @Test
    void stored_facts_under_the_same_policy_and_columns_are_reused() {
        Map<String, String> previous = Map.of("waterfall_rows", "billing", "reporting_currency", "USD",
                "discounts", "net");
        assertThat(FinanceFallback.reason(previous, POLICY, COLUMNS, List.of("customer_id", "kind", "m1"), 4L, 4)).isEmpty();
    }

    @Test
    void no_stored_facts_means_every_customer_is_recomputed() {
        assertThat(FinanceFallback.reason(POLICY, POLICY, COLUMNS, null, null, -1)).hasValueSatisfying(r ->
                assertThat(r).startsWith("no stored finance facts"));
    }

    @Test
    void a_changed_reporting_currency_or_finance_policy_says_which_and_both_values() {
        assertThat(FinanceFallback.reason(Map.of("waterfall_rows", "billing", "reporting_currency", "EUR"), POLICY,
                COLUMNS, COLUMNS, 4L, 4)).hasValue("finance policy reporting_currency differs from the previous run's"
                + " (EUR then, USD now)");
        assertThat(FinanceFallback.reason(Map.of("reporting_currency", "USD"), POLICY, COLUMNS, COLUMNS, 4L, 4))
                .hasValue("finance policy waterfall_rows differs from the previous run's (null then, billing now)");
    }

    @Test
    void facts_written_after_the_previous_run_or_never_recorded_are_not_reused() {
        assertThat(FinanceFallback.reason(POLICY, POLICY, COLUMNS, COLUMNS, 4L, 5)).hasValue("the stored finance facts"
                + " (version 5) are not those the previous run wrote (version 4)");
        assertThat(FinanceFallback.reason(POLICY, POLICY, COLUMNS, COLUMNS, null, 5)).hasValue("the previous run did"
                + " not record the version of the finance facts it wrote");
    }

    @Test
    void stored_facts_with_other_columns_are_not_reused() {
        assertThat(FinanceFallback.reason(POLICY, POLICY, COLUMNS, List.of("kind", "customer_id", "m2"), 4L, 4))
                .hasValue("the stored finance facts lack [m1] and have [m2] beyond the catalog");
    }
}
