package io.revlake.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.silver.IdentityResolver.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot, Stripe, Zuora and QuickBooks customers ingested into a real warehouse, then the silver stage: the
 * identity map holds one row per current record, resolved as worked out in src/test/resources/identity/README.md.
 */
class IdentityStageTest {
    static final Path FIXTURE = Path.of("src/test/resources/identity");
    @TempDir
    Path tmp;

    @Test
    void silver_writes_the_identity_map_from_every_source_and_the_mapping_file() throws Exception {
        SparkSession spark = SparkSessions.shared();
        String warehouse = tmp.resolve("warehouse").toString();
        List<String> log = new ArrayList<>();
        for (String source : List.of("hubspot", "stripe", "zuora", "erp")) {
            new IngestJob(spark, warehouse, log::add, source).run(FIXTURE.resolve(source));
        }
        Files.createDirectories(tmp.resolve("warehouse/_config"));
        Files.copy(FIXTURE.resolve("identity.csv"), tmp.resolve("warehouse/_config/identity.csv"));

        new SilverJob(spark, warehouse, log::add).run();

        List<Entry> map = DeltaTables.read(spark, Tables.IDENTITY_MAP, warehouse)
                .select("source", "source_customer_id", "customer_id", "status", "linked_by", "detail").collectAsList()
                .stream().map(r -> new Entry(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5))).toList();
        assertThat(map).extracting(e -> e.source() + "/" + e.sourceCustomerId() + " → " + e.customerId() + " " + e.status())
                .containsExactlyInAnyOrder(
                        "hubspot/101 → 101 matched", "stripe/cus_A → 101 matched", "zuora/Z1 → 101 matched",
                        "hubspot/102 → GLOBEX matched", "erp/20 → GLOBEX matched", "erp/21 → GLOBEX matched",
                        "hubspot/103 → 103 conflict", "zuora/Z2 → Z2 conflict", "zuora/Z3 → Z3 conflict",
                        "stripe/cus_C → cus_C unmatched", "erp/22 → 22 unmatched",
                        "stripe/cus_GONE → X unknown_record");
        assertThat(log).contains("  silver.identity_map: 11 customer records: 6 matched into 2 customers, 2 unmatched, "
                + "3 in conflicts, 1 mapping-file lines naming no record (4 mapping-file lines)");
        String report = IdentityStage.report(map, false);
        assertThat(report).startsWith("11 customer records: 6 matched into 2 customers, 2 unmatched, 3 in conflicts, "
                + "1 mapping-file lines naming no record\nconflict       hubspot 103 → 103: not merged: the records "
                + "linked by billing:Z2, billing:Z3, crm:103 hold two zuora customers Z2 and Z3");
        assertThat(report).contains("unmatched      stripe cus_C → cus_C: no other record shares a key with it\n");
        assertThat(report).doesNotContain("matched        ");
    }
}
