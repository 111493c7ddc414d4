package io.revlake.transform.silver;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-built warehouse (bronze rows written directly) where one company, Acme, is Salesforce account 001A, Stripe
 * customer cus_1 (its metadata names 001A), ERP customer E1 (named by 001A) and canonical customer C-ACME (naming
 * 001A); Stripe cus_2 and Salesforce 001U share no key (unmatched); Salesforce 001C1 and 001C2 both claim Stripe cus_3
 * (a conflict). Worked by hand: every Acme fact carries 001A, silver.customers holds one Acme row merged per
 * {@link CustomerPrecedence}, the others keep their own ids, and gold MRR counts Acme once.
 */
class IdentityAppliedTest {
    static final LocalDate AS_OF = LocalDate.of(2024, 3, 31);
    @TempDir
    static Path tmp;
    static String warehouse;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void build() {
        warehouse = tmp.resolve("warehouse").toString();
        bronze("salesforce", CanonicalEntity.CUSTOMERS,
                row("customer_id", "001A", "name", "Acme Corp", "segment", "enterprise", "region", "emea",
                        "currency", "GBP", "billing_customer_id", "cus_1", "erp_customer_id", "E1",
                        "updated_at", "2024-01-05T00:00:00"),
                row("customer_id", "001U", "name", "Solo", "segment", "smb"),
                row("customer_id", "001C1", "name", "Initech", "billing_customer_id", "cus_3"),
                row("customer_id", "001C2", "name", "Initech Ltd", "billing_customer_id", "cus_3"));
        bronze("stripe", CanonicalEntity.CUSTOMERS,
                row("customer_id", "cus_1", "name", "ACME INC", "segment", "smb", "channel", "web", "currency", "USD",
                        "crm_account_id", "001A", "billing_customer_id", "cus_1", "updated_at", "2024-02-01T00:00:00"),
                // A later version of cus_1 moves its segment: the CRM's value still wins, and no history period opens.
                row("customer_id", "cus_1", "name", "ACME INC", "segment", "mid_market", "channel", "web",
                        "currency", "USD", "crm_account_id", "001A", "billing_customer_id", "cus_1",
                        "updated_at", "2024-03-01T00:00:00"),
                row("customer_id", "cus_2", "name", "Acme", "currency", "USD"),
                row("customer_id", "cus_3", "name", "Initech", "currency", "USD"));
        bronze("erp", CanonicalEntity.CUSTOMERS,
                row("customer_id", "E1", "name", "Acme GmbH", "currency", "EUR", "country", "DE"));
        bronze("canonical", CanonicalEntity.CUSTOMERS,
                row("customer_id", "C-ACME", "name", "Acme (canonical)", "crm_account_id", "001A", "currency", "USD"));
        bronze("stripe", CanonicalEntity.SUBSCRIPTION_ITEMS,
                item("si_1", "cus_1", "100.00"), item("si_2", "cus_2", "30.00"), item("si_3", "cus_3", "50.00"));
        bronze("canonical", CanonicalEntity.SUBSCRIPTION_ITEMS, item("si_c", "C-ACME", "20.00"));
        bronze("stripe", CanonicalEntity.INVOICES, invoice("in_1", "cus_1"), invoice("in_2", "cus_2"));
        bronze("erp", CanonicalEntity.INVOICES, invoice("INV-E1", "E1"));
        bronze("stripe", CanonicalEntity.PAYMENTS, row("payment_id", "py_1", "customer_id", "cus_1",
                "invoice_id", "in_1", "payment_date", "2024-01-05", "amount", "120.00", "currency", "USD"));
        bronze("salesforce", CanonicalEntity.OPPORTUNITIES, row("opportunity_id", "006A", "customer_id", "001A",
                "stage", "Closed Won", "is_closed", "true", "is_won", "true", "amount", "1200.00", "currency", "USD",
                "created_date", "2023-12-01", "close_date", "2023-12-20"));
        bronze("salesforce", CanonicalEntity.CONTRACTS, row("contract_id", "800A", "customer_id", "001A",
                "signed_date", "2023-12-20", "start_date", "2024-01-01", "end_date", "2025-01-01", "currency", "USD",
                "transaction_price", "1200.00"));
        new SilverJob(spark(), warehouse, log::add).run();
    }

