package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.finance.SspAllocator.Allocation;
import io.revlake.transform.finance.SspAllocator.Candidate;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Allocation of the transaction price by relative standalone selling price, with hand-worked cases and published
 * illustrative examples matched to the unit they are published in.
 */
class SspAllocatorTest {
    static final RecognitionMethod RATABLE = RecognitionMethod.RATABLE;
    static final RecognitionMethod POINT = RecognitionMethod.POINT_IN_TIME;

    static Candidate c(String id, RecognitionMethod method, String ssp) {
        return new Candidate(id, method, ssp == null ? null : new BigDecimal(ssp), null);
    }

    static List<BigDecimal> allocated(List<Allocation> allocations) {
        return allocations.stream().map(Allocation::allocated).toList();
    }

    static List<BigDecimal> amounts(String... values) {
        return CentsTest.amounts(values);
    }

    @Test
    void a_discounted_bundle_spreads_the_discount_over_licence_implementation_and_support() {
        // SSPs: licence 700.00, implementation 200.00, support 300.00 = 1,200.00; the bundle sells for 1,000.00.
        // 1,000 × 700/1,200 = 583.333…, × 200/1,200 = 166.666…, × 300/1,200 = 250.00
        // floors 583.33 + 166.66 + 250.00 = 999.99; the cent goes to the largest remainder (.00666 implementation)
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("1000.00"), List.of(c("licence", POINT, "700"),
                c("implementation", RATABLE, "200"), c("support", RATABLE, "300")));
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("583.33", "166.67", "250.00"));
        assertThat(a).extracting(Allocation::sspSource).containsOnly(SspAllocator.SOURCE_SSP);
    }

    @Test
    void asc_606_example_33_allocation_methodology_matches_the_published_whole_dollars() {
        // ASC 606-10-55-256 to 55-258 (Example 33, Allocation Methodology): Products A, B and C for $100 with
        // standalone selling prices $50 (observable), $25 (adjusted market assessment) and $75 (expected cost plus a
        // margin), total $150. Published allocation: A $33, B $17, C $50.
        // 100 × 50/150 = 33.33, × 25/150 = 16.67, × 75/150 = 50 → whole dollars by largest remainder: 33 + 16 + 50 =
        // 99, the dollar goes to B (.67) → 33, 17, 50.
        List<Candidate> abc = List.of(c("A", POINT, "50"), c("B", POINT, "25"), c("C", POINT, "75"));
        assertThat(allocated(SspAllocator.allocate(new BigDecimal("100"), abc, 0)))
                .containsExactlyElementsOf(amounts("33", "17", "50"));
        // and to the cent: 33.33 + 16.66 + 50.00 = 99.99, the cent to B (.00667) → 33.33, 16.67, 50.00
        assertThat(allocated(SspAllocator.allocate(new BigDecimal("100.00"), abc)))
                .containsExactlyElementsOf(amounts("33.33", "16.67", "50.00"));
    }

    @Test
    void asc_606_example_34_case_a_allocates_the_bundle_discount_within_products_b_and_c() {
        // ASC 606-10-55, Example 34 (from 55-259): standalone selling prices A $40, B $55, C $45; B and C are
        // regularly sold together for $60, so the $40 discount of a $100 contract for A, B and C belongs to B and C.
        // Published: A $40, B $33 ($55 ÷ $100 × $60), C $27 ($45 ÷ $100 × $60).
        // RevLake has no "discount belongs to some obligations" flag: the B+C bundle is allocated as its own price.
        assertThat(allocated(SspAllocator.allocate(new BigDecimal("60"),
                List.of(c("B", POINT, "55"), c("C", POINT, "45")), 0))).containsExactlyElementsOf(amounts("33", "27"));
        // Without that evidence the relative SSP method spreads the $40 over all three: 28.57 + 39.29 + 32.14 = 100.
        assertThat(allocated(SspAllocator.allocate(new BigDecimal("100.00"),
                List.of(c("A", POINT, "40"), c("B", POINT, "55"), c("C", POINT, "45")))))
                .containsExactlyElementsOf(amounts("28.57", "39.29", "32.14"));
    }

    @Test
    void asc_606_example_34_case_b_gives_product_d_the_residual_30() {
        // Example 34, Case B (residual approach): A, B, C and D for $130; D's standalone selling price is highly
        // variable, so it is estimated by the residual approach: $130 − ($40 for A + $60 for the B and C bundle) = $30.
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("130"), List.of(c("A", POINT, "40"),
                c("BC", POINT, "60"), c("D", POINT, null)), 0);
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("40", "60", "30"));
        assertThat(a.get(2).sspSource()).isEqualTo(SspAllocator.SOURCE_RESIDUAL);
        assertThat(a.get(2).sspUsed()).isEqualByComparingTo("30");
    }

    @Test
    void ifrs_15_example_35_case_a_allocates_the_royalty_estimate_entirely_to_licence_y() {
        // IFRS 15 IE178-IE182 (Example 35, Case A; ASC 606-10-55, Example 35): licences X and Y, standalone selling
        // prices CU800 and CU1,000; X is a fixed CU800, Y is paid by a 3 % royalty estimated at CU1,000. The variable
        // consideration relates only to Y, so X gets CU800 and Y CU1,000 (not 1,800 × 800/1,800 and × 1,000/1,800).
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("1800.00"), List.of(c("X", POINT, "800"),
                new Candidate("Y", RecognitionMethod.USAGE, new BigDecimal("1000"), null)));
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("800.00", "1000.00"));
        assertThat(a.get(1).sspSource()).isEqualTo(SspAllocator.SOURCE_VARIABLE);
    }

    @Test
    void kpmg_telco_bundle_discount_needs_the_largest_remainder_to_reproduce_18_27_35() {
        // KPMG, Revenue – IFRS 15 Handbook (2019), §4.2, Example 5: phone 20, internet 30, television 40 per month;
        // all three for 80 (a discount of 10 spread over all three). Published allocation: 18, 27, 35.
        // 80 × 20/90 = 17.78, × 30/90 = 26.67, × 40/90 = 35.56: rounding each to the unit gives 18 + 27 + 36 = 81;
        // largest remainder gives floors 17 + 26 + 35 = 78 and the two units to .78 and .67 → 18, 27, 35 = 80.
        assertThat(allocated(SspAllocator.allocate(new BigDecimal("80"), List.of(c("phone", RATABLE, "20"),
                c("internet", RATABLE, "30"), c("tv", RATABLE, "40")), 0)))
                .containsExactlyElementsOf(amounts("18", "27", "35"));
    }

    @Test
    void a_missing_ssp_falls_back_to_the_list_price_then_to_the_residual() {
        // price 1,000.00; A SSP 600; B no SSP but billed at (list price) 300; C nothing: residual 1,000 − 900 = 100
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("1000.00"), List.of(c("A", POINT, "600"),
                new Candidate("B", RATABLE, BigDecimal.ZERO, new BigDecimal("300")), c("C", RATABLE, null)));
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("600.00", "300.00", "100.00"));
        assertThat(a).extracting(Allocation::sspSource).containsExactly(SspAllocator.SOURCE_SSP,
                SspAllocator.SOURCE_LIST_PRICE, SspAllocator.SOURCE_RESIDUAL);
    }

    @Test
    void a_residual_with_nothing_left_gets_zero_and_the_known_ones_share_the_price() {
        // price 800: A 600 and B 400 known (1,000 > 800) → no residual for C; A 480, B 320, C 0
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("800.00"), List.of(c("A", POINT, "600"),
                c("B", POINT, "400"), c("C", POINT, null)));
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("480.00", "320.00", "0.00"));
    }

    @Test
    void usage_estimates_beyond_the_price_fall_back_to_relative_estimates() {
        // price 100; fixed A SSP 50; usage U estimated at 150 > 100 → all by relative 50 : 150 → 25, 75
        List<Allocation> a = SspAllocator.allocate(new BigDecimal("100.00"), List.of(c("A", POINT, "50"),
                new Candidate("U", RecognitionMethod.USAGE, new BigDecimal("150"), null)));
        assertThat(allocated(a)).containsExactlyElementsOf(amounts("25.00", "75.00"));
    }
}
