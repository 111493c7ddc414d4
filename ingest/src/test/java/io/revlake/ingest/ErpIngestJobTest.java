package io.revlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ERP connector through IngestJob on real Delta tables: per-file reconciliation, tombstones and quarantine,
 * idempotent re-runs, and a changed sibling table re-ingesting the file that joins it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErpIngestJobTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path quickbooks;
    static String warehouse;
    static IngestReport first;
    static IngestReport netsuite;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void ingest() throws IOException {
        spark = SparkSessions.shared();
        warehouse = tmp.resolve("warehouse").toString();
        quickbooks = copy(Path.of("src/test/resources/connectors/erp/quickbooks"), tmp.resolve("quickbooks"));
        first = new IngestJob(spark, warehouse, log::add, "erp").run(quickbooks);
        netsuite = new IngestJob(spark, warehouse, log::add, "erp").run(Path.of("src/test/resources/connectors/erp/netsuite"));
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    static FileResult file(IngestReport r, String name) {
        return r.files().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    static long count(CanonicalEntity e) {
        return DeltaTables.read(spark, Tables.bronze("erp", e), warehouse).count();
    }

    /** file → "read/accepted/rejected" */
    static Map<String, String> counts(IngestReport r) {
        return r.files().stream().collect(Collectors.toMap(FileResult::fileName,
                f -> f.status() + " " + f.rowsRead() + "/" + f.rowsAccepted() + "/" + f.rowsRejected()));
    }

    @Test
    @Order(1)
    void every_file_reconciles_rows_read_with_accepted_plus_quarantined() {
        assertThat(counts(first)).isEqualTo(Map.of(
                "credit_memo_data.csv", "accepted 4/2/2", "customer_data.csv", "accepted 2/2/0",
                "invoice_data.csv", "accepted 6/4/2", "invoice_line_data.csv", "accepted 5/4/1",
                "payment_data.csv", "accepted 2/2/0", "payment_line_data.csv", "accepted 6/4/2",
                "journal_entry_line_data.csv", "accepted 13/8/5", "refund_receipt_data.csv", "accepted 5/2/3",
                "journal_entry_data.csv", "ignored 0/0/0", "account_data.csv", "ignored 0/0/0"));
        assertThat(first.files()).allMatch(FileResult::reconciles);
        assertThat(first.rowsRead()).isEqualTo(25 + 13 + 5);
        // QuickBooks: 3 applications, unapplied cash of 5003, refund 8001 and 3 tombstones; NetSuite: CustPymt 9002.
        assertThat(count(CanonicalEntity.PAYMENTS)).isEqualTo(8 + 1);
        assertThat(count(CanonicalEntity.JOURNAL_LINES)).isEqualTo(8);
        assertThat(DeltaTables.read(spark, Tables.quarantine("erp"), warehouse).count())
                .isEqualTo(7 + 5 + 3 + netsuite.rowsRejected());
        assertThat(file(first, "payment_line_data.csv").message()).isEqualTo("not ingested: invoice applications "
                + "settled entirely by a credit memo ×1, lines applying a credit memo (credit, not cash) ×1");
        Row ledger = DeltaTables.read(spark, Tables.INGEST_LEDGER, warehouse)
                .filter("file_name = 'payment_line_data.csv'").first();
        assertThat(ledger.<String>getAs("entity")).isEqualTo("payments");
        assertThat(ledger.<Long>getAs("rows_read")).isEqualTo(6L);
    }

    @Test
    @Order(2)
    void quarantine_names_the_file_line_and_record_and_deletions_are_tombstones() {
        Row q = DeltaTables.read(spark, Tables.quarantine("erp"), warehouse)
                .filter("_source_file = 'payment_line_data.csv' and reason_code = 'MISSING_VALUE'").first();
        assertThat(q.<String>getAs("reason")).isEqualTo("Cannot ingest payment_line_data.csv line 9 (payment 5007, "
                + "line 0) → payments: payment 5007 is not in payment_data.csv, which gives its customer, date and currency");
        assertThat(q.<String>getAs("raw_row")).startsWith("{\"index\":\"0\",\"payment_id\":\"5007\"");
        Row deleted = DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.INVOICES), warehouse)
                .filter("invoice_id = '1004'").first();
        assertThat(deleted.<String>getAs("_extra_columns")).contains("\"_deleted\":\"true\"");
        assertThat(deleted.<String>getAs("customer_id")).isNull();
    }

    @Test
    @Order(3)
    void netsuite_receivables_and_period_end_rates_land_in_bronze() {
        assertThat(counts(netsuite)).containsEntry("netsuite2_transaction_data.csv", "accepted 6/5/1")
                .containsEntry("netsuite2_consolidated_exchange_rate_data.csv", "accepted 1/1/0")
                .containsEntry("netsuite2_currency_data.csv", "ignored 0/0/0");
        Row rate = DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.FX_RATES), warehouse).first();
        assertThat(rate.<String>getAs("currency")).isEqualTo("EUR");
        assertThat(rate.<String>getAs("rate_to_reporting")).isEqualTo("0.8812");
        assertThat(DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.CREDIT_NOTES), warehouse)
                .filter("credit_note_id = '9003'").first().<String>getAs("invoice_id")).isEqualTo("9001");
    }

    @Test
    @Order(4)
    void the_same_tables_again_write_nothing() throws Exception {
        long bronze = DeltaTables.version(spark, Tables.bronze("erp", CanonicalEntity.PAYMENTS), warehouse);
        long ledger = DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse);
        IngestReport again = new IngestJob(spark, warehouse, log::add, "erp").run(quickbooks);
        assertThat(again.files()).hasSize(10).filteredOn(f -> !f.status().equals("ignored")).hasSize(8)
                .allMatch(f -> f.status().equals("skipped"));
        assertThat(DeltaTables.version(spark, Tables.bronze("erp", CanonicalEntity.PAYMENTS), warehouse)).isEqualTo(bronze);
        assertThat(DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse)).isEqualTo(ledger);
    }

    @Test
    @Order(5)
    void a_changed_sibling_re_ingests_the_file_joined_with_it() throws Exception {
        // Payment 5007's header arrives: payment_line_data.csv has not changed, but its join with payment_data.csv has.
        Path payments = quickbooks.resolve("payment_data.csv");
        List<String> header = List.of(Files.readAllLines(payments).get(0).split(","));
        String[] row = new String[header.size()];
        java.util.Arrays.fill(row, "");
        Map.of("id", "5007", "_fivetran_deleted", "FALSE", "customer_id", "C1", "currency_id", "USD",
                "total_amount", "10.00", "transaction_date", "2024-03-20", "unapplied_amount", "0")
                .forEach((column, value) -> row[header.indexOf(column)] = value);
        Files.writeString(payments, String.join(",", row) + "\n", StandardOpenOption.APPEND);
        IngestReport after = new IngestJob(spark, warehouse, log::add, "erp").run(quickbooks);
        assertThat(counts(after)).isEqualTo(Map.of(
                "credit_memo_data.csv", "skipped 0/0/0", "customer_data.csv", "skipped 0/0/0",
                "invoice_data.csv", "skipped 0/0/0", "invoice_line_data.csv", "skipped 0/0/0",
                "payment_data.csv", "accepted 2/2/0", "payment_line_data.csv", "accepted 6/5/1",
                "journal_entry_line_data.csv", "skipped 0/0/0", "refund_receipt_data.csv", "skipped 0/0/0",
                "journal_entry_data.csv", "ignored 0/0/0", "account_data.csv", "ignored 0/0/0"));
        Row paid = DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.PAYMENTS), warehouse)
                .filter("payment_id = '5007/0'").first();
        assertThat(paid.<String>getAs("customer_id")).isEqualTo("C1");
        assertThat(paid.<String>getAs("payment_date")).isEqualTo("2024-03-20");
        assertThat(paid.<String>getAs("amount")).isEqualTo("10.00");
    }

    @Test
    @Order(6)
    void journal_lines_and_refunds_land_in_bronze_with_their_sides_and_sign() {
        Row line = DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.JOURNAL_LINES), warehouse)
                .filter("line_id = '7002/1'").first();
        assertThat(line.<String>getAs("credit")).isEqualTo("450.00");
        assertThat(line.<String>getAs("debit")).isEqualTo("0");
        assertThat(line.<String>getAs("currency")).isEqualTo("EUR");
        assertThat(line.<String>getAs("account_name")).isEqualTo("Sales:Subscriptions");
        Row refund = DeltaTables.read(spark, Tables.bronze("erp", CanonicalEntity.PAYMENTS), warehouse)
                .filter("payment_id = '8001/refund'").first();
        assertThat(refund.<String>getAs("amount")).isEqualTo("-40.00");
        assertThat(refund.<String>getAs("_extra_columns")).contains("\"kind\":\"refund\"");
        Row bad = DeltaTables.read(spark, Tables.quarantine("erp"), warehouse)
                .filter("_source_file = 'journal_entry_line_data.csv' and reason_code = 'INVALID_VALUE'").first();
        assertThat(bad.<String>getAs("entity")).isEqualTo("journal_lines");
        assertThat(bad.<String>getAs("reason")).contains("posting_type 'Adjustment' is neither Debit nor Credit");
    }

    @Test
    void every_shared_quickbooks_sample_is_read_and_reconciles_rows_read_with_accepted_plus_quarantined()
            throws IOException {
        Path samples = copy(ReaderRun.shared("erp", "quickbooks"), tmp.resolve("quickbooks-samples"));
        IngestReport r = new IngestJob(spark, tmp.resolve("samples-warehouse").toString(), log::add, "erp").run(samples);
        assertThat(r.files()).allSatisfy(f -> assertThat(f.reconciles()).as(f.fileName()).isTrue());
        assertThat(counts(r)).containsEntry("journal_entry_line_data.csv", "accepted 12/10/2")
                .containsEntry("refund_receipt_data.csv", "accepted 4/2/2")
                .containsEntry("journal_entry_data.csv", "ignored 0/0/0")
                .containsEntry("account_data.csv", "ignored 0/0/0");
        assertThat(r.files()).filteredOn(f -> f.status().equals("accepted")).extracting(FileResult::fileName)
                .containsExactlyInAnyOrder("customer_data.csv", "invoice_data.csv", "invoice_line_data.csv",
                        "payment_line_data.csv", "credit_memo_data.csv", "journal_entry_line_data.csv",
                        "refund_receipt_data.csv");
    }

    @Test
    void the_ledger_key_is_the_file_hash_alone_only_without_mapping_and_siblings() throws Exception {
        assertThat(IngestJob.ledgerKey("abc", "", Map.of())).isEqualTo("abc");
        // Unchanged for readers without siblings (sha256 of hash, U+0001, fingerprint), so existing ledgers still match.
        String mapped = IngestJob.ledgerKey("abc", "f1", Map.of());
        assertThat(mapped).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("abc\u0001f1".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        String joined = IngestJob.ledgerKey("abc", "f1", Map.of("payment_data.csv", "h1"));
        assertThat(joined).isNotEqualTo(mapped)
                .isNotEqualTo(IngestJob.ledgerKey("abc", "f1", Map.of("payment_data.csv", "h2")))
                .isEqualTo(IngestJob.ledgerKey("abc", "f1", Map.of("payment_data.csv", "h1")));
    }
}