    @Test
    void facts_of_every_source_carry_the_one_resolved_customer_and_keep_their_source_id() {
        assertThat(customerOf(CanonicalEntity.INVOICES, "invoice_id"))
                .containsExactlyInAnyOrder("in_1 → 001A (cus_1)", "INV-E1 → 001A (E1)", "in_2 → cus_2 (cus_2)");
        assertThat(customerOf(CanonicalEntity.SUBSCRIPTION_ITEMS, "item_id")).containsExactlyInAnyOrder(
                "si_1 → 001A (cus_1)", "si_c → 001A (C-ACME)", "si_2 → cus_2 (cus_2)", "si_3 → cus_3 (cus_3)");
        assertThat(customerOf(CanonicalEntity.PAYMENTS, "payment_id")).containsExactly("py_1 → 001A (cus_1)");
        assertThat(customerOf(CanonicalEntity.OPPORTUNITIES, "opportunity_id")).containsExactly("006A → 001A (001A)");
        assertThat(customerOf(CanonicalEntity.CONTRACTS, "contract_id")).containsExactly("800A → 001A (001A)");
    }

    @Test
    void the_records_of_one_customer_are_one_row_merged_by_precedence_and_unmatched_or_conflicting_ones_stay_apart() {
        List<Row> customers = DeltaTables.read(spark(), Tables.silver(CanonicalEntity.CUSTOMERS), warehouse)
                .orderBy("customer_id").collectAsList();
        assertThat(customers).extracting(r -> r.<String>getAs("customer_id"))
                .containsExactly("001A", "001C1", "001C2", "001U", "cus_2", "cus_3");
        Row acme = customers.get(0);
        // CRM for who the customer is, first system with a value when the CRM has none, billing for the currency.
        assertThat(acme.<String>getAs("name")).isEqualTo("Acme Corp");
        assertThat(acme.<String>getAs("segment")).isEqualTo("enterprise");
        assertThat(acme.<String>getAs("region")).isEqualTo("emea");
        assertThat(acme.<String>getAs("channel")).isEqualTo("web");
        assertThat(acme.<String>getAs("country")).isEqualTo("DE");
        assertThat(acme.<String>getAs("currency")).isEqualTo("USD");
        assertThat(acme.<String>getAs("crm_account_id")).isEqualTo("001A");
        assertThat(acme.<String>getAs("billing_customer_id")).isEqualTo("cus_1");
        assertThat(acme.<String>getAs("erp_customer_id")).isEqualTo("E1");
        assertThat(acme.<String>getAs("_source")).isEqualTo("salesforce");
        assertThat(acme.<String>getAs("_source_customer_id")).isEqualTo("001A");

        Map<String, String> status = new LinkedHashMap<>();
        DeltaTables.read(spark(), Tables.IDENTITY_MAP, warehouse).collectAsList().forEach(r ->
                status.put(r.<String>getAs("source") + "/" + r.<String>getAs("source_customer_id"), r.getAs("status")));
        assertThat(status).containsEntry("salesforce/001C1", "conflict").containsEntry("salesforce/001C2", "conflict")
                .containsEntry("stripe/cus_3", "conflict").containsEntry("stripe/cus_2", "unmatched")
                .containsEntry("salesforce/001U", "unmatched").containsEntry("stripe/cus_1", "matched")
                .containsEntry("erp/E1", "matched").containsEntry("canonical/C-ACME", "matched");
        assertThat(log).contains("  silver.identity_map: 9 customer records: 4 matched into 1 customers, 2 unmatched, "
                + "3 in conflicts");
    }

    @Test
    void a_merged_customers_dimension_history_is_that_of_its_crm_record() {
        List<Row> history = DeltaTables.read(spark(), Tables.CUSTOMER_DIMENSION_HISTORY, warehouse)
                .filter(col("customer_id").equalTo("001A")).collectAsList();
        assertThat(history).extracting(r -> r.<String>getAs("segment") + " from " + r.<String>getAs("_source"))
                .containsExactly("enterprise from salesforce");
        assertThat(DeltaTables.read(spark(), Tables.CUSTOMER_DIMENSION_HISTORY, warehouse)
                .filter(col("customer_id").isin("cus_1", "E1", "C-ACME")).count()).isZero();
    }

