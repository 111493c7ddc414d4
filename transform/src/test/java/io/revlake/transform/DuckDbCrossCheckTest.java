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
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job's gold tables compared row by row with {@link DuckDbReference}, a second, independent implementation
 * of MRR and movements in plain SQL over the silver tables written as Parquet.
 *
 * <p>The SQL keeps money in integers, exact under a precondition checked first: amounts, quantities and discounts
 * have at most 2 decimals and every interval count divides 2520. A first version rounded each item down at 1e-18
 * and disagreed by one cent on three customers whose exact MRR ends in a half cent (e.g. 14,249.05 ÷ 12 +
 * 465,366.05 ÷ 12 = 39,967.925): the Spark job then summed items rounded at 12 decimals, right only by luck, and now
 * sums exact fractions ({@code MonthlyAmount}).
 */
class DuckDbCrossCheckTest {
    static SparkSession spark;
    static GeneratedCompany company;
    @TempDir
    static Path tmp;
    static Connection duck;

    @BeforeAll
    static void exportSilverAsParquet() throws SQLException {
        company = GeneratedCompany.get();
        spark = GeneratedCompany.spark();
        for (CanonicalEntity e : new CanonicalEntity[] {CanonicalEntity.SUBSCRIPTION_ITEMS, CanonicalEntity.FX_RATES}) {
            DeltaTables.read(spark, Tables.silver(e), company.warehouse).write().parquet(tmp.resolve(e.fileStem()).toString());
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
        DuckDbReference.run(duck, tmp.resolve("subscription_items"), tmp.resolve("fx_rates"), GeneratedCompany.AS_OF);
        DuckDbReference.runPlans(duck);
    }

    static Map<String, String> duck(String sql) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static String cents(Object v) {
        return new BigDecimal(v.toString()).movePointRight(2).setScale(0).toPlainString();
    }

    @Test
    void the_precondition_for_exact_integer_sql_holds() throws SQLException {
        Map<String, String> bad = duck("SELECT item_id, 'too many decimals or odd interval count' FROM items WHERE "
                + "unit_amount * 100 <> round(unit_amount * 100) OR coalesce(quantity, 1) * 100 <> round(coalesce(quantity, 1) * 100) "
                + "OR coalesce(discount_pct, 0) * 100 <> round(coalesce(discount_pct, 0) * 100) "
                + "OR coalesce(discount_amount, 0) * 100 <> round(coalesce(discount_amount, 0) * 100) "
                + "OR 2520 % coalesce(interval_count, 1) <> 0");
        assertThat(bad).isEmpty();
    }

    @Test
    void customer_month_mrr_agrees_row_by_row() throws SQLException {
        Map<String, String> expected = duck("SELECT month || '/' || customer_id, currency || ' ' || src_cents || ' ' || "
                + "rep_cents || ' ' || const_cents FROM cust_month");
        Map<String, String> actual = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, company.warehouse).collectAsList()) {
            actual.put(r.getAs("month") + "/" + r.getAs("customer_id"), r.getAs("currency") + " "
                    + cents(r.getAs("mrr_source_currency")) + " " + cents(r.getAs("mrr")) + " "
                    + cents(r.getAs("mrr_constant_currency")));
        }
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void movements_agree_row_by_row() throws SQLException {
        // The generated customers keep their segment, region and channel, but change plans: a change of main plan
        // while paying is a leaving and an entering row.
        Map<String, String> expected = duck("SELECT month || '/' || customer_id || '/' || movement, CAST(amount AS VARCHAR)"
                + " FROM (SELECT * FROM movements UNION ALL SELECT * FROM moves_plan)");
        Map<String, String> actual = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, Tables.MRR_MOVEMENTS, company.warehouse).collectAsList()) {
            actual.put(r.getAs("month") + "/" + r.getAs("customer_id") + "/" + r.getAs("movement"), cents(r.getAs("amount")));
        }
        assertThat(expected.keySet()).anyMatch(k -> k.endsWith("/churn")).anyMatch(k -> k.endsWith("/fx"))
                .anyMatch(k -> k.endsWith("/entering"));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void each_customer_month_counts_in_the_same_main_plan() throws SQLException {
        Map<String, String> expected = duck("SELECT month || '/' || customer_id, p.segment FROM cust_month"
                + " JOIN seg_at_plan p USING (customer_id, month)");
        Map<String, String> actual = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, company.warehouse).collectAsList()) {
            actual.put(r.getAs("month") + "/" + r.getAs("customer_id"), r.getAs("plan"));
        }
        assertThat(new java.util.HashSet<>(expected.values())).hasSizeGreaterThan(3).doesNotContain("(none)");
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void the_plan_bridge_agrees_row_by_row() throws SQLException {
        Map<String, String> expected = duck("SELECT month || '/' || segment || '/' || kind, CAST(amount AS VARCHAR)"
                + " FROM segment_rows_plan");
        Map<String, String> actual = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, Tables.MRR_DIMENSION_MONTH, company.warehouse)
                .where("dimension = 'plan'").collectAsList()) {
            for (String k : java.util.List.of("mrr", "new", "reactivation", "expansion", "contraction", "churn", "fx",
                    "entering", "leaving")) {
                BigDecimal v = r.getAs(k);
                if (v.signum() != 0) {
                    actual.put(r.getAs("month") + "/" + r.getAs("value") + "/" + k, cents(v));
                }
            }
        }
        assertThat(expected.keySet()).anyMatch(k -> k.endsWith("/leaving"));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
