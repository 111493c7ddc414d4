package io.revlake.transform.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.DuckDbReference;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment moves on real Delta tables: a second day's customers.csv moves c1 from smb to enterprise in April (the month
 * it upgrades) and c3 from enterprise to smb in May (the month it churns). Bronze keeps both versions, silver has the
 * dimension history, gold places every month in the segment of that month with entering/leaving rows, every
 * dimension value's bridge holds, and an incremental refresh after day 2 equals a full rebuild.
 */
class SegmentMovesJobTest {
    static final RecurringConfig CONFIG = RecurringConfig.defaults(LocalDate.parse("2024-06-30"));

    @TempDir
    Path tmp;

    @Test
    void a_segment_change_in_a_later_extract_moves_mrr_between_segments_and_incremental_equals_full()
            throws IOException {
        Path day1 = Files.createDirectories(tmp.resolve("day1"));
        Files.writeString(day1.resolve("customers.csv"), """
                customer_id,name,segment,region,country,channel,currency,created_at,updated_at
                c1,Acme,smb,emea,DE,direct,USD,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z
                c2,Globex,enterprise,amer,US,partner,USD,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z
                c3,Initech,enterprise,amer,US,direct,USD,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z
                """);
        Files.writeString(day1.resolve("subscription_items.csv"), """
                item_id,subscription_id,customer_id,start_date,end_date,billing_interval,interval_count,quantity,unit_amount,currency
                i1,s1,c1,2024-01-01,2024-04-01,month,1,1,100,USD
                i2,s1,c1,2024-04-01,,month,1,1,250,USD
                i3,s2,c2,2024-01-01,,month,1,1,300,USD
                i4,s3,c3,2024-01-01,2024-05-15,month,1,1,200,USD
                """);
        Files.writeString(day1.resolve("fx_rates.csv"), """
                date,currency,rate_to_reporting
                2024-01-01,EUR,1.10
                """);
        Path day2 = Files.createDirectories(tmp.resolve("day2"));
        Files.writeString(day2.resolve("customers.csv"), """
                customer_id,name,segment,region,country,channel,currency,created_at,updated_at
                c1,Acme,enterprise,emea,DE,direct,USD,2024-01-01T00:00:00Z,2024-04-10T09:00:00Z
                c3,Initech,smb,amer,US,direct,USD,2024-01-01T00:00:00Z,2024-05-02T00:00:00Z
                """);
        SparkSession spark = SparkSessions.shared();
        List<String> log = new ArrayList<>();
        String incremental = tmp.resolve("incremental").toString();
        String full = tmp.resolve("full").toString();
        new IngestJob(spark, incremental, log::add).run(day1);
        new Pipeline(spark, incremental, log::add).transform(Pipeline.Stage.ALL, CONFIG);
        new IngestJob(spark, incremental, log::add).run(day2);
        new Pipeline(spark, incremental, log::add).transform(Pipeline.Stage.ALL, CONFIG, true);
        new IngestJob(spark, full, log::add).run(day1);
        new IngestJob(spark, full, log::add).run(day2);
        new Pipeline(spark, full, log::add).transform(Pipeline.Stage.ALL, CONFIG);

        assertThat(rows(spark, Tables.CUSTOMER_DIMENSION_HISTORY, full, "customer_id, period",
                "customer_id", "period", "valid_from", "valid_to", "segment", "_source_file")).containsExactly(
                "c1|1|null|2024-04|smb|customers.csv",
                "c1|2|2024-04|null|enterprise|customers.csv",
                "c2|1|null|null|enterprise|customers.csv",
                "c3|1|null|2024-05|enterprise|customers.csv",
                "c3|2|2024-05|null|smb|customers.csv");
        assertThat(rows(spark, Tables.MRR_CUSTOMER_MONTH, full, "customer_id, month", "customer_id", "month", "mrr",
                "segment").stream().filter(r -> r.startsWith("c1|2024-03") || r.startsWith("c1|2024-04"))).containsExactly(
                "c1|2024-03|100.00|smb", "c1|2024-04|250.00|enterprise");
        assertThat(rows(spark, Tables.MRR_MOVEMENTS, full, "month, customer_id, movement", "month", "customer_id",
                "movement", "amount", "segment", "region")).containsExactly(
                "2024-01|c1|new|100.00|smb|emea",
                "2024-01|c2|new|300.00|enterprise|amer",
                "2024-01|c3|new|200.00|enterprise|amer",
                "2024-04|c1|entering|100.00|enterprise|emea",
                "2024-04|c1|expansion|150.00|enterprise|emea",
                "2024-04|c1|leaving|-100.00|smb|emea",
                "2024-05|c3|churn|-200.00|enterprise|amer");
        assertThat(rows(spark, Tables.MRR_DIMENSION_MONTH, full, "dimension, value, month", "dimension", "value",
                "month", "mrr", "expansion", "churn", "entering", "leaving").stream()
                .filter(r -> r.contains("|2024-04|") || r.contains("|2024-05|"))).containsExactly(
                "channel|direct|2024-04|450.00|150.00|0.00|0.00|0.00",
                "channel|direct|2024-05|250.00|0.00|-200.00|0.00|0.00",
                "channel|partner|2024-04|300.00|0.00|0.00|0.00|0.00",
                "channel|partner|2024-05|300.00|0.00|0.00|0.00|0.00",
                "currency|USD|2024-04|750.00|150.00|0.00|0.00|0.00",
                "currency|USD|2024-05|550.00|0.00|-200.00|0.00|0.00",
                // the items have no plan id: every customer is in plan (none)
                "plan|(none)|2024-04|750.00|150.00|0.00|0.00|0.00",
                "plan|(none)|2024-05|550.00|0.00|-200.00|0.00|0.00",
                "region|amer|2024-04|500.00|0.00|0.00|0.00|0.00",
                "region|amer|2024-05|300.00|0.00|-200.00|0.00|0.00",
                "region|emea|2024-04|250.00|150.00|0.00|0.00|0.00",
                "region|emea|2024-05|250.00|0.00|0.00|0.00|0.00",
                "segment|enterprise|2024-04|750.00|150.00|0.00|100.00|0.00",
                "segment|enterprise|2024-05|550.00|0.00|-200.00|0.00|0.00",
                "segment|smb|2024-04|0.00|0.00|0.00|0.00|-100.00");
        assertThat(rows(spark, Tables.MRR_SUMMARY, full, "month", "month", "mrr", "expansion", "churn"))
                .contains("2024-04|750.00|150.00|0.00", "2024-05|550.00|0.00|-200.00");
        assertThat(DeltaTables.read(spark, Tables.MRR_SUMMARY, full).columns()).doesNotContain("entering", "leaving");
        assertThat(rows(spark, Tables.QUALITY_RESULTS, full, "check_name", "check_name", "passed").stream()
                .filter(r -> r.startsWith("mrr_dimension_bridge"))).containsExactly("mrr_dimension_bridge|true");

        Row run = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, incremental)
                .orderBy(org.apache.spark.sql.functions.col("finished_at").desc()).first();
        assertThat(run.<String>getAs("mode")).as(run.<String>getAs("note")).isEqualTo("incremental");
        List<String> diffs = new ArrayList<>();
        for (TableDef t : List.of(Tables.CUSTOMER_DIMENSION_HISTORY, Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS,
                Tables.MRR_SUMMARY, Tables.MRR_DIMENSION_MONTH, Tables.COHORT_RETENTION)) {
            diffs.addAll(TableDiff.differences(spark, t, incremental, full, List.of("_batch_id", "_ingested_at"), 5));
        }
        assertThat(diffs).isEmpty();

