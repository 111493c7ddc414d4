package io.revlake.ingest.stripe;

import static io.revlake.ingest.stripe.StripePricingTest.perInterval;
import static io.revlake.ingest.stripe.StripePricingTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.ingest.ReaderRun;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several discounts on one Stripe subscription item: the item's own, then the subscription's, applied one after the
 * other and folded into the canonical item's one discount. Fixtures in {@code connectors/stripe-discounts}; the
 * expected rows and net amounts were worked by hand (its README.md has the table).
 */
class StripeDiscountStackTest {
    static ReaderRun subs;

    @BeforeAll
    static void read() throws Exception {
        subs = ReaderRun.of(StripePricingTest.STRIPE,
                Path.of("src/test/resources/connectors/stripe-discounts/subscriptions.jsonl"));
    }

    static Map<String, String> item(String id) {
        return record(subs, "item_id", id).values();
    }

    /** What the MRR rule charges per interval: amount × (1 − pct/100) − fixed, floored at 0 (docs/metrics.md). */
    static BigDecimal net(Map<String, String> v) {
        BigDecimal amount = perInterval(v);
        if (v.get("discount_pct") != null) {
            amount = amount.multiply(BigDecimal.ONE.subtract(new BigDecimal(v.get("discount_pct")).movePointLeft(2)));
        }
        if (v.get("discount_amount") != null) {
            amount = amount.subtract(new BigDecimal(v.get("discount_amount")));
        }
        return amount.max(BigDecimal.ZERO);
    }

    @Test
    void every_item_is_accepted_or_quarantined() {
        assertThat(subs.records()).hasSize(11);
        assertThat(subs.accepted().size() + subs.rejected().size()).isEqualTo(subs.records().size());
        assertThat(subs.reasons()).isEqualTo(Map.of("NOT_APPLICABLE", 1L, "CONFLICTING_VALUES", 1L));
    }

    @Test
    void item_discounts_apply_before_subscription_discounts_each_to_what_the_previous_left() {
        // 100 × 0.8 − 5 = 75
        assertThat(item("si_S1")).containsEntry("discount_pct", "20").containsEntry("discount_amount", "5.00")
                .containsEntry("discount_end", null);
        assertThat(net(item("si_S1"))).isEqualByComparingTo("75");
        // (100 − 5) × 0.9 = 85.5 = 100 × 0.9 − 4.50: the fixed amount before a percentage is reduced by it
        assertThat(item("si_S2")).containsEntry("discount_pct", "10").containsEntry("discount_amount", "4.50");
        assertThat(net(item("si_S2"))).isEqualByComparingTo("85.5");
        // 100 × 0.8 × 0.9 = 72: two percentages compound to 28 %, not 30 %
        assertThat(item("si_S3")).containsEntry("discount_pct", "28").containsEntry("discount_amount", null);
        assertThat(net(item("si_S3"))).isEqualByComparingTo("72");
        // 3 × 100 × 0.875² = 229.6875, exactly
        assertThat(item("si_S9")).containsEntry("discount_pct", "23.4375");
        assertThat(net(item("si_S9"))).isEqualByComparingTo("229.6875");
    }

    @Test
    void discounts_that_end_together_keep_their_common_end() {
        // both repeating 3 months from 2024-01-01: 100 × 0.5 − 10 = 40 until 2024-04-01
        assertThat(item("si_S5")).containsEntry("discount_pct", "50").containsEntry("discount_amount", "10.00")
                .containsEntry("discount_end", "2024-04-01");
        assertThat(net(item("si_S5"))).isEqualByComparingTo("40");
    }

    @Test
    void discounts_that_end_on_different_dates_are_quarantined_naming_each() {
        assertThat(subs.reasonOf("si_S4")).isEqualTo("NOT_APPLICABLE: the item has 2 stacked discounts that end on "
                + "different dates: di_p20 (discounts.0) forever, di_rep3 (parent discounts.0) until 2024-04-01; a "
                + "canonical item holds one discount end, so its MRR cannot be stated exactly");
    }

    @Test
    void a_coupon_restricted_to_products_discounts_only_their_items() {
        assertThat(item("si_S6a")).containsEntry("discount_pct", "50");
        assertThat(net(item("si_S6a"))).isEqualByComparingTo("50");
        assertThat(item("si_S6b")).containsEntry("discount_pct", null).containsEntry("discount_amount", null);
        assertThat(net(item("si_S6b"))).isEqualByComparingTo("40");
    }

    @Test
    void the_pre_basil_expanded_discount_is_read_where_the_list_names_it_by_id() {
        // di_legacy is not in discounts.jsonl: it is read from the subscription's expanded `discount`
        assertThat(item("si_S7")).containsEntry("discount_pct", "32.5");
        assertThat(net(item("si_S7"))).isEqualByComparingTo("67.5");
    }

    @Test
    void a_full_discount_and_a_fixed_amount_floor_at_zero() {
        assertThat(item("si_S8")).containsEntry("discount_pct", "100").containsEntry("discount_amount", "5.00");
        assertThat(net(item("si_S8"))).isEqualByComparingTo("0");
    }

    @Test
    void an_amount_off_coupon_in_another_currency_anywhere_in_the_stack_is_quarantined() {
        assertThat(subs.reasonOf("si_S10")).isEqualTo("CONFLICTING_VALUES: discount di_eur takes 5.00 EUR off an "
                + "item billed in USD (an amount_off coupon discounts in its own currency, so it must be the item's)");
    }
}
