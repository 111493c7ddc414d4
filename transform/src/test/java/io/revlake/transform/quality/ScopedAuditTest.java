package io.revlake.transform.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of an incremental run checks the rows it replaced, and still finds what a whole-table audit finds: a bad
 * replaced row, a replaced row whose key an unchanged row of another customer already holds, and, when the previous
 * checks of the table did not all pass, the failures outside the replaced rows.
 */
class ScopedAuditTest {
    private static final TableDef SCHEDULE = Tables.REVENUE_SCHEDULE;

    @TempDir
    Path tmp;

    private static Row schedule(String obligation, String customer, String method) {
        BigDecimal money = new BigDecimal("100.00");
        return RowFactory.create("contract", obligation, "K-" + customer, customer, method, "2024-01", "USD", money,
                money, new BigDecimal("1.0000000000"), money, true);
    }

    private long write(SparkSession spark, String warehouse, Row... rows) {
        DeltaTables.overwrite(spark.createDataFrame(List.of(rows), SparkSchemas.schema(SCHEDULE)), SCHEDULE, warehouse);
        return DeltaTables.version(spark, SCHEDULE, warehouse);
    }

    /** The result of the check of that kind whose name mentions {@code column}. */
    private static QualityResult result(List<QualityResult> results, String kind, String column) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.check().contains(column)).findFirst()
                .orElseThrow();
    }

    @Test
    void replaced_rows_are_checked_with_the_keys_they_share_and_a_table_that_failed_before_is_checked_whole() {
        SparkSession spark = SparkSessions.shared();
        String warehouse = tmp.resolve("warehouse").toString();
        List<String> log = new ArrayList<>();
        WriteAuditPublish wap = new WriteAuditPublish(spark, warehouse, log::add);
        String table = SCHEDULE.qualifiedName();

        long v0 = write(spark, warehouse, schedule("O-1", "c1", "ratable"), schedule("O-2", "c2", "ratable"));
        assertThat(wap.audit("r0", Map.of(table, v0))).allMatch(QualityResult::passed);

        // c2's rows replaced: one with a method no schedule has, one with the key c1's unchanged row holds.
        long v1 = write(spark, warehouse, schedule("O-1", "c1", "ratable"), schedule("O-2", "c2", "bogus"),
                schedule("O-1", "c2", "ratable"));
        log.clear();
        List<QualityResult> scoped = wap.audit("r1", Map.of(table, v1),
                Map.of(table, new WriteAuditPublish.Replaced(Set.of("c2"), "r0", v0)));
        assertThat(log).anyMatch(l -> l.contains("row checks of 1 tables on the replaced customers' rows"));
        assertThat(result(scoped, "accepted_values", "method").failingRows()).isEqualTo(1);
        assertThat(result(scoped, "unique", "obligation_id").failingRows()).as("c1's unchanged row and c2's new one").isEqualTo(2);
        assertThat(result(scoped, "unique", "obligation_id").failingSample()).contains("O-1");
        assertThat(result(scoped, "not_null", "customer_id").passed()).isTrue();

        // The checks of r1's version failed: a later run that replaces c3 only checks the whole table again.
        long v2 = write(spark, warehouse, schedule("O-1", "c1", "ratable"), schedule("O-2", "c2", "bogus"),
                schedule("O-3", "c3", "ratable"));
        log.clear();
        List<QualityResult> whole = wap.audit("r2", Map.of(table, v2),
                Map.of(table, new WriteAuditPublish.Replaced(Set.of("c3"), "r1", v1)));
        assertThat(log).noneMatch(l -> l.contains("replaced customers' rows"));
        assertThat(result(whole, "accepted_values", "method").failingRows()).as("c2's row, outside the replaced ones")
                .isEqualTo(1);

        // Without a record of the previous version's checks, the table is checked whole as well.
        log.clear();
        wap.audit("r3", Map.of(table, v2), Map.of(table, new WriteAuditPublish.Replaced(Set.of("c3"), "r-unknown", v1)));
        assertThat(log).noneMatch(l -> l.contains("replaced customers' rows"));
    }
}
