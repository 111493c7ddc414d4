package io.revlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared HubSpot and Zuora samples through IngestJob on real Delta tables: every file reconciles (read = accepted
 * + quarantined), lookup tables are reported with the file that reads them, quarantine names file and line, and a
 * second run of the same files writes nothing.
 */
class CrmBillingIngestJobTest {
    static SparkSession spark;
    @TempDir
    static java.nio.file.Path tmp;
    static String warehouse;
    static IngestReport hubspot;
    static IngestReport zuora;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkSessions.shared();
        warehouse = tmp.resolve("warehouse").toString();
        hubspot = new IngestJob(spark, warehouse, log::add, "hubspot").run(ReaderRun.shared("hubspot", "fivetran-warehouse"));
        zuora = new IngestJob(spark, warehouse, log::add, "zuora").run(ReaderRun.shared("zuora", "fivetran-warehouse"));
    }

    /** file → {@code status read/accepted/rejected}. */
    static Map<String, String> counts(IngestReport r) {
        Map<String, String> out = new TreeMap<>();
        r.files().forEach(f -> out.put(f.fileName(), f.status() + " " + f.rowsRead() + "/" + f.rowsAccepted() + "/"
                + f.rowsRejected()));
        return out;
    }

    @Test
    void hubspot_sample_files_reconcile() {
        assertThat(counts(hubspot)).isEqualTo(Map.of(
                "company_data.csv", "accepted 24/24/0",
                "deal_data.csv", "accepted 44/0/44",
                "merged_deal_data.csv", "accepted 14/14/0",
                "deal_company_data.csv", "ignored 0/0/0",
                "deal_pipeline_data.csv", "ignored 0/0/0",
                "deal_pipeline_stage_data.csv", "ignored 0/0/0",
                "deal_stage_data.csv", "ignored 0/0/0"));
        assertThat(DeltaTables.read(spark, Tables.bronze("hubspot", CanonicalEntity.CUSTOMERS), warehouse).count()).isEqualTo(24);
        Row q = DeltaTables.read(spark, Tables.quarantine("hubspot"), warehouse).filter("_source_row = 1").first();
        assertThat(q.<String>getAs("reason_code")).isEqualTo("MISSING_VALUE");
        assertThat(q.<String>getAs("reason")).isEqualTo("Cannot ingest deal_data.csv line 2 (deal 1244495215) → "
                + "opportunities: stage is required but empty");
    }

    @Test
    void zuora_sample_files_reconcile() {
        assertThat(counts(zuora)).containsAllEntriesOf(Map.of(
                "zuora_account_data.csv", "accepted 5/5/0",
                "zuora_invoice_data.csv", "accepted 5/5/0",
                "zuora_invoice_item_data.csv", "accepted 6/0/6",
                "zuora_invoice_payment_data.csv", "accepted 6/0/6",
                "zuora_rate_plan_charge_data.csv", "accepted 4/1/3"));
        assertThat(zuora.files()).filteredOn(f -> f.status().equals("accepted")).allMatch(FileResult::reconciles);
        assertThat(zuora.files()).filteredOn(f -> f.fileName().equals("zuora_subscription_data.csv")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("ignored"));
        Row conflict = DeltaTables.read(spark, Tables.quarantine("zuora"), warehouse)
                .filter("_source_file = 'zuora_invoice_payment_data.csv' and reason_code = 'CONFLICTING_VALUES'")
                .orderBy("_source_row").first();
        assertThat(conflict.<String>getAs("reason")).isEqualTo("Cannot ingest zuora_invoice_payment_data.csv line 4 "
                + "(payment dff38ac08b23c53f8756264bae72ec59 applied to invoice dff38ac0722b678b635d83c78995f78b) → "
                + "payments: account_id is dff38ac075d55abbfe084047f9668d0a but payment dff38ac08b23c53f8756264bae72ec59 "
                + "belongs to account dff38ac0df6edbfb4cb3774f7e21f752 (an application is the payment's)");
    }

    @Test
    void the_same_files_again_write_nothing() throws Exception {
        IngestReport again = new IngestJob(spark, warehouse, log::add, "zuora").run(ReaderRun.shared("zuora", "fivetran-warehouse"));
        assertThat(again.rowsAccepted()).isZero();
        assertThat(again.files()).filteredOn(f -> f.fileName().equals("zuora_invoice_data.csv")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("skipped"));
    }
}
