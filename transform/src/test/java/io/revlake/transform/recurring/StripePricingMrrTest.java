package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.SourceReaders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Stripe pricing fixtures through the Stripe connector and the MRR rules: a metered item has no MRR, a tiered item
 * has the MRR of its tiered amount, coupons given by id discount MRR until they end. Values worked by hand (see the
 * fixtures' README.md).
 */
class StripePricingMrrTest {
    static final Path SUBSCRIPTIONS = Path.of("../ingest/src/test/resources/connectors/stripe-pricing/subscriptions.jsonl");
    static Map<String, SubscriptionItem> items;

    @BeforeAll
    static void read() throws Exception {
        items = load(SUBSCRIPTIONS);
    }

    /** The accepted items of a Stripe subscriptions file, as the MRR rules see them. */
    static Map<String, SubscriptionItem> load(Path subscriptions) throws Exception {
        Map<String, SubscriptionItem> items = new TreeMap<>();
        List<SourceRecord> records = new ArrayList<>();
        SourceReaders.forName("stripe").read(subscriptions, records::add);
        for (SourceRecord r : records) {
            if (r.accepted()) {
                Map<String, String> v = r.values();
                items.put(v.get("item_id"), new SubscriptionItem(v.get("item_id"), v.get("customer_id"),
                        LocalDate.parse(v.get("start_date")), date(v.get("end_date")),
                        BillingInterval.parse(v.get("billing_interval")),
                        v.get("interval_count") == null ? 1 : Long.parseLong(v.get("interval_count")),
                        decimal(v.get("quantity")), decimal(v.get("unit_amount")), decimal(v.get("discount_pct")),
                        decimal(v.get("discount_amount")), date(v.get("discount_end")), v.get("currency"),
                        date(v.get("trial_end")), "true".equals(v.get("seat_based"))));
            }
        }
        return items;
    }

    static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    static BigDecimal decimal(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    static BigDecimal mrr(String item, String date) {
        return mrr(items, item, date, DiscountPolicy.ALL);
    }

    static BigDecimal mrr(Map<String, SubscriptionItem> items, String item, String date, DiscountPolicy policy) {
        MonthlyAmount m = items.get(item).monthlyOn(LocalDate.parse(date), policy);
        return m.numerator().divide(BigDecimal.valueOf(m.denominator()), 6, RoundingMode.HALF_UP);
    }

    @Test
    void a_metered_item_has_no_mrr_and_its_licensed_neighbour_keeps_its_own() {
        assertThat(mrr("si_M1", "2024-01-31")).isZero();
        assertThat(mrr("si_L1", "2024-01-31")).isZero();
        assertThat(mrr("si_MT1", "2024-01-31")).isZero();
        assertThat(mrr("si_M2", "2024-01-31")).isEqualByComparingTo("150.00");
    }

    @Test
    void a_tiered_item_has_the_mrr_of_its_tiered_amount() {
        assertThat(mrr("si_V10", "2024-01-31")).isEqualByComparingTo("150.00");
        assertThat(mrr("si_V11", "2024-01-31")).isEqualByComparingTo("108.00");
        assertThat(mrr("si_G25", "2024-01-31")).isEqualByComparingTo("305.00");
        assertThat(mrr("si_G5", "2024-01-31")).isEqualByComparingTo("75.00");
        assertThat(mrr("si_P1", "2024-01-31")).isEqualByComparingTo("100.00");
        // 1375 JPY a year: 1375 / 12 = 114.583333…
        assertThat(mrr("si_J1", "2024-01-31")).isEqualByComparingTo("114.583333");
        // seats are the tiered quantity where the unit amount is exact
        assertThat(items.get("si_G25").quantity()).isEqualByComparingTo("25");
    }

    @Test
    void coupons_given_by_id_discount_mrr_for_their_duration() {
        // REP3 50 % to 2024-04-01: 25.00, then 50.00
        assertThat(mrr("si_D1", "2024-03-31")).isEqualByComparingTo("25.00");
        assertThat(mrr("si_D1", "2024-04-30")).isEqualByComparingTo("50.00");
        // PCT20 forever: 40.00
        assertThat(mrr("si_D2", "2025-06-30")).isEqualByComparingTo("40.00");
        // AMT500 once on 300.00 a quarter: (300.00 − 5.00) / 3 for the first quarter, then 100.00
        assertThat(mrr("si_D3", "2024-01-31")).isEqualByComparingTo("98.333333");
        assertThat(mrr("si_D3", "2024-04-30")).isEqualByComparingTo("100.00");
        // an item's own ITEM10: 2 × 50.00 − 10.00
        assertThat(mrr("si_D7", "2024-01-31")).isEqualByComparingTo("90.00");
    }
}
