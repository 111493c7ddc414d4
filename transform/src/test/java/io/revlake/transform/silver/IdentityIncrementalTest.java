package io.revlake.transform.silver;

import static io.revlake.transform.silver.IdentityAppliedTest.bronze;
import static io.revlake.transform.silver.IdentityAppliedTest.invoice;
import static io.revlake.transform.silver.IdentityAppliedTest.item;
import static io.revlake.transform.silver.IdentityAppliedTest.row;
import static io.revlake.transform.silver.IdentityAppliedTest.spark;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental refresh under the identity map: a changed record of a merged customer is refreshed incrementally to the
 * tables a full rebuild gives; a record matched anew forces a full rebuild, recorded with the reason.
 */
class IdentityIncrementalTest {
    static final RecurringConfig CONFIG = RecurringConfig.defaults(IdentityAppliedTest.AS_OF);
    @TempDir
    Path tmp;

    @Test
    void a_changed_record_of_a_merged_customer_refreshes_incrementally_and_a_new_match_rebuilds_in_full() {
        String warehouse = tmp.resolve("incremental").toString();
        List<String> log = new ArrayList<>();
        bronze(warehouse, 1, "salesforce", CanonicalEntity.CUSTOMERS,
                row("customer_id", "001A", "name", "Acme Corp", "segment", "enterprise", "billing_customer_id", "cus_1",
                        "updated_at", "2024-01-05T00:00:00"),
                row("customer_id", "001U", "name", "Solo", "segment", "smb"));
        bronze(warehouse, 1, "stripe", CanonicalEntity.CUSTOMERS,
                row("customer_id", "cus_1", "name", "ACME INC", "channel", "web", "currency", "USD",
                        "crm_account_id", "001A", "updated_at", "2024-01-06T00:00:00"),
                row("customer_id", "cus_2", "name", "Solo Inc", "currency", "USD"));
        bronze(warehouse, 1, "stripe", CanonicalEntity.SUBSCRIPTION_ITEMS, item("si_1", "cus_1", "100.00"),
                item("si_2", "cus_2", "30.00"));
        bronze(warehouse, 1, "stripe", CanonicalEntity.INVOICES, invoice("in_1", "cus_1"));
        new Pipeline(spark(), warehouse, log::add).transform(Pipeline.Stage.ALL, CONFIG, false);

        // Day 2: both records of Acme change, and Acme gets a new invoice in Stripe.
        bronze(warehouse, 2, "salesforce", CanonicalEntity.CUSTOMERS,
                row("customer_id", "001A", "name", "Acme Corp", "segment", "mid_market", "billing_customer_id", "cus_1",
                        "updated_at", "2024-02-10T00:00:00"));
        bronze(warehouse, 2, "stripe", CanonicalEntity.CUSTOMERS,
                row("customer_id", "cus_1", "name", "ACME INC", "channel", "partner", "currency", "USD",
                        "crm_account_id", "001A", "updated_at", "2024-02-11T00:00:00"));
        bronze(warehouse, 2, "stripe", CanonicalEntity.INVOICES, invoice("in_3", "cus_1"));
        new Pipeline(spark(), warehouse, log::add).transform(Pipeline.Stage.ALL, CONFIG, true);
        Row run = latestRun(warehouse);
        assertThat(run.<String>getAs("note")).as("fallback note").isNull();
        assertThat(run.<String>getAs("mode")).isEqualTo("incremental");
        assertSameAsFullRebuild(warehouse, tmp.resolve("full-2").toString());
        Row acme = DeltaTables.read(spark(), Tables.silver(CanonicalEntity.CUSTOMERS), warehouse)
                .filter(col("customer_id").equalTo("001A")).first();
        assertThat(acme.<String>getAs("segment") + " " + acme.<String>getAs("channel")).isEqualTo("mid_market partner");

        // Day 3: Stripe cus_2 now names Salesforce 001U: two records matched anew, their facts move.
        bronze(warehouse, 3, "stripe", CanonicalEntity.CUSTOMERS,
                row("customer_id", "cus_2", "name", "Solo Inc", "currency", "USD", "crm_account_id", "001U",
                        "updated_at", "2024-03-01T00:00:00"));
        new Pipeline(spark(), warehouse, log::add).transform(Pipeline.Stage.ALL, CONFIG, true);
        run = latestRun(warehouse);
        assertThat(run.<String>getAs("mode")).isEqualTo("full");
        assertThat(run.<String>getAs("note")).isEqualTo("the identity map changed for 2 customer records "
                + "(salesforce/001U: not matched then, 001U now; stripe/cus_2: not matched then, 001U now): their facts"
                + " move to another customer");
        assertThat(DeltaTables.read(spark(), Tables.silver(CanonicalEntity.SUBSCRIPTION_ITEMS), warehouse)
                .filter(col("item_id").equalTo("si_2")).first().<String>getAs("customer_id")).isEqualTo("001U");
    }

    static Row latestRun(String warehouse) {
        return DeltaTables.read(spark(), Tables.TRANSFORM_RUNS, warehouse).orderBy(col("finished_at").desc()).first();
    }

    /** A full rebuild from a copy of the bronze tables gives the same silver and MRR rows. */
    static void assertSameAsFullRebuild(String warehouse, String full) {
        for (String source : List.of("salesforce", "stripe")) {
            for (CanonicalEntity e : CanonicalEntity.values()) {
                TableDef t = Tables.bronze(source, e);
                if (DeltaTables.exists(spark(), t, warehouse)) {
                    DeltaTables.overwrite(DeltaTables.read(spark(), t, warehouse), t, full);
                }
            }
        }
        new Pipeline(spark(), full, s -> { }).transform(Pipeline.Stage.ALL, CONFIG, false);
        for (TableDef t : List.of(Tables.silver(CanonicalEntity.CUSTOMERS), Tables.silver(CanonicalEntity.INVOICES),
                Tables.silver(CanonicalEntity.SUBSCRIPTION_ITEMS), Tables.IDENTITY_MAP,
                Tables.CUSTOMER_DIMENSION_HISTORY, Tables.MRR_CUSTOMER_MONTH, Tables.MRR_SUMMARY)) {
            assertThat(rows(t, warehouse)).as(t.qualifiedName()).isEqualTo(rows(t, full));
        }
    }

    static List<String> rows(TableDef t, String warehouse) {
        String[] columns = t.columnNames().toArray(String[]::new);
        return DeltaTables.read(spark(), t, warehouse).select(columns[0], Arrays.copyOfRange(columns, 1, columns.length))
                .collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