        // The independent SQL (DuckDbReference) places the same rows in the same segments.
        for (TableDef t : List.of(Tables.silver(CanonicalEntity.SUBSCRIPTION_ITEMS), Tables.silver(CanonicalEntity.FX_RATES),
                Tables.CUSTOMER_DIMENSION_HISTORY)) {
            DeltaTables.read(spark, t, full).write().parquet(tmp.resolve("parquet").resolve(t.name()).toString());
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbReference.run(duck, tmp.resolve("parquet/subscription_items"), tmp.resolve("parquet/fx_rates"),
                    CONFIG.asOf());
            DuckDbReference.runSegments(duck, tmp.resolve("parquet/customer_dimension_history"));
            List<String> expected = new ArrayList<>();
            try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT month, segment, kind, amount FROM segment_rows ORDER BY ALL")) {
                while (rs.next()) {
                    expected.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                            + rs.getString(4));
                }
            }
            List<String> actual = new ArrayList<>();
            List<String> kinds = List.of("mrr", "new", "reactivation", "expansion", "contraction", "churn", "fx",
                    "entering", "leaving");
            for (Row r : DeltaTables.read(spark, Tables.MRR_DIMENSION_MONTH, full).where("dimension = 'segment'")
                    .collectAsList()) {
                for (String k : kinds) {
                    java.math.BigDecimal v = r.getAs(k);
                    if (v.signum() != 0) {
                        actual.add(r.getAs("month") + "|" + r.getAs("value") + "|" + k + "|"
                                + v.movePointRight(2).setScale(0).toPlainString());
                    }
                }
            }
            assertThat(expected).contains("2024-04|enterprise|entering|10000", "2024-04|smb|leaving|-10000");
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(SparkSession spark, TableDef table, String warehouse, String order,
                                     String... columns) {
        List<String> out = new ArrayList<>();
        var data = DeltaTables.read(spark, table, warehouse);
        for (Row r : data.orderBy(java.util.Arrays.stream(order.split(",\\s*"))
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)).collectAsList()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                values.add(String.valueOf(r.get(i)));
            }
            out.add(String.join("|", values));
        }
        return out;
    }
}
