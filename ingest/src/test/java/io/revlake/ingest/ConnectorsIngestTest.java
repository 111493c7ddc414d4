package io.revlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mapped sources through the same IngestJob as canonical CSV, on real Delta tables: bronze per source and entity,
 * quarantine with reason, locator and raw record, the ledger, and idempotent re-runs.
 */
class ConnectorsIngestTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static String warehouse;
    static IngestReport stripe;
    static IngestReport stripeBad;
    static IngestReport salesforce;
    static final List<String> log = new ArrayList<>();
    static final Path FIXTURES = Path.of("src/test/resources/connectors");

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkSessions.shared();
        warehouse = tmp.resolve("warehouse").toString();
        stripe = new IngestJob(spark, warehouse, log::add, "stripe").run(FIXTURES.resolve("stripe"));
        stripeBad = new IngestJob(spark, warehouse, log::add, "stripe").run(FIXTURES.resolve("stripe-bad"));
        salesforce = new IngestJob(spark, warehouse, log::add, "salesforce").run(FIXTURES.resolve("salesforce"));
    }

    static FileResult file(IngestReport r, String name) {
        return r.files().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    static long bronzeCount(String source, CanonicalEntity entity) {
        return DeltaTables.read(spark, Tables.bronze(source, entity), warehouse).count();
    }

    @Test
    void one_stripe_file_feeds_several_bronze_tables_and_every_file_reconciles() {
        assertThat(List.of(stripe, stripeBad, salesforce)).allSatisfy(r ->
                assertThat(r.files()).filteredOn(f -> f.status().equals("accepted")).allMatch(FileResult::reconciles));
        FileResult invoices = file(stripe, "invoices.json");
        assertThat(invoices.entity()).isEqualTo("invoices,invoice_lines");
        assertThat(invoices.rowsRead()).isEqualTo(5);
        assertThat(invoices.rowsAccepted()).isEqualTo(5);
        assertThat(bronzeCount("stripe", CanonicalEntity.INVOICES)).isEqualTo(2);
        assertThat(bronzeCount("stripe", CanonicalEntity.INVOICE_LINES)).isEqualTo(3);
        assertThat(bronzeCount("stripe", CanonicalEntity.SUBSCRIPTION_ITEMS)).isEqualTo(3);
        assertThat(stripe.rowsAccepted() + stripe.rowsRejected()).isEqualTo(stripe.rowsRead());
        assertThat(stripe.rowsRead()).isEqualTo(16);
        Row ledger = DeltaTables.read(spark, Tables.INGEST_LEDGER, warehouse)
                .filter("file_name = 'invoices.json'").first();
        assertThat(ledger.<String>getAs("source")).isEqualTo("stripe");
        assertThat(ledger.<Long>getAs("rows_read")).isEqualTo(5L);
    }

    @Test
    void quarantine_holds_the_reason_the_record_locator_and_the_raw_object() {
        Row row = DeltaTables.read(spark, Tables.quarantine("stripe"), warehouse)
                .filter("_source_file = 'bad.jsonl' and _source_row = 1").first();
        assertThat(row.<String>getAs("entity")).isEqualTo("subscription_items");
        assertThat(row.<String>getAs("reason_code")).isEqualTo("INVALID_PERIOD");
        assertThat(row.<String>getAs("reason")).isEqualTo("Cannot ingest bad.jsonl line 1 (subscription sub_P, "
                + "items.data[0]) → subscription_items: current_period_end 1704067200 (2024-01-01) is before "
                + "current_period_start 1706745600 (2024-02-01) (a billing period cannot end before it starts)");
        assertThat(row.<String>getAs("raw_row")).startsWith("{\"id\":\"si_P1\"");
        FileResult bad = file(stripeBad, "bad.jsonl");
        assertThat(bad.rejectionsByReason()).containsEntry("NOT_APPLICABLE", 2L).containsEntry("DUPLICATE_KEY", 1L);
        assertThat(bad.message()).isEqualTo("records without a mapping rule, not ingested: tax_rate ×1");
    }

    @Test
    void a_broken_file_is_rejected_whole_and_recorded_in_the_ledger() {
        FileResult broken = file(stripeBad, "broken.json");
        assertThat(broken.status()).isEqualTo("rejected");
        assertThat(broken.rejectionsByReason()).containsOnlyKeys("MALFORMED_JSON");
        assertThat(DeltaTables.read(spark, Tables.INGEST_LEDGER, warehouse)
                .filter("file_name = 'broken.json' and status = 'rejected'").count()).isEqualTo(1);
        assertThat(DeltaTables.read(spark, Tables.bronze("stripe", CanonicalEntity.CUSTOMERS), warehouse)
                .filter("customer_id = 'cus_1'").count()).isZero();
    }

    @Test
    void deletions_are_kept_in_bronze_as_tombstones_for_silver_to_apply() {
        Row deleted = DeltaTables.read(spark, Tables.bronze("stripe", CanonicalEntity.CUSTOMERS), warehouse)
                .filter("customer_id = 'cus_Z'").first();
        assertThat(deleted.<String>getAs("_extra_columns")).isEqualTo("{\"_deleted\":\"true\"}");
        assertThat(deleted.<String>getAs("_source")).isEqualTo("stripe");
        Row acme = DeltaTables.read(spark, Tables.bronze("stripe", CanonicalEntity.CUSTOMERS), warehouse)
                .filter("customer_id = 'cus_A'").first();
        assertThat(acme.<String>getAs("crm_account_id")).isEqualTo("001A000001");
        assertThat(acme.<String>getAs("_extra_columns")).contains("\"email\":\"billing@acme.example\"");
    }

    @Test
    void salesforce_goes_to_its_own_bronze_and_quarantine_tables() {
        assertThat(bronzeCount("salesforce", CanonicalEntity.OPPORTUNITIES)).isEqualTo(3);
        assertThat(bronzeCount("salesforce", CanonicalEntity.CUSTOMERS)).isEqualTo(3);
        assertThat(bronzeCount("salesforce", CanonicalEntity.CONTRACTS)).isEqualTo(1);
        assertThat(DeltaTables.read(spark, Tables.quarantine("salesforce"), warehouse).count())
                .isEqualTo(salesforce.rowsRejected()).isEqualTo(7);
        assertThat(file(salesforce, "sf_opportunity_data.csv").unknownColumns())
                .containsExactly("_fivetran_synced", "_fivetran_active");
    }

    @Test
    void salesforce_lines_products_quotes_and_history_reach_bronze_and_quarantine_and_every_file_reconciles()
            throws Exception {
        Path samples = tmp.resolve("salesforce-samples");
        Files.createDirectories(samples);
        for (String name : List.of("sf_opportunity_line_item_data.csv", "sf_product_2_data.csv",
                "sf_opportunity_history_data.csv")) {
            Files.copy(ReaderRun.shared("salesforce", "fivetran-warehouse", name), samples.resolve(name));
        }
        String wh = tmp.resolve("crm-detail-warehouse").toString();
        IngestReport fivetran = new IngestJob(spark, wh, log::add, "salesforce").run(samples);
        IngestReport fixtures = new IngestJob(spark, wh, log::add, "salesforce")
                .run(FIXTURES.resolve("salesforce-crm-detail"));
        assertThat(List.of(fivetran, fixtures)).allSatisfy(r -> assertThat(r.files()).hasSize(r == fivetran ? 3 : 5)
                .allSatisfy(f -> {
                    assertThat(f.status()).isEqualTo("accepted");
                    assertThat(f.reconciles()).as(f.fileName()).isTrue();
                }));
        assertThat(file(fivetran, "sf_opportunity_line_item_data.csv").rowsAccepted()).isEqualTo(10);
        assertThat(file(fivetran, "sf_opportunity_history_data.csv").entity()).isEqualTo("opportunity_stage_history");
        assertThat(file(fixtures, "OpportunityLineItem.csv").rejectionsByReason()).isEqualTo(java.util.Map.of(
                "MISSING_VALUE", 1L, "INVALID_NUMBER", 1L, "OUT_OF_RANGE", 1L, "INVALID_DATE", 1L));
        assertThat(fixtures.rowsRead()).isEqualTo(24);
        assertThat(fixtures.rowsRejected()).isEqualTo(12);

        java.util.function.Function<CanonicalEntity, Long> bronze = e ->
                DeltaTables.read(spark, Tables.bronze("salesforce", e), wh).count();
        assertThat(bronze.apply(CanonicalEntity.OPPORTUNITY_LINES)).isEqualTo(10 + 3);
        assertThat(bronze.apply(CanonicalEntity.PRODUCTS)).isEqualTo(2 + 3);
        assertThat(bronze.apply(CanonicalEntity.QUOTES)).isEqualTo(1);
        assertThat(bronze.apply(CanonicalEntity.OPPORTUNITY_STAGE_HISTORY)).isEqualTo(10 + 3 + 2);
        Row line = DeltaTables.read(spark, Tables.bronze("salesforce", CanonicalEntity.OPPORTUNITY_LINES), wh)
                .filter("line_id = '00k1G000009ar5HQAQ'").first();
        assertThat(line.<String>getAs("total_price")).isEqualTo("162000");
        assertThat(line.<String>getAs("list_price")).isEqualTo("12000");
        assertThat(line.<String>getAs("_source_file")).isEqualTo("sf_opportunity_line_item_data.csv");
        assertThat(line.<Long>getAs("_source_row")).isEqualTo(6L);
        Row bad = DeltaTables.read(spark, Tables.quarantine("salesforce"), wh)
                .filter("_source_file = 'Quote.json' and reason_code = 'INVALID_DATE'").first();
        assertThat(bad.<String>getAs("entity")).isEqualTo("quotes");
        assertThat(bad.<String>getAs("raw_row")).contains("\"ExpirationDate\":\"15/02/2024\"");
    }

    @Test
    void ingesting_the_same_extracts_again_writes_nothing() throws Exception {
        long bronze = DeltaTables.version(spark, Tables.bronze("stripe", CanonicalEntity.INVOICE_LINES), warehouse);
        long ledger = DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse);
        IngestReport again = new IngestJob(spark, warehouse, log::add, "stripe").run(FIXTURES.resolve("stripe"));
        assertThat(again.files()).filteredOn(f -> !f.status().equals("ignored")).isNotEmpty()
                .allMatch(f -> f.status().equals("skipped"));
        assertThat(DeltaTables.version(spark, Tables.bronze("stripe", CanonicalEntity.INVOICE_LINES), warehouse))
                .isEqualTo(bronze);
        assertThat(DeltaTables.version(spark, Tables.INGEST_LEDGER, warehouse)).isEqualTo(ledger);
    }

    @Test
    void stripe_ids_resolved_from_other_files_of_the_batch_reconcile_and_a_changed_coupon_file_reingests_them()
            throws Exception {
        Path batch = tmp.resolve("pricing");
        Files.createDirectories(batch);
        try (var files = Files.list(FIXTURES.resolve("stripe-pricing"))) {
            for (Path f : files.toList()) {
                Files.copy(f, batch.resolve(f.getFileName()));
            }
        }
        String wh = tmp.resolve("pricing-warehouse").toString();
        IngestReport first = new IngestJob(spark, wh, log::add, "stripe").run(batch);
        FileResult subs = file(first, "subscriptions.jsonl");
        assertThat(subs.reconciles()).isTrue();
        assertThat(subs.rowsRead()).isEqualTo(21);
        assertThat(subs.rejectionsByReason()).isEqualTo(java.util.Map.of("UNRESOLVED_REFERENCE", 3L, "MISSING_VALUE", 1L,
                "CONFLICTING_VALUES", 1L));
        assertThat(file(first, "coupons.json").status()).isEqualTo("ignored");
        assertThat(file(first, "coupons.json").message()).isEqualTo("records without a mapping rule, not ingested: "
                + "coupon ×5 (read as a lookup, to resolve ids in other records)");
        Row ghost = DeltaTables.read(spark, Tables.quarantine("stripe"), wh)
                .filter("raw_row like '%\"si_D4\"%'").first();
        assertThat(ghost.<String>getAs("reason_code")).isEqualTo("UNRESOLVED_REFERENCE");
        assertThat(DeltaTables.read(spark, Tables.bronze("stripe", CanonicalEntity.SUBSCRIPTION_ITEMS), wh)
                .filter("item_id = 'si_D1'").first().<String>getAs("discount_pct")).isEqualTo("50");

        // the coupon GHOST arrives: the subscriptions that name it are read again (the coupons are a dependency)
        String coupons = Files.readString(batch.resolve("coupons.json"));
        Files.writeString(batch.resolve("coupons.json"), coupons.replaceFirst("\\[", "[{\"id\": \"GHOST\", "
                + "\"object\": \"coupon\", \"percent_off\": 15, \"duration\": \"forever\"},"));
        IngestReport second = new IngestJob(spark, wh, log::add, "stripe").run(batch);
        assertThat(file(second, "subscriptions.jsonl").status()).isEqualTo("accepted");
        assertThat(file(second, "subscriptions.jsonl").rejectionsByReason())
                .isEqualTo(java.util.Map.of("UNRESOLVED_REFERENCE", 2L, "MISSING_VALUE", 1L, "CONFLICTING_VALUES", 1L));
        assertThat(DeltaTables.read(spark, Tables.bronze("stripe", CanonicalEntity.SUBSCRIPTION_ITEMS), wh)
                .filter("item_id = 'si_D4'").first().<String>getAs("discount_pct")).isEqualTo("15");
    }
}
