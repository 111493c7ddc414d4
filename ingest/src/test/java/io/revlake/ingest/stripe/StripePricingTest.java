package io.revlake.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stripe pricing shapes: metered prices (usage, not MRR), tiered prices (volume and graduated), and coupons, discounts
 * and prices given by id and resolved from the objects of the same folder. Fixtures in
 * {@code connectors/stripe-pricing}, expected values worked by hand (see its README.md).
 */
class StripePricingTest {
    static final SourceReader STRIPE = SourceReaders.forName("stripe");
    static final Path DIR = Path.of("src/test/resources/connectors/stripe-pricing");
    static ReaderRun subs;
    static ReaderRun invoices;

    @BeforeAll
    static void read() throws Exception {
        subs = ReaderRun.of(STRIPE, DIR.resolve("subscriptions.jsonl"));
        invoices = ReaderRun.of(STRIPE, DIR.resolve("invoices.json"));
    }

    static Map<String, String> item(String id) {
        return record(subs, "item_id", id).values();
    }

    static SourceRecord record(ReaderRun run, String key, String id) {
        return run.accepted().stream().filter(r -> id.equals(r.values().get(key))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not accepted: " + run.rejected().stream()
                        .filter(r -> r.rawJson().contains("\"" + id + "\"")).map(r -> r.rejection().toString()).toList()));
    }

    /** unit_amount × quantity (quantity 1 when empty): the per-interval amount the transform bases MRR on. */
    static BigDecimal perInterval(Map<String, String> v) {
        BigDecimal q = v.get("quantity") == null ? BigDecimal.ONE : new BigDecimal(v.get("quantity"));
        return new BigDecimal(v.get("unit_amount")).multiply(q);
    }

    @Test
    void every_record_is_accepted_or_quarantined() {
        assertThat(subs.accepted().size() + subs.rejected().size()).isEqualTo(subs.records().size());
        assertThat(subs.records()).hasSize(21);
        assertThat(subs.reasons()).isEqualTo(Map.of("MISSING_VALUE", 1L, "UNRESOLVED_REFERENCE", 3L, "CONFLICTING_VALUES", 1L));
    }

    @Test
    void a_metered_item_carries_no_recurring_amount_and_is_not_seat_based() {
        // price_api: 0.02 USD per unit of usage, billed in arrears: no committed amount per interval.
        assertThat(item("si_M1")).containsEntry("unit_amount", "0").containsEntry("quantity", null)
                .containsEntry("seat_based", "false").containsEntry("billing_interval", "month");
        assertThat(record(subs, "item_id", "si_M1").extras()).containsEntry("usage_type", "metered")
                .containsEntry("usage_unit_amount", "0.02");
        // the licensed item beside it is unchanged: 3 × 50.00
        assertThat(item("si_M2")).containsEntry("unit_amount", "50.00").containsEntry("quantity", "3")
                .containsEntry("seat_based", "true");
        // legacy plan (no price) with usage_type metered
        assertThat(item("si_L1")).containsEntry("unit_amount", "0").containsEntry("seat_based", "false");
        // metered and tiered: usage tiers price usage, not a quantity, so they are not needed
        assertThat(item("si_MT1")).containsEntry("unit_amount", "0").containsEntry("seat_based", "false");
    }

    @Test
    void invoice_lines_of_metered_prices_are_usage() {
        // basil: the line names its price by id; price_api is metered (prices.json of the same folder)
        assertThat(record(invoices, "line_id", "il_u_basil").values()).containsEntry("line_type", "usage")
                .containsEntry("amount", "2.46");
        assertThat(record(invoices, "line_id", "il_seat_basil").values()).containsEntry("line_type", "subscription");
        // pre-basil: the line embeds price and plan
        assertThat(record(invoices, "line_id", "il_u_old").values()).containsEntry("line_type", "usage");
    }

    @Test
    void volume_tiers_price_the_whole_quantity_at_the_tier_it_falls_in_plus_that_tiers_flat_amount() {
        // tiers: ≤10 at 10.00 + 50.00 flat, ≤50 at 8.00 + 20.00 flat, above at 6.00
        // 10 is the last unit of tier 1: 10 × 10.00 + 50.00 = 150.00 = 10 × 15.00
        assertThat(item("si_V10")).containsEntry("quantity", "10").containsEntry("unit_amount", "15.00")
                .containsEntry("seat_based", "true");
        assertThat(record(subs, "item_id", "si_V10").extras()).containsEntry("tiered_amount", "150.00")
                .containsEntry("tiers_mode", "volume");
        // 11 falls in tier 2: 11 × 8.00 + 20.00 = 108.00; 108.00 / 11 is not exact: one unit of 108.00
        assertThat(item("si_V11")).containsEntry("quantity", "1").containsEntry("unit_amount", "108.00");
        assertThat(record(subs, "item_id", "si_V11").extras()).containsEntry("tiered_amount", "108.00")
                .containsEntry("tiered_quantity", "11");
        assertThat(perInterval(item("si_V11"))).isEqualByComparingTo("108.00");
    }

    @Test
    void graduated_tiers_price_each_slice_at_its_tier_plus_the_flat_amount_of_every_tier_reached() {
        // tiers: ≤5 at 10.00 + 25.00 flat, ≤20 at 7.00, above at 5.00 + 100.00 flat
        // 25: 5 × 10.00 + 25.00 + 15 × 7.00 + 5 × 5.00 + 100.00 = 75.00 + 105.00 + 125.00 = 305.00 = 25 × 12.20
        assertThat(item("si_G25")).containsEntry("quantity", "25").containsEntry("unit_amount", "12.20");
        assertThat(perInterval(item("si_G25"))).isEqualByComparingTo("305.00");
        // 5 ends exactly at tier 1's bound: tier 2 is not reached, so neither its units nor a flat amount
        assertThat(item("si_G5")).containsEntry("quantity", "5").containsEntry("unit_amount", "15.00");
        // JPY (no minor unit), yearly, a decimal tier price: 100 × 10 + 50 × 7.5 = 1375 JPY; 1375 / 150 not exact
        assertThat(item("si_J1")).containsEntry("quantity", "1").containsEntry("unit_amount", "1375")
                .containsEntry("currency", "JPY").containsEntry("billing_interval", "year");
    }

    @Test
    void a_tiered_price_without_its_tiers_is_quarantined_naming_them() {
        assertThat(subs.reasonOf("si_T1")).isEqualTo("MISSING_VALUE: price price_tiers_hidden is tiered (volume) but "
                + "its tiers are not present (Stripe returns price.tiers only when expanded, and no price object of "
                + "the batch has them), so the amount of quantity 4 cannot be computed");
        // the embedded price lacks tiers, the price object of prices.json has them: 3 × 30.00 + 10.00 = 100.00
        assertThat(item("si_P1")).containsEntry("quantity", "1").containsEntry("unit_amount", "100.00");
    }

    @Test
    void a_price_given_by_id_is_resolved_from_the_price_objects_of_the_batch() {
        assertThat(item("si_S1")).containsEntry("plan_id", "price_std").containsEntry("product_id", "prod_std")
                .containsEntry("unit_amount", "30.00").containsEntry("quantity", "2")
                .containsEntry("billing_interval", "month").containsEntry("currency", "USD");
        assertThat(subs.reasonOf("si_X1")).isEqualTo("UNRESOLVED_REFERENCE: price 'price_missing' (price) is an id "
                + "and no price object with that id is in the batch");
    }

    @Test
    void coupons_and_discounts_given_by_id_are_resolved_from_the_batch() {
        // discounts ["di_rep"] → discounts.jsonl → coupon REP3 (50 %, repeating 3 months), end from the discount
        assertThat(item("si_D1")).containsEntry("discount_pct", "50").containsEntry("discount_amount", null)
                .containsEntry("discount_end", "2024-04-01");
        // source.coupon "PCT20": 20 % forever
        assertThat(item("si_D2")).containsEntry("discount_pct", "20").containsEntry("discount_end", null);
        // AMT500: 5.00 USD once, on an item billed every 3 months from 2024-01-01: one interval, to 2024-04-01
        assertThat(item("si_D3")).containsEntry("discount_pct", null).containsEntry("discount_amount", "5.00")
                .containsEntry("discount_end", "2024-04-01");
        // REP3 on a discount without an end, from 2024-02-01: 3 months, to 2024-05-01
        assertThat(item("si_D6")).containsEntry("discount_pct", "50").containsEntry("discount_end", "2024-05-01");
        // an item's own discount id → ITEM10: 10.00 USD forever
        assertThat(item("si_D7")).containsEntry("discount_amount", "10.00").containsEntry("discount_pct", null)
                .containsEntry("discount_end", null);
    }

    @Test
    void a_coupon_or_discount_id_that_cannot_be_resolved_is_quarantined_naming_it() {
        assertThat(subs.reasonOf("si_D4")).isEqualTo("UNRESOLVED_REFERENCE: coupon 'GHOST' "
                + "(parent discounts.0.source.coupon) is an id and no coupon object with that id is in the batch");
        assertThat(subs.reasonOf("si_D5")).isEqualTo("UNRESOLVED_REFERENCE: discount 'di_missing' "
                + "(parent discounts.0) is an id and no discount object with that id is in the batch");
    }

    @Test
    void an_amount_off_coupon_in_another_currency_than_the_item_is_quarantined() {
        // EUR5 takes 5.00 EUR off; the item is billed in USD: subtracting it would mix currencies
        assertThat(subs.reasonOf("si_D8")).isEqualTo("CONFLICTING_VALUES: discount di_eur takes 5.00 EUR off an item "
                + "billed in USD (an amount_off coupon discounts in its own currency, so it must be the item's)");
        // a percent_off coupon has no currency to agree on
        assertThat(item("si_D2")).containsEntry("currency", "USD");
    }

    @Test
    void the_real_shaped_coupon_discount_and_price_objects_resolve_ids(@TempDir Path batch) throws Exception {
        // the shared fixtures as a batch: coupon Z4OV52SU (25.5 % forever), the pre-basil discount di_1Pgc6r… with
        // its coupon embedded (repeating, end 1234567890 = 2009-02-13), price price_1Pgafm… (20.00 a month)
        Files.copy(ReaderRun.shared("stripe", "coupon.json"), batch.resolve("coupon.json"));
        Files.copy(ReaderRun.shared("stripe", "pre-basil-2025-02", "discount.json"), batch.resolve("discount.json"));
        Files.copy(ReaderRun.shared("stripe", "price.json"), batch.resolve("price.json"));
        Path subs = Files.writeString(batch.resolve("subscriptions.jsonl"), String.join("\n",
                "{\"id\": \"sub_1\", \"object\": \"subscription\", \"customer\": \"cus_1\", \"currency\": \"usd\", "
                        + "\"start_date\": 1704067200, \"discounts\": [{\"id\": \"di_x\", \"object\": \"discount\", "
                        + "\"start\": 1704067200, \"end\": null, \"source\": {\"type\": \"coupon\", \"coupon\": \"Z4OV52SU\"}}], "
                        + "\"items\": {\"object\": \"list\", \"data\": [{\"id\": \"si_1\", \"quantity\": 2, "
                        + "\"price\": \"price_1PgafmB7WZ01zgkW6dKueIc5\"}]}}",
                "{\"id\": \"sub_2\", \"object\": \"subscription\", \"customer\": \"cus_1\", \"currency\": \"usd\", "
                        + "\"start_date\": 1704067200, \"discounts\": [\"di_1Pgc6rB7WZ01zgkW7Al8Fal9\"], "
                        + "\"items\": {\"object\": \"list\", \"data\": [{\"id\": \"si_2\", \"quantity\": 1, "
                        + "\"price\": \"price_1PgafmB7WZ01zgkW6dKueIc5\"}]}}"));
        ReaderRun run = ReaderRun.of(STRIPE, subs);
        assertThat(run.accepted()).hasSize(2);
        assertThat(run.accepted().get(0).values()).containsEntry("unit_amount", "20.00").containsEntry("quantity", "2")
                .containsEntry("product_id", "prod_QXg1hqf4jFNsqG").containsEntry("billing_interval", "month")
                .containsEntry("discount_pct", "25.5").containsEntry("discount_end", null);
        assertThat(run.accepted().get(1).values()).containsEntry("discount_pct", "25.5")
                .containsEntry("discount_end", "2009-02-13");
        assertThat(ReaderRun.of(STRIPE, batch.resolve("coupon.json")).outcome().note())
                .isEqualTo("records without a mapping rule, not ingested: coupon ×1 (read as a lookup, to resolve ids "
                        + "in other records)");
    }
}