    @Test
    void gold_mrr_counts_the_merged_customer_once() {
        String gold = tmp.resolve("gold-warehouse").toString();
        copyBronzeTo(gold);
        RecurringConfig config = RecurringConfig.defaults(AS_OF);
        new Pipeline(spark(), gold, log::add).transform(Pipeline.Stage.SILVER, config);
        new Pipeline(spark(), gold, log::add).transform(Pipeline.Stage.RECURRING, config);
        Row march = DeltaTables.read(spark(), Tables.MRR_SUMMARY, gold).filter(col("month").equalTo("2024-03"))
                .collectAsList().get(0);
        // Acme (100 Stripe + 20 canonical), cus_2 and cus_3: three paying customers, not four.
        assertThat(march.<Long>getAs("paying_customers")).isEqualTo(3L);
        List<Row> acme = DeltaTables.read(spark(), Tables.MRR_CUSTOMER_MONTH, gold)
                .filter(col("month").equalTo("2024-03").and(col("customer_id").equalTo("001A"))).collectAsList();
        assertThat(acme).hasSize(1);
        assertThat(acme.get(0).<java.math.BigDecimal>getAs("mrr")).isEqualByComparingTo("120.00");
    }

    // ---- helpers ----

    static SparkSession spark() {
        return SparkSessions.shared();
    }

    /** Every bronze table of {@link #warehouse}, copied as is into another warehouse. */
    static void copyBronzeTo(String other) {
        for (String source : List.of("salesforce", "stripe", "erp", "canonical")) {
            for (CanonicalEntity e : CanonicalEntity.values()) {
                TableDef t = Tables.bronze(source, e);
                if (DeltaTables.exists(spark(), t, warehouse)) {
                    DeltaTables.overwrite(DeltaTables.read(spark(), t, warehouse), t, other);
                }
            }
        }
    }

    /** {@code key → customer_id (_source_customer_id)} of a silver table. */
    static List<String> customerOf(CanonicalEntity entity, String key) {
        return DeltaTables.read(spark(), Tables.silver(entity), warehouse).collectAsList().stream()
                .map(r -> r.getAs(key) + " → " + r.getAs("customer_id") + " (" + r.getAs("_source_customer_id") + ")")
                .toList();
    }

    static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> item(String id, String customer, String amount) {
        return row("item_id", id, "subscription_id", "sub_" + id, "customer_id", customer, "start_date", "2024-01-01",
                "billing_interval", "month", "quantity", "1", "unit_amount", amount, "currency", "USD");
    }

    static Map<String, String> invoice(String id, String customer) {
        return row("invoice_id", id, "customer_id", customer, "invoice_date", "2024-01-01", "due_date", "2024-01-31",
                "currency", "USD", "subtotal", "100.00", "total", "100.00", "status", "paid");
    }

    @SafeVarargs
    static void bronze(String source, CanonicalEntity entity, Map<String, String>... records) {
        bronze(warehouse, 1, source, entity, records);
    }

    /**
     * Appends the records as one ingest batch of {@code bronze.<source>_<entity>} (change data feed on, as ingest
     * writes it), lineage filled in; a later batch is ingested later.
     */
    @SafeVarargs
    static void bronze(String warehouse, int batch, String source, CanonicalEntity entity,
                       Map<String, String>... records) {
        TableDef table = Tables.bronze(source, entity);
        List<Row> rows = new ArrayList<>();
        long n = 0;
        for (Map<String, String> rec : records) {
            List<Object> values = new ArrayList<>();
            for (CanonicalField f : entity.fields()) {
                values.add(rec.get(f.name()));
            }
            values.add("{}");
            values.addAll(List.of(source, entity.fileName(), ++n, "batch-" + batch,
                    Timestamp.valueOf(LocalDate.of(2024, 4, batch).atStartOfDay()),
                    "hash-" + batch + "-" + source + "-" + entity.fileStem(), "row-" + n));
            rows.add(RowFactory.create(values.toArray()));
        }
        DeltaTables.appendOnce(spark().createDataFrame(rows, SparkSchemas.schema(table)), table, warehouse,
                "test-" + batch + "-" + source + "-" + entity.fileStem());
    }
}
