package io.revlake.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finance stage's AR aging (every month end), DSO's AR (start, end, current) and billings, and billings invoice by
 * invoice (gold.billings) compared row by row with
 * {@link DuckDbFinanceReference}, the same definitions written independently in SQL over the silver tables.
 */
class DuckDbFinanceCrossCheckTest {
    static SparkSession spark;
    static GeneratedCompany company;
    @TempDir
    static Path tmp;
    static Connection duck;

    @BeforeAll
    static void runTheSqlOnSilver() throws SQLException {
        company = GeneratedCompany.get();
        spark = GeneratedCompany.spark();
        for (CanonicalEntity e : new CanonicalEntity[] {CanonicalEntity.INVOICES, CanonicalEntity.PAYMENTS,
                CanonicalEntity.CREDIT_NOTES, CanonicalEntity.FX_RATES, CanonicalEntity.INVOICE_LINES,
                CanonicalEntity.CONTRACTS, CanonicalEntity.OBLIGATIONS, CanonicalEntity.SUBSCRIPTION_ITEMS}) {
            DeltaTables.read(spark, Tables.silver(e), company.warehouse).write().parquet(tmp.resolve(e.fileStem()).toString());
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
        DuckDbFinanceReference.run(duck, scan("invoices"), scan("payments"), scan("credit_notes"), scan("fx_rates"),
                GeneratedCompany.AS_OF, "USD");
        DuckDbFinanceReference.schedule(duck, scan("invoices"), scan("invoice_lines"), scan("credit_notes"),
                scan("contracts"), scan("obligations"), scan("subscription_items"), GeneratedCompany.AS_OF);
    }

    @AfterAll
    static void close() throws SQLException {
        if (duck != null) {
            duck.close();
        }
    }

    private static String scan(String stem) {
        return "read_parquet('" + tmp.resolve(stem) + "/*.parquet')";
    }

    private static List<String> duck(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? " | " : "").append(rs.getObject(i) instanceof BigDecimal d
                            ? d.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString() : rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static String money(Object v) {
        return ((BigDecimal) v).setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    @Test
    void aging_at_every_month_end_agrees_invoice_by_invoice() throws SQLException {
        List<String> expected = duck("SELECT as_of, invoice_id, currency, bucket, days_past_due, round(open, 2),"
                + " open_reporting FROM aging_rep");
        List<String> gold = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.AR_AGING, company.warehouse).collectAsList()) {
            gold.add(r.getAs("as_of") + " | " + r.getAs("invoice_id") + " | " + r.getAs("currency") + " | "
                    + r.getAs("bucket") + " | " + r.getAs("days_past_due") + " | " + money(r.getAs("open_amount"))
                    + " | " + money(r.getAs("open_amount_reporting")));
        }
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(duck("SELECT count(DISTINCT as_of) FROM aging_rep")).containsExactly(
                String.valueOf(DeltaTables.read(spark, Tables.AR_AGING, company.warehouse).select("as_of").distinct().count()));
        assertThat(gold).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void dso_ar_end_is_the_sum_of_the_aging_rows_to_the_cent() {
        List<String> aging = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.AR_AGING, company.warehouse).groupBy("as_of")
                .agg(org.apache.spark.sql.functions.sum("open_amount_reporting")).collectAsList()) {
            aging.add(r.get(0) + " | " + money(r.get(1)));
        }
        List<String> dso = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.DSO_MONTH, company.warehouse)
                .filter(org.apache.spark.sql.functions.col("ar_end").notEqual(0)).collectAsList()) {
            dso.add(r.getAs("as_of") + " | " + money(r.getAs("ar_end")));
        }
        assertThat(dso).hasSizeGreaterThan(10).containsExactlyInAnyOrderElementsOf(aging);
    }

    @Test
    void dso_ar_end_and_billings_agree_every_month() throws SQLException {
        List<String> expected = duck("SELECT as_of, ar_start, ar_end, current_ar_end, billings, days FROM dso");
        List<String> gold = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.DSO_MONTH, company.warehouse).collectAsList()) {
            gold.add(r.getAs("as_of") + " | " + money(r.getAs("ar_start")) + " | " + money(r.getAs("ar_end")) + " | "
                    + money(r.getAs("current_ar_end")) + " | " + money(r.getAs("billings")) + " | " + r.getAs("days"));
        }
        assertThat(gold).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void billings_agree_invoice_by_invoice_and_each_month_adds_up_to_dso_billings() throws SQLException {
        List<String> expected = duck("SELECT invoice_id, customer_id, invoice_date, month, as_of, currency, total,"
                + " total_reporting FROM bill_rows");
        List<String> gold = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.BILLINGS, company.warehouse).collectAsList()) {
            gold.add(r.getAs("invoice_id") + " | " + r.getAs("customer_id") + " | " + r.getAs("invoice_date") + " | "
                    + r.getAs("month") + " | " + r.getAs("as_of") + " | " + r.getAs("currency") + " | "
                    + money(r.getAs("total")) + " | " + money(r.getAs("total_reporting")));
        }
        assertThat(expected).hasSizeGreaterThan(1000);
        // the generated company bills in several currencies, so the largest-remainder split is exercised
        assertThat(duck("SELECT count(DISTINCT currency) FROM bill_rows").get(0)).isNotEqualTo("1");
        assertThat(gold).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(duck("SELECT count(*) FROM (SELECT month, sum(total_reporting) AS s FROM bill_rows GROUP BY month) b"
                + " JOIN dso d ON strftime(d.as_of, '%Y-%m') = b.month WHERE b.s <> d.billings")).containsExactly("0");
    }

    @Test
    void revenue_schedule_agrees_obligation_by_obligation_and_month_by_month() throws SQLException {
        assertThat(duck("SELECT what || ': ' || n FROM sched_unsupported WHERE n <> 0")).isEmpty();
        List<String> expected = duck("SELECT source, obligation_id, contract_id, customer_id, method, month, currency,"
                + " allocated_price, recognized FROM sched"
                + " WHERE (source, obligation_id) NOT IN (SELECT (source, obligation_id) FROM sched_modified)");
        Set<String> modified = new HashSet<>(duck("SELECT source || ' ' || obligation_id FROM sched_modified"));
        List<String> gold = new ArrayList<>();
        Set<String> methods = new TreeSet<>();
        for (Row r : DeltaTables.read(spark, Tables.REVENUE_SCHEDULE, company.warehouse).collectAsList()) {
            if (modified.contains(r.getAs("source") + " " + r.getAs("obligation_id"))) {
                continue;
            }
            methods.add(r.getAs("source") + " " + r.getAs("method"));
            gold.add(r.getAs("source") + " | " + r.getAs("obligation_id") + " | " + r.getAs("contract_id") + " | "
                    + r.getAs("customer_id") + " | " + r.getAs("method") + " | " + r.getAs("month") + " | "
                    + r.getAs("currency") + " | " + money(r.getAs("allocated_price")) + " | "
                    + money(r.getAs("recognized")));
        }
        // every kind of obligation the generator produces is compared, not only the easy ones
        assertThat(methods).contains("contract ratable", "contract point_in_time", "contract usage", "invoice ratable");
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(gold).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void the_schedule_cross_check_leaves_out_only_obligations_a_credit_note_touched() throws SQLException {
        long all = DeltaTables.read(spark, Tables.REVENUE_SCHEDULE, company.warehouse)
                .select("source", "obligation_id").distinct().count();
        long left = Long.parseLong(duck("SELECT count(*) FROM sched_modified").get(0));
        assertThat(left).as("obligations left out of the comparison, of %d", all).isLessThan(all / 5);
    }
}
