package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stacked Stripe discounts through the connector and the MRR rules: the folded canonical discount gives the MRR of
 * the discounts applied one after the other, under each discount policy. Values worked by hand in the fixtures'
 * README.md ({@code connectors/stripe-discounts}).
 */
class StripeDiscountStackMrrTest {
    static Map<String, SubscriptionItem> items;

    @BeforeAll
    static void read() throws Exception {
        items = StripePricingMrrTest.load(
                Path.of("../ingest/src/test/resources/connectors/stripe-discounts/subscriptions.jsonl"));
    }

    static BigDecimal mrr(String item, String date, DiscountPolicy policy) {
        return StripePricingMrrTest.mrr(items, item, date, policy);
    }

    @Test
    void stacked_discounts_give_the_mrr_of_applying_them_in_turn() {
        assertThat(mrr("si_S1", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("75");      // 100 × 0.8 − 5
        assertThat(mrr("si_S2", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("85.5");    // (100 − 5) × 0.9
        assertThat(mrr("si_S3", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("72");      // 100 × 0.8 × 0.9
        assertThat(mrr("si_S7", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("67.5");    // 100 × 0.75 × 0.9
        assertThat(mrr("si_S8", "2024-01-31", DiscountPolicy.ALL)).isZero();                        // 0 − 5, floored
        assertThat(mrr("si_S9", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("229.6875"); // 300 × 0.875²
    }

    @Test
    void stacked_forever_discounts_count_under_forever_only_and_none_gives_gross() {
        assertThat(mrr("si_S3", "2024-01-31", DiscountPolicy.FOREVER_ONLY)).isEqualByComparingTo("72");
        assertThat(mrr("si_S3", "2024-01-31", DiscountPolicy.NONE)).isEqualByComparingTo("100");
    }

    @Test
    void discounts_ending_together_stop_together() {
        // 100 × 0.5 − 10 = 40 through March; both end 2024-04-01
        assertThat(mrr("si_S5", "2024-03-31", DiscountPolicy.ALL)).isEqualByComparingTo("40");
        assertThat(mrr("si_S5", "2024-04-30", DiscountPolicy.ALL)).isEqualByComparingTo("100");
        assertThat(mrr("si_S5", "2024-03-31", DiscountPolicy.FOREVER_ONLY)).isEqualByComparingTo("100");
    }

    @Test
    void a_product_restricted_coupon_leaves_the_other_items_at_full_price() {
        assertThat(mrr("si_S6a", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("50");
        assertThat(mrr("si_S6b", "2024-01-31", DiscountPolicy.ALL)).isEqualByComparingTo("40");
    }

    @Test
    void items_whose_discounts_cannot_be_folded_are_not_given_an_mrr() {
        assertThat(items).doesNotContainKeys("si_S4", "si_S10");
    }
}
