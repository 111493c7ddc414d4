package io.revlake.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReaderRun;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceReaders;
import io.revlake.ingest.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stripe API JSON → canonical records through revlake/mappings/stripe.json, without Spark. */
class StripeConnectorTest {
    static final SourceReader STRIPE = SourceReaders.forName("stripe");
    static Map<String, ReaderRun> samples;

    @BeforeAll
    static void readEverySample() throws Exception {
        samples = ReaderRun.all(STRIPE, ReaderRun.shared("stripe"));
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/connectors").resolve(name);
    }

    @Test
    void every_sample_file_of_both_api_shapes_is_read_and_every_record_is_accounted_for() {
        assertThat(samples.keySet()).hasSize(34).contains("invoice.json", "pre-basil-2025-02/invoice.json",
                "subscription.json", "pre-basil-2025-02/subscription.json");
        samples.values().forEach(run -> {
            assertThat(run.records()).allSatisfy(r -> assertThat(r.rawJson()).startsWith("{"));
            assertThat(run.accepted().size() + run.tombstones().size() + run.rejected().size())
                    .isEqualTo(run.records().size());
        });
        long records = samples.values().stream().mapToLong(r -> r.records().size()).sum();
        assertThat(records).isEqualTo(18);
    }

    @Test
    void placeholder_periods_and_interval_counts_of_the_fixtures_are_quarantined_with_precise_reasons() {
        assertThat(samples.get("subscription.json").reasonOf("si_QXhVnC2h0Jczwc")).isEqualTo(
                "INVALID_PERIOD: current_period_end 976287773 (2000-12-08) is before current_period_start 1896570518 "
                        + "(2030-02-06) (a billing period cannot end before it starts)");
        assertThat(samples.get("subscription_item.json").reasonOf("si_QXhVBoJ7NQdNXh")).startsWith("INVALID_PERIOD");
        assertThat(samples.get("pre-basil-2025-02/subscription.json").reasonOf("si_QXhVnC2h0Jczwc")).isEqualTo(
                "OUT_OF_RANGE: plan.interval_count 797691627 is out of range (at most 156) "
                        + "(Stripe allows at most 3 years: 156 weeks, 36 months, 3 years)");
        assertThat(samples.get("credit_note.json").reasonOf("cn_1Pgc75B7WZ01zgkWJMPt5riP"))
                .startsWith("CONFLICTING_VALUES: voided_at 1234567890 (2009-02-13) is set but status = void is not true");
        assertThat(samples.get("line_item.json").reasonOf("il_tmp_1Pgc6sB7WZ01zgkWrG16hkdl"))
                .isEqualTo("CONFLICTING_VALUES: amount is 1000 but subtotal is 2060319484 "
                        + "(a line's subtotal before discounts and taxes cannot differ from its amount)");
        assertThat(samples.get("invoice.json").reasons()).isEqualTo(Map.of("NOT_APPLICABLE", 2L));
        assertThat(samples.get("charge.json").reasonOf("ch_1PgafuB7WZ01zgkWXYmPNZs8"))
                .isEqualTo("MISSING_VALUE: customer_id is required but empty");
        assertThat(samples.get("payment_intent.json").reasons()).containsOnlyKeys("NOT_APPLICABLE");
    }

    @Test
    void sample_objects_without_a_canonical_entity_are_reported_not_silently_dropped() {
        assertThat(samples.get("product.json").records()).isEmpty();
        assertThat(samples.get("product.json").outcome().note()).contains("product ×1");
        assertThat(samples.get("event.json").outcome().note()).contains("plan ×1");
        assertThat(samples.get("customer.json").accepted()).singleElement()
                .satisfies(r -> assertThat(ReaderRun.line(r))
                        .isEqualTo("cus_QXg1o8vcGmoR32|||USD|2009-02-13T23:31:30Z||cus_QXg1o8vcGmoR32|"));
        assertThat(samples.get("deleted_customer.json").tombstones()).singleElement()
                .satisfies(r -> assertThat(r.values().get("customer_id")).isEqualTo("cus_QXg1o8vcGmoR32"));
        assertThat(samples.get("pre-basil-2025-02/line_item.json").accepted()).singleElement()
                .satisfies(r -> assertThat(ReaderRun.line(r))
                        .isEqualTo("il_tmp_1Pgc6sB7WZ01zgkWrG16hkdl|in_1Pgc6tB7WZ01zgkWu9fdqL6I||prod_QXg1hqf4jFNsqG|one_time|10.00|1|2024-07-26|2024-07-27"));
    }

