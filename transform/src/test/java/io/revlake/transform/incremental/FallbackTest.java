package io.revlake.transform.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.recurring.RecurringConfig;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FallbackTest {
    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);
    static final Map<String, String> POLICY = RecurringConfig.defaults(AS_OF).policy(null);
    static final Map<String, Long> BRONZE = Map.of("bronze.canonical_invoices", 4L, "bronze.canonical_fx_rates", 2L);
    static final Set<String> FX = Set.of("bronze.canonical_fx_rates");

    static Optional<Fallback.PreviousRun> previous(Map<String, Long> inputs) {
        Map<String, String> recorded = new HashMap<>(RecurringConfig.defaults(AS_OF).policy(java.time.YearMonth.of(2023, 1)));
        recorded.put("clv_annual_discount_rate", "0.1");
        return Optional.of(new Fallback.PreviousRun("run-1", AS_OF, recorded, Optional.ofNullable(inputs)));
    }

    static Optional<String> reason(Optional<Fallback.PreviousRun> previous, Map<String, Long> bronze) {
        return Fallback.reason(previous, AS_OF, POLICY, bronze, FX, List.of());
    }

    @Test
    void new_rows_in_bronze_since_the_previous_run_allow_an_incremental_refresh() {
        assertThat(reason(previous(Map.of("bronze.canonical_invoices", 3L, "bronze.canonical_fx_rates", 2L)), BRONZE))
                .isEmpty();
    }

    @Test
    void without_a_previous_run_the_build_is_full() {
        assertThat(reason(Optional.empty(), BRONZE)).contains("no previous transform run to start from");
    }

    @Test
    void a_previous_run_without_recorded_bronze_versions_cannot_be_a_base() {
        assertThat(reason(previous(null), BRONZE)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("the previous run run-1 did not record the bronze versions it read"));
    }

    @Test
    void another_as_of_date_needs_a_full_rebuild() {
        var r = Fallback.reason(previous(BRONZE), AS_OF.plusDays(1), RecurringConfig.defaults(AS_OF.plusDays(1))
                .policy(null), BRONZE, FX, List.of());
        assertThat(r).contains("the as-of date differs from the previous run's (2024-12-31 then, 2025-01-01 now)");
    }

    @Test
    void another_policy_needs_a_full_rebuild() {
        Map<String, String> policy = new HashMap<>(POLICY);
        policy.put("discounts", "none");
        assertThat(Fallback.reason(previous(BRONZE), AS_OF, policy, BRONZE, FX, List.of()))
                .contains("policy discounts differs from the previous run's (all then, none now)");
    }

    @Test
    void changed_fx_rates_need_a_full_rebuild() {
        assertThat(reason(previous(Map.of("bronze.canonical_invoices", 4L, "bronze.canonical_fx_rates", 1L)), BRONZE))
                .hasValueSatisfying(r -> assertThat(r)
                        .startsWith("FX rates changed (bronze.canonical_fx_rates version 1 → 2)"));
    }

    @Test
    void a_new_a_gone_or_a_recreated_bronze_table_needs_a_full_rebuild() {
        assertThat(reason(previous(Map.of("bronze.canonical_invoices", 4L)), BRONZE))
                .contains("bronze table bronze.canonical_fx_rates is new since the previous run");
        assertThat(reason(previous(Map.of("bronze.canonical_invoices", 4L, "bronze.canonical_fx_rates", 2L,
                "bronze.stripe_invoices", 9L)), BRONZE))
                .contains("bronze table bronze.stripe_invoices is gone since the previous run");
        assertThat(reason(previous(Map.of("bronze.canonical_invoices", 7L, "bronze.canonical_fx_rates", 2L)), BRONZE))
                .contains("bronze table bronze.canonical_invoices was recreated (version 4 now, 7 at the previous run)");
    }

    @Test
    void a_schema_change_needs_a_full_rebuild() {
        var error = Fallback.schemaError("silver.invoices", List.of("invoice_id", "total", "tax"),
                List.of("invoice_id", "total", "legacy"));
        assertThat(error).contains("silver.invoices lacks [tax] and has [legacy] beyond the catalog");
        assertThat(Fallback.schemaError("silver.invoices", List.of("a", "b"), List.of("b", "a"))).isEmpty();
        assertThat(Fallback.reason(previous(BRONZE), AS_OF, POLICY, BRONZE, FX, List.of(error.get())))
                .contains("schema changed: silver.invoices lacks [tax] and has [legacy] beyond the catalog");
    }

    @Test
    void the_same_matched_records_allow_an_incremental_refresh_whatever_else_the_identity_map_says() {
        assertThat(Fallback.identityChange(Map.of("stripe/cus_1", "001A"), Map.of("stripe/cus_1", "001A"))).isEmpty();
    }

    @Test
    void a_record_matched_anew_or_to_another_customer_forces_a_full_rebuild_naming_it() {
        assertThat(Fallback.identityChange(Map.of("stripe/cus_1", "001A", "erp/E1", "001A"),
                Map.of("stripe/cus_1", "001B", "salesforce/001C", "001C")))
                .contains("the identity map changed for 3 customer records (erp/E1: 001A then, not matched now; "
                        + "salesforce/001C: not matched then, 001C now; stripe/cus_1: 001A then, 001B now): their facts"
                        + " move to another customer");
    }
}
