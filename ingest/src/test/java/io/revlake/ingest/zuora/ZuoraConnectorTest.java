package io.revlake.ingest.zuora;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zuora tables → customers, subscription items, invoices and lines, payments, credit notes, without Spark. The
 * fixtures (src/test/resources/connectors/zuora, README there) were worked out by hand; the shared samples' counts
 * from reading their CSVs.
 */
class ZuoraConnectorTest {
    static final SourceReader ZUORA = SourceReaders.forName("zuora");
    static final Path FIXTURES = Path.of("src/test/resources/connectors/zuora");
    @TempDir
    Path tmp;

    static ReaderRun fixture(String table) throws Exception {
        return ReaderRun.of(ZUORA, FIXTURES.resolve("zuora_" + table + "_data.csv"));
    }

    static ReaderRun sample(String table) throws Exception {
        return ReaderRun.of(ZUORA, ReaderRun.shared("zuora", "fivetran-warehouse", "zuora_" + table + "_data.csv"));
    }

    @Test
    void hand_checked_tables_map_to_the_expected_canonical_rows() throws Exception {
        Map<String, ReaderRun> runs = ReaderRun.all(ZUORA, FIXTURES);
        assertThat(runs.keySet()).containsExactly("zuora_account_data.csv", "zuora_credit_memo_data.csv",
                "zuora_invoice_data.csv", "zuora_invoice_item_data.csv", "zuora_invoice_payment_data.csv",
                "zuora_payment_data.csv", "zuora_rate_plan_charge_data.csv");
        List<String> actual = new ArrayList<>();
        for (ReaderRun run : runs.values()) {
            for (SourceRecord r : run.records()) {
                if (r.accepted()) {
                    actual.add(r.entity().fileStem() + "," + ReaderRun.line(r));
                }
            }
        }
        List<String> expected = Files.readAllLines(FIXTURES.resolve("expected.csv")).stream().skip(1).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void only_the_latest_subscription_and_charge_versions_become_items() throws Exception {
        ReaderRun run = fixture("rate_plan_charge");
        // 14 rows: C1a (superseded subscription version S1v1), C5 (one-time) and C6 (usage) are not records.
        assertThat(run.records()).hasSize(11);
        assertThat(run.outcome().note()).isEqualTo("not ingested: charges of an earlier subscription version "
                + "(the latest version's charges are current) ×1, one-time charges (billed once: their invoice items "
                + "are the facts) ×1, usage charges (billed from usage: their invoice items are the facts) ×1");
        SourceRecord seats = run.accepted().get(0);
        assertThat(seats.extras()).containsEntry("zuora_quantity", "12").containsEntry("billing_period", "Annual")
                .containsEntry("subscription_status", "Active").containsEntry("zuora_subscription_id", "S1v2")
                .containsEntry("charge_version", "2");
        assertThat(run.tombstones()).filteredOn(r -> r.values().get("item_id").equals("C4/1"))
                .singleElement().satisfies(r -> assertThat(r.extras()).containsEntry("deleted_with_subscription", "S4"));
    }

    @Test
    void each_kind_of_bad_charge_is_quarantined_with_its_reason_code() throws Exception {
        ReaderRun run = fixture("rate_plan_charge");
        assertThat(run.reasonOf("C3/1")).isEqualTo("NOT_APPLICABLE: subscription S3 status 'Draft' is not one of "
                + "Active, Cancelled, Expired, Suspended (a draft or pending subscription bills nothing yet)");
        assertThat(run.reasonOf("C7/1")).isEqualTo("NOT_APPLICABLE: charge_model 'Discount-Percentage' is a discount "
                + "on other charges of the rate plan, not an item (the canonical discount is per item)");
        assertThat(run.reasonOf("C8/1")).isEqualTo("MISSING_VALUE: subscription S9 is not in "
                + "zuora_subscription_data.csv, which gives its status and version");
        assertThat(run.reasonOf("C9/1")).startsWith("INVALID_PERIOD: ");
        assertThat(run.reasonOf("C10/1")).isEqualTo("INVALID_NUMBER: mrr 'ten' is not valid (expected a plain "
                + "decimal such as 1234.50)");
        assertThat(run.reasonOf("C11/1")).isEqualTo("INVALID_VALUE: charge_type 'Prepaid' is not valid (expected "
                + "Recurring, OneTime or Usage)");
        assertThat(run.reasons()).isEqualTo(Map.of("NOT_APPLICABLE", 2L, "MISSING_VALUE", 1L, "INVALID_PERIOD", 1L,
                "INVALID_NUMBER", 1L, "INVALID_VALUE", 1L));
    }

    @Test
    void each_kind_of_bad_invoice_line_and_payment_is_quarantined_with_its_reason_code() throws Exception {
        ReaderRun invoices = fixture("invoice");
        assertThat(invoices.reasonOf("I4")).isEqualTo("NOT_APPLICABLE: status 'Draft' is not one of Posted, Canceled "
                + "(a draft invoice is not issued yet)");
        assertThat(invoices.reasonOf("I5")).isEqualTo("CONFLICTING_VALUES: amount 100 is not amount_without_tax 90 + tax_amount 5");
        assertThat(invoices.reasonOf("I7")).startsWith("INVALID_DATE: due_date '2024-02-30' is not valid");
        assertThat(invoices.reasons()).isEqualTo(Map.of("NOT_APPLICABLE", 1L, "CONFLICTING_VALUES", 1L, "INVALID_DATE", 1L));

        ReaderRun items = fixture("invoice_item");
        assertThat(items.reasonOf("II5")).isEqualTo("MISSING_VALUE: line_type is unknown: rate plan charge CX is not in "
                + "zuora_rate_plan_charge_data.csv, which gives its charge type (Recurring, OneTime, Usage)");
        assertThat(items.reasons()).isEqualTo(Map.of("MISSING_VALUE", 1L));

        ReaderRun applications = fixture("invoice_payment");
        assertThat(applications.reasonOf("P1/I3")).isEqualTo("CONFLICTING_VALUES: account_id is A2 but payment P1 "
                + "belongs to account A1 (an application is the payment's)");
        assertThat(applications.reasonOf("P1/I5")).isEqualTo("CONFLICTING_VALUES: transaction_currency is EUR but "
                + "payment P1 is in USD (an application is in the payment's currency)");
        assertThat(applications.reasonOf("P3/I1")).isEqualTo("NOT_APPLICABLE: payment P3 status 'Error' is not "
                + "Processed (only a processed payment moved money)");
        assertThat(applications.reasonOf("P9/I1")).isEqualTo("MISSING_VALUE: payment P9 is not in "
                + "zuora_payment_data.csv, which gives its date and status");

        ReaderRun payments = fixture("payment");
        assertThat(payments.reasonOf("P5/unapplied")).isEqualTo("NOT_APPLICABLE: status 'Voided' is not Processed "
                + "(only a processed payment moved money)");
        assertThat(payments.outcome().note()).isEqualTo("not ingested: payments with nothing unapplied "
                + "(their applications are in invoice_payment) ×2");

        ReaderRun memos = fixture("credit_memo");
        assertThat(memos.reasonOf("CM2")).startsWith("NOT_APPLICABLE: status 'Draft' is not one of posted");
        assertThat(memos.reasonOf("CM4")).isEqualTo("MISSING_VALUE: invoice_id is required but empty");

        ReaderRun accounts = fixture("account");
        assertThat(accounts.reasonOf("A4")).startsWith("UNKNOWN_CURRENCY: ");
    }

    @Test
    void siblings_are_dependencies_and_a_missing_one_quarantines_saying_so() throws Exception {
        assertThat(ZUORA.dependencies(FIXTURES.resolve("zuora_invoice_item_data.csv")))
                .extracting(p -> p.getFileName().toString()).containsExactly("zuora_rate_plan_charge_data.csv");
        assertThat(ZUORA.dependencies(FIXTURES.resolve("zuora_invoice_payment_data.csv")))
                .extracting(p -> p.getFileName().toString()).containsExactly("zuora_payment_data.csv");
        Files.copy(FIXTURES.resolve("zuora_invoice_item_data.csv"), tmp.resolve("invoice_item.csv"));
        ReaderRun alone = ReaderRun.of(ZUORA, tmp.resolve("invoice_item.csv"));
        assertThat(alone.reasonOf("II1")).isEqualTo("MISSING_VALUE: line_type is unknown: rate plan charge C1b is not "
                + "in zuora_rate_plan_charge_data.csv (not beside this file), which gives its charge type (Recurring, "
                + "OneTime, Usage)");
    }

    @Test
    void a_table_without_the_columns_it_needs_is_rejected_whole_and_a_short_row_is_quarantined() throws Exception {
        Files.writeString(tmp.resolve("zuora_invoice_data.csv"), "id,account_id,amount\nI1,A1,10\n");
        assertThatThrownBy(() -> ReaderRun.of(ZUORA, tmp.resolve("zuora_invoice_data.csv")))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("Cannot ingest zuora_invoice_data.csv: required columns missing: invoice_date, due_date, "
                        + "status (found: id, account_id, amount)");
        Files.writeString(tmp.resolve("zuora_payment_data.csv"),
                "id,account_id,effective_date,amount,status,unapplied_amount,currency\nP1,A1,2024-01-01,10\n");
        ReaderRun shortRow = ReaderRun.of(ZUORA, tmp.resolve("zuora_payment_data.csv"));
        assertThat(shortRow.reasons()).isEqualTo(Map.of("WRONG_COLUMN_COUNT", 1L));
    }

    @Test
    void catalog_and_unlinked_tables_are_reported_not_read() {
        assertThat(ZUORA.whyNot(Path.of("zuora_subscription_data.csv")))
                .isEqualTo("Zuora subscriptions: read with their rate plan charges (zuora_rate_plan_charge_data.csv)");
        assertThat(ZUORA.whyNot(Path.of("zuora_refund_data.csv"))).startsWith("Zuora refunds carry neither account nor currency");
        assertThat(ZUORA.whyNot(Path.of("zuora_credit_balance_adjustment_data.csv")))
                .startsWith("Zuora credit balance adjustments move money");
        assertThat(ZUORA.whyNot(Path.of("zuora_invoice_item_data.csv"))).isNull();
    }

    // --- shared samples -------------------------------------------------------------------------------------------

    @Test
    void sample_accounts_are_four_customers_and_one_deletion() throws Exception {
        ReaderRun run = sample("account");
        assertThat(run.records()).hasSize(5);
        assertThat(run.accepted()).extracting(r -> r.values().get("customer_id")).containsExactly(
                "2c92c0f967640caa0167836a3e396a3b", "8ad088718262bc1701826340a8720972",
                "dff38ac0e09e5a914e7cddb66f92e2af", "dff38ac05ae066e479f6ba9b68a23d47");
        assertThat(run.tombstones()).extracting(r -> r.values().get("customer_id"))
                .containsExactly("2c92c0f86763fb0a0167834d6c5e086b");
        assertThat(run.accepted().get(3).values()).containsEntry("currency", "JPY").containsEntry("name", "Test Name 5");
    }

    @Test
    void sample_invoices_are_five_paid_invoices() throws Exception {
        // Every row: Posted, balance 0, amount 70.36 = 65 + 5.36 USD.
        ReaderRun run = sample("invoice");
        assertThat(run.records()).hasSize(5);
        assertThat(run.accepted()).hasSize(5);
        assertThat(ReaderRun.line(run.accepted().get(0))).isEqualTo("dff38ac0a531a01100012160a3061ef6|"
                + "dff38ac00240057303623f9ba5542afa|2015-10-15|2015-10-15|USD|65|5.36|70.36|paid|2016-01-15T22:49:09.000000");
    }

    @Test
    void sample_charges_items_and_payments_mostly_point_outside_the_extract() throws Exception {
        // Charges: 1 deleted (tombstone), 3 on subscriptions not in the subscription sample, 1 usage charge skipped.
        ReaderRun charges = sample("rate_plan_charge");
        assertThat(charges.records()).hasSize(4);
        assertThat(charges.tombstones()).extracting(r -> r.values().get("item_id"))
                .containsExactly("2c92c0f967640cb301678359563446fc/1");
        assertThat(charges.reasons()).isEqualTo(Map.of("MISSING_VALUE", 3L));
        // Invoice items: both charges they bill are outside the charge sample.
        ReaderRun items = sample("invoice_item");
        assertThat(items.records()).hasSize(6);
        assertThat(items.reasons()).isEqualTo(Map.of("MISSING_VALUE", 6L));
        // Applications: 2 payments are not in the payment sample; the other 4 disagree with their payment's account.
        ReaderRun applications = sample("invoice_payment");
        assertThat(applications.records()).hasSize(6);
        assertThat(applications.reasons()).isEqualTo(Map.of("MISSING_VALUE", 2L, "CONFLICTING_VALUES", 4L));
        ReaderRun payments = sample("payment");
        assertThat(payments.records()).isEmpty();
    }
}