    @Test
    void hand_checked_objects_map_to_the_expected_canonical_rows() throws Exception {
        Map<String, ReaderRun> runs = ReaderRun.all(STRIPE, fixture("stripe"));
        List<String> actual = new ArrayList<>();
        for (ReaderRun run : runs.values()) {
            for (SourceRecord r : run.records()) {
                if (r.accepted()) {
                    actual.add(r.entity().fileStem() + "," + ReaderRun.line(r));
                }
            }
        }
        List<String> expected = Files.readAllLines(fixture("stripe/expected.csv")).stream().skip(1).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(runs.get("payments.jsonl").reasons())
                .isEqualTo(Map.of("DUPLICATE_KEY", 1L, "NOT_APPLICABLE", 1L));
        assertThat(runs.get("payments.jsonl").reasonOf("ch_2"))
                .isEqualTo("NOT_APPLICABLE: status 'failed' is not one of succeeded (only a succeeded charge is a payment)");
    }

    @Test
    void lines_of_a_list_page_are_located_by_object_and_position() throws Exception {
        ReaderRun invoices = ReaderRun.of(STRIPE, fixture("stripe/invoices.json"));
        assertThat(invoices.records()).extracting(SourceRecord::locator).contains(
                "line 1, data[0] (invoice in_paid1) → invoices",
                "line 1, data[0] (invoice in_paid1, lines.data[1]) → invoice_lines");
        assertThat(invoices.records()).extracting(SourceRecord::recordNumber).containsExactly(1L, 2L, 3L, 4L, 5L);
        SourceRecord line = invoices.accepted().stream().filter(r -> "il_1".equals(r.values().get("line_id")))
                .findFirst().orElseThrow();
        assertThat(line.extras()).containsEntry("price_id", "price_basic").containsEntry("proration", "false");
    }

    @Test
    void each_kind_of_bad_input_is_quarantined_with_its_reason_code() throws Exception {
        ReaderRun bad = ReaderRun.of(STRIPE, fixture("stripe-bad/bad.jsonl"));
        assertThat(bad.reasonOf("si_P1")).isEqualTo("INVALID_PERIOD: current_period_end 1704067200 (2024-01-01) is "
                + "before current_period_start 1706745600 (2024-02-01) (a billing period cannot end before it starts)");
        assertThat(bad.reasonOf("si_Q1")).isEqualTo("INVALID_VALUE: billing_interval 'day' is not valid "
                + "(expected one of week, month, quarter, year)");
        assertThat(bad.reasonOf("si_Q2")).isEqualTo("CONFLICTING_VALUES: price.recurring.interval_count is 3 but "
                + "plan.interval_count is 6 (the item's price and plan must describe the same billing interval)");
        assertThat(bad.reasonOf("in_draft")).startsWith("NOT_APPLICABLE: status 'draft' is not one of open, paid, void, uncollectible");
        assertThat(bad.reasonOf("il_d1")).startsWith("NOT_APPLICABLE: parent status 'draft'");
        assertThat(bad.reasonOf("in_xyz")).isEqualTo("UNKNOWN_CURRENCY: currency 'xyz' of subtotal is not an ISO 4217 "
                + "code, so the minor-unit amount 100 cannot be converted");
        assertThat(bad.reasonOf("cus_T")).isEqualTo("INVALID_TIMESTAMP: created 'yesterday' is not valid (expected Unix epoch seconds)");
        assertThat(bad.reasons()).containsEntry("DUPLICATE_KEY", 1L);
        assertThat(bad.accepted()).extracting(r -> r.values().get("customer_id")).containsExactly("cus_D");
        assertThat(bad.outcome().note()).isEqualTo("records without a mapping rule, not ingested: tax_rate ×1");
        assertThat(bad.records()).hasSize(9);
    }

    @Test
    void broken_json_rejects_the_whole_file_naming_the_line() {
        assertThatThrownBy(() -> ReaderRun.of(STRIPE, fixture("stripe-bad/broken.json")))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("Cannot ingest broken.json: broken JSON at line 3")
                .satisfies(e -> assertThat(((FileRejectedException) e).code().name()).isEqualTo("MALFORMED_JSON"));
    }
}
