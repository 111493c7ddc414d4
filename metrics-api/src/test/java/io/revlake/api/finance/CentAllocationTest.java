package io.revlake.api.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CentAllocationTest {

    @Test
    void three_customers_whose_own_conversions_miss_the_currency_total_by_a_cent_get_it_by_largest_remainder() {
        // EUR 10.05 + 20.05 + 30.05 = 60.15 at 1.10: the total converts to 66.165 → 66.17; each part on its own
        // gives 11.06 (11.055) + 22.06 (22.055) + 33.06 (33.055) = 66.18, a cent too many. Floors 11.05 + 22.05 +
        // 33.05 = 66.15 leave 2 cents for the three equal remainders (0.5 cent each): the first two keys get them.
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("c-1", 1005L);
        parts.put("c-2", 2005L);
        parts.put("c-3", 3005L);
        Map<String, Long> out = CentAllocation.allocate(parts, new BigDecimal("1.10"), 6617);
        assertThat(out).containsExactly(Map.entry("c-1", 1106L), Map.entry("c-2", 2206L), Map.entry("c-3", 3305L));
        assertThat(out.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6617);
    }

    @Test
    void negative_parts_such_as_a_credit_note_reversal_are_allocated_too() {
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("a", 1001L);  // 12.5125
        parts.put("b", -333L);  // -4.1625
        Map<String, Long> out = CentAllocation.allocate(parts, new BigDecimal("1.25"), 835); // 8.35 = 6.68 × 1.25
        assertThat(out.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(835);
        assertThat(out).containsEntry("a", 1251L).containsEntry("b", -416L);
    }

    @Test
    void the_docs_example_of_a_deferred_balance_split_over_two_customers() {
        // docs/finance.md: USD 60.05 + 40.05 = 100.10 at 1.10 reports 110.11; floors 66.05 + 44.05 leave one cent
        // for two equal remainders (0.5), which goes to the first key.
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("A", 6005L);
        parts.put("B", 4005L);
        assertThat(CentAllocation.allocate(parts, new BigDecimal("1.10"), 11011))
                .containsExactly(Map.entry("A", 6606L), Map.entry("B", 4405L));
    }

    @Test
    void a_total_that_is_not_the_parts_converted_is_refused() {
        assertThatThrownBy(() -> CentAllocation.allocate(Map.of("a", 100L), BigDecimal.ONE, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(100)");
    }
}
