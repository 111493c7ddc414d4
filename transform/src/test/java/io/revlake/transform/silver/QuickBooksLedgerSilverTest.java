package io.revlake.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Check;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.quality.QualityResult;
import io.revlake.transform.quality.WriteAuditPublish;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QuickBooks fixtures (ingest/src/test/resources/connectors/erp/quickbooks) through IngestJob, the silver stage
 * and the audit on real Delta tables: journal lines are typed in silver.journal_lines, the unbalanced entry 7002 is a
 * warning in ops.quality_results that names it (as is the line of deleted customer C2), and nothing of it blocks
 * publication; a refund receipt is a negative payment in silver.payments.
 */
class QuickBooksLedgerSilverTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static String warehouse;
    static List<QualityResult> results;

    @BeforeAll
    static void ingestAndAudit() throws Exception {
        spark = SparkSessions.shared();
        warehouse = tmp.resolve("warehouse").toString();
        Path quickbooks = Files.createDirectories(tmp.resolve("quickbooks"));
        try (Stream<Path> s = Files.list(Path.of("../ingest/src/test/resources/connectors/erp/quickbooks"))) {
            for (Path f : s.toList()) {
                Files.copy(f, quickbooks.resolve(f.getFileName()));
            }
        }
        List<String> log = new ArrayList<>();
        new IngestJob(spark, warehouse, log::add, "erp").run(quickbooks);
        // As the pipeline does: the silver stage reports rows per table, the audit reads the versions written.
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String table : new SilverJob(spark, warehouse, log::add).run().keySet()) {
            Tables.fixed().stream().filter(t -> t.qualifiedName().equals(table)).findFirst()
                    .ifPresent(t -> versions.put(table, DeltaTables.version(spark, t, warehouse)));
        }
        results = new WriteAuditPublish(spark, warehouse, log::add).audit("qb-ledger", versions);
    }

    static QualityResult result(String table, String check) {
        return results.stream().filter(r -> r.table().equals(table) && r.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " on " + table));
    }

    @Test
    void journal_lines_are_typed_in_silver_without_the_deleted_entry() {
        List<Row> rows = DeltaTables.read(spark, Tables.silver(CanonicalEntity.JOURNAL_LINES), warehouse)
                .orderBy("line_id").collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("line_id"))
                .containsExactly("7001/0", "7001/1", "7001/2", "7002/0", "7002/1", "7005/0", "7005/1");
        Row ar = rows.get(0);
        assertThat(ar.<BigDecimal>getAs("debit")).isEqualByComparingTo("1100.00");
        assertThat(ar.<BigDecimal>getAs("credit")).isEqualByComparingTo("0");
        assertThat(ar.<java.sql.Date>getAs("posting_date").toString()).isEqualTo("2024-01-31");
        assertThat(ar.<String>getAs("_source_customer_id")).isEqualTo("C1");
        assertThat(ar.<String>getAs("customer_id")).isNotNull();
        assertThat(rows.get(5).<String>getAs("customer_id")).isNull();
    }

    @Test
    void an_unbalanced_entry_is_a_warning_naming_it_and_publication_is_not_blocked() {
        QualityResult balance = result("silver.journal_lines", "journal_entries_balance");
        assertThat(balance.severity()).isEqualTo(Check.Severity.WARNING);
        assertThat(balance.passed()).isFalse();
        assertThat(balance.failingRows()).isEqualTo(1);
        assertThat(balance.failingSample()).isEqualTo("[\"journal entry 7002 (EUR): debits 500 ≠ credits 450, off by 50\"]");
        // Customer C2 is deleted in the fixtures: its AR line 7002/0 is an orphan, a warning too.
        QualityResult orphans = result("silver.journal_lines", "references(customer_id -> silver.customers.customer_id)");
        assertThat(orphans.severity()).isEqualTo(Check.Severity.WARNING);
        assertThat(orphans.failingRows()).isEqualTo(1);
        assertThat(orphans.failingSample()).contains("\"line_id\":\"7002/0\"");
        assertThat(result("silver.journal_lines", "unique(line_id)").passed()).isTrue();
        assertThatCode(() -> WriteAuditPublish.requirePassed(results)).doesNotThrowAnyException();
    }

    @Test
    void a_refund_receipt_is_a_negative_payment_in_silver() {
        Row refund = DeltaTables.read(spark, Tables.silver(CanonicalEntity.PAYMENTS), warehouse)
                .filter("payment_id = '8001/refund'").first();
        assertThat(refund.<BigDecimal>getAs("amount")).isEqualByComparingTo("-40.00");
        assertThat(refund.<String>getAs("invoice_id")).isNull();
        assertThat(DeltaTables.read(spark, Tables.silver(CanonicalEntity.PAYMENTS), warehouse)
                .filter("payment_id = '8002/refund'").count()).isZero();
    }
}
