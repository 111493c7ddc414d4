package io.revlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canonical CSV → bronze on real Delta tables: validation, quarantine, ledger, idempotency. */
class IngestJobTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path extract;
    static String warehouse;
    static IngestReport first;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void ingestOnce() throws IOException {
        spark = SparkSessions.shared();
        extract = Files.createDirectories(tmp.resolve("extract"));
        warehouse = tmp.resolve("warehouse").toString();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(extract.resolve("customers.csv"), concat(bom, """
                Customer_ID,name,segment,currency,favourite_colour
                C1,"Acme, Inc.",smb,usd,blue
                C2,"Multi
                line name",enterprise,EUR,green
                C1,Acme again,smb,USD,red
                ,No id,smb,USD,
                """.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(extract.resolve("subscription_items.csv"), """
                item_id,subscription_id,customer_id,start_date,end_date,billing_interval,quantity,unit_amount,currency
                I1,S1,C1,2024-01-15,,month,3,100.00,USD
                I2,S1,C1,2024-02-30,,month,1,100.00,USD
                I3,S2,C2,2024-01-01,,month,1,"1,200.00",EUR
                I4,S2,C2,2024-01-01,,month,-2,10.00,EUR
                I5,S3,C2,2024-01-01,,month,1,10.00,XYZ
                I6,S3,C2,2024-01-01,,fortnight,1,10.00,EUR
                I7,S3,C2,2024-03-01,2024-02-01,month,1,10.00,EUR
                I8,S3,C2,2024-03-01
                I9,S4,C2,2024-03-01,,year,1,1200,EUR
                """);
        Files.writeString(extract.resolve("invoices.csv"), """
                invoice_id,customer_id,invoice_date,due_date,currency,subtotal
                INV1,C1,2024-01-15,2024-02-14,USD,300.00
                """);
        Files.writeString(extract.resolve("notes.csv"), "a,b\n1,2\n");
        first = new IngestJob(spark, warehouse, log::add).run(extract);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static FileResult file(IngestReport r, String name) {
        return r.files().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    static Map<String, String> quarantineReasons() {
        return DeltaTables.read(spark, Tables.quarantine("canonical"), warehouse).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("_source_file") + "#" + r.<Long>getAs("_source_row"),
                        r -> r.<String>getAs("reason_code") + ": " + r.<String>getAs("reason")));
    }

    @Test
    void every_file_reconciles_read_accepted_and_rejected() {
        assertThat(first.files()).filteredOn(f -> !f.status().equals("ignored")).allMatch(FileResult::reconciles);
        FileResult customers = file(first, "customers.csv");
        assertThat(customers.rowsRead()).isEqualTo(4);
        assertThat(customers.rowsAccepted()).isEqualTo(2);
        assertThat(customers.rowsRejected()).isEqualTo(2);
        FileResult items = file(first, "subscription_items.csv");
        assertThat(items.rowsRead()).isEqualTo(9);
        assertThat(items.rowsAccepted()).isEqualTo(2);
        assertThat(items.rowsRejected()).isEqualTo(7);
        assertThat(DeltaTables.read(spark, Tables.bronze("canonical", CanonicalEntity.SUBSCRIPTION_ITEMS), warehouse).count())
                .isEqualTo(2);
        assertThat(DeltaTables.read(spark, Tables.quarantine("canonical"), warehouse).count()).isEqualTo(9);
    }

    @Test
    void each_bad_record_is_quarantined_with_a_precise_reason_and_its_line() {
        Map<String, String> reasons = quarantineReasons();
        assertThat(reasons.get("customers.csv#3")).startsWith("DUPLICATE_KEY").contains("C1");
        assertThat(reasons.get("customers.csv#4")).startsWith("MISSING_VALUE").contains("customer_id is required");
        assertThat(reasons.get("subscription_items.csv#2"))
                .isEqualTo("INVALID_DATE: Cannot ingest subscription_items.csv line 3: start_date '2024-02-30' is not valid (expected a real date as YYYY-MM-DD)");
        assertThat(reasons.get("subscription_items.csv#3")).startsWith("INVALID_NUMBER").contains("no thousands separators");
        assertThat(reasons.get("subscription_items.csv#4")).startsWith("NEGATIVE_VALUE").contains("quantity '-2'");
        assertThat(reasons.get("subscription_items.csv#5")).startsWith("UNKNOWN_CURRENCY").contains("XYZ");
        assertThat(reasons.get("subscription_items.csv#6")).startsWith("INVALID_VALUE").contains("week, month, quarter, year");
        assertThat(reasons.get("subscription_items.csv#7")).startsWith("INVALID_PERIOD");
        assertThat(reasons.get("subscription_items.csv#8")).startsWith("WRONG_COLUMN_COUNT");
    }

    @Test
    void quarantine_keeps_the_raw_row_and_lines_count_quoted_newlines() {
        Row dup = DeltaTables.read(spark, Tables.quarantine("canonical"), warehouse)
                .filter("_source_file = 'customers.csv' and _source_row = 3").first();
        assertThat(dup.<String>getAs("raw_row")).contains("\"name\":\"Acme again\"");
        // record 3 starts on line 5: the header is line 1 and record 2 spans lines 3–4
        assertThat(dup.<String>getAs("reason")).contains("line 5");
    }

    @Test
    void header_is_case_insensitive_bom_is_ignored_and_unknown_columns_are_kept() {
        Row c1 = DeltaTables.read(spark, Tables.bronze("canonical", CanonicalEntity.CUSTOMERS), warehouse)
                .filter("customer_id = 'C1'").first();
        assertThat(c1.<String>getAs("name")).isEqualTo("Acme, Inc.");
        assertThat(c1.<String>getAs("_extra_columns")).isEqualTo("{\"favourite_colour\":\"blue\"}");
        assertThat(c1.<String>getAs("_source_file")).isEqualTo("customers.csv");
        assertThat(c1.<Long>getAs("_source_row")).isEqualTo(1L);
        assertThat(file(first, "customers.csv").unknownColumns()).containsExactly("favourite_colour");
    }

    @Test
    void a_file_missing_required_columns_is_rejected_whole_naming_them() {
        FileResult invoices = file(first, "invoices.csv");
        assertThat(invoices.status()).isEqualTo("rejected");
        assertThat(invoices.message()).contains("required columns missing: total");
        assertThat(DeltaTables.exists(spark, Tables.bronze("canonical", CanonicalEntity.INVOICES), warehouse)).isFalse();
        assertThat(file(first, "notes.csv").status()).isEqualTo("ignored");
    }

    @Test
    void ingesting_the_same_folder_again_changes_nothing() throws IOException {
        long bronzeVersion = DeltaTables.version(spark, Tables.bronze("canonical", CanonicalEntity.CUSTOMERS), warehouse);
        long ledgerVersion = DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse);
        IngestReport again = new IngestJob(spark, warehouse, log::add).run(extract);
        assertThat(again.files()).filteredOn(f -> !f.status().equals("ignored"))
                .allMatch(f -> f.status().equals("skipped"));
        assertThat(DeltaTables.version(spark, Tables.bronze("canonical", CanonicalEntity.CUSTOMERS), warehouse))
                .isEqualTo(bronzeVersion);
        assertThat(DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse)).isEqualTo(ledgerVersion);
        assertThat(DeltaTables.read(spark, Tables.INGEST_LEDGER, warehouse).count()).isEqualTo(3);
    }

    @Test
    void a_write_repeated_after_a_crash_before_the_ledger_is_not_duplicated() throws IOException {
        // Simulate a run that wrote bronze and then died before its ledger row: replay the bronze write with the
        // same idempotent-write id the job uses, then ingest; bronze must hold the rows once.
        Path other = Files.createDirectories(tmp.resolve("crash"));
        Path f = other.resolve("customers.csv");
        Files.writeString(f, "customer_id,name\nC9,Crash Co\n");
        String hash = IngestJob.sha256(f);
        var bronze = Tables.bronze("canonical", CanonicalEntity.CUSTOMERS);
        long before = DeltaTables.read(spark, bronze, warehouse).count();
        String crashWarehouse = tmp.resolve("crash-warehouse").toString();
        IngestReport r1 = new IngestJob(spark, crashWarehouse, log::add).run(other);
        // Drop the ledger as if the crash had happened before it was written; the bronze commit stays.
        spark.sql("DELETE FROM delta.`" + Tables.INGEST_LEDGER.location(crashWarehouse) + "`");
        IngestReport r2 = new IngestJob(spark, crashWarehouse, log::add).run(other);
        assertThat(r1.rowsAccepted()).isEqualTo(1);
        assertThat(r2.files().get(0).status()).isEqualTo("accepted");
        assertThat(DeltaTables.read(spark, bronze, crashWarehouse).count()).isEqualTo(1);
        assertThat(hash).hasSize(64);
        assertThat(DeltaTables.read(spark, bronze, warehouse).count()).isEqualTo(before);
    }
}
