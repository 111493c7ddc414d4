package io.revlake.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.FileResult;
import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.spark.DeltaTables;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generate a company → ingest → transform → export, compared with the generator's ground truth (taken from its
 * simulation state, not from this code) to the cent.
 */
class EndToEndTest {
    static final int MONTHS = GeneratedCompany.MONTHS;
    static final LocalDate AS_OF = GeneratedCompany.AS_OF;

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path extract;
    static String warehouse;
    static IngestReport ingest;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void runPipeline() {
        GeneratedCompany company = GeneratedCompany.get();
        spark = GeneratedCompany.spark();
        extract = company.extract;
        warehouse = company.warehouse;
        ingest = company.ingest;
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static Map<String, String> keyed(List<CSVRecord> rows, Function<CSVRecord, String> key, List<String> valueCols) {
        Map<String, String> out = new TreeMap<>();
        for (CSVRecord r : rows) {
            StringBuilder v = new StringBuilder();
            for (String c : valueCols) {
                String s = r.get(c);
                v.append(c).append('=').append(s.matches("-?\\d+(\\.\\d+)?") ? new BigDecimal(s).setScale(2).toPlainString() : s).append(' ');
            }
            String k = key.apply(r);
            assertThat(out.put(k, v.toString().trim())).as("duplicate key " + k).isNull();
        }
        return out;
    }

    static Map<String, String> exported(TableDef table, Function<CSVRecord, String> key, List<String> valueCols)
            throws IOException {
        Path out = tmp.resolve("export-" + table.name() + ".csv");
        Exporter.export(spark, table, warehouse, null, out);
        return keyed(csv(out), key, valueCols);
    }

    @Test
    void ingest_accepts_every_generated_row_and_reconciles() {
        assertThat(ingest.files()).isNotEmpty().allMatch(FileResult::reconciles);
        assertThat(ingest.files()).allMatch(f -> f.status().equals("accepted"), "all accepted");
        assertThat(ingest.rowsRejected()).isZero();
    }

    @Test
    void every_customer_month_mrr_equals_the_ground_truth_to_the_cent() throws IOException {
        List<String> cols = List.of("currency", "mrr_source_currency", "mrr", "mrr_constant_currency");
        Function<CSVRecord, String> key = r -> r.get("month") + "/" + r.get("customer_id");
        Map<String, String> truth = keyed(csv(extract.resolve("truth/mrr_customer_month.csv")), key, cols);
        Map<String, String> ours = exported(Tables.MRR_CUSTOMER_MONTH, key, cols);
        assertThat(truth).hasSizeGreaterThan(1000);
        assertThat(ours).containsExactlyInAnyOrderEntriesOf(truth);
    }

    @Test
    void every_movement_equals_the_ground_truth_to_the_cent() throws IOException {
        List<String> cols = List.of("amount");
        Function<CSVRecord, String> key = r -> r.get("month") + "/" + r.get("customer_id") + "/" + r.get("movement");
        Map<String, String> truth = keyed(csv(extract.resolve("truth/mrr_movements.csv")), key, cols);
        Map<String, String> ours = exported(Tables.MRR_MOVEMENTS, key, cols);
        assertThat(truth.keySet()).anyMatch(k -> k.endsWith("/reactivation")).anyMatch(k -> k.endsWith("/fx"))
                .anyMatch(k -> k.endsWith("/contraction")).anyMatch(k -> k.endsWith("/expansion"));
        // The truth is the company bridge. Entering and leaving move MRR between plans (customers change main plan
        // while paying), so they are not in it; for each customer and month they cancel.
        Map<String, java.math.BigDecimal> moved = new java.util.TreeMap<>();
        Map<String, String> company = new java.util.TreeMap<>();
        ours.forEach((k, v) -> {
            if (k.endsWith("/entering") || k.endsWith("/leaving")) {
                moved.merge(k.substring(0, k.lastIndexOf('/')), new java.math.BigDecimal(v.substring("amount=".length())),
                        java.math.BigDecimal::add);
            } else {
                company.put(k, v);
            }
        });
        assertThat(moved).isNotEmpty().allSatisfy((k, net) -> assertThat(net).as(k).isZero());
        assertThat(company).containsExactlyInAnyOrderEntriesOf(truth);
    }

    @Test
    void the_bridge_holds_for_every_month() {
        List<Row> rows = DeltaTables.read(spark, Tables.MRR_SUMMARY, warehouse).orderBy("month").collectAsList();
        assertThat(rows).hasSize(MONTHS);
        BigDecimal previous = BigDecimal.ZERO;
        for (Row r : rows) {
            BigDecimal moved = BigDecimal.ZERO;
            for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx")) {
                moved = moved.add(r.getAs(m));
            }
            assertThat(previous.add(moved)).as("bridge of " + r.getAs("month")).isEqualByComparingTo(r.<BigDecimal>getAs("mrr"));
            assertThat(r.<BigDecimal>getAs("arr")).isEqualByComparingTo(r.<BigDecimal>getAs("mrr").multiply(BigDecimal.valueOf(12)));
            previous = r.getAs("mrr");
        }
    }

    @Test
    void every_dimension_value_has_its_own_bridge_and_the_values_add_up_to_the_company() {
        List<Row> rows = DeltaTables.read(spark, Tables.MRR_DIMENSION_MONTH, warehouse)
                .orderBy("dimension", "value", "month").collectAsList();
        Map<String, Row> summary = new TreeMap<>();
        DeltaTables.read(spark, Tables.MRR_SUMMARY, warehouse).collectAsList()
                .forEach(r -> summary.put(r.getAs("month"), r));
        Map<String, BigDecimal> previous = new TreeMap<>();
        Map<String, BigDecimal> mrrByDimensionMonth = new TreeMap<>();
        Map<String, Long> payingByDimensionMonth = new TreeMap<>();
        for (Row r : rows) {
            String group = r.getAs("dimension") + "=" + r.getAs("value");
            BigDecimal moved = BigDecimal.ZERO;
            for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx", "entering",
                    "leaving")) {
                moved = moved.add(r.getAs(m));
            }
            assertThat(previous.getOrDefault(group, BigDecimal.ZERO).add(moved))
                    .as("bridge of " + group + " " + r.getAs("month")).isEqualByComparingTo(r.<BigDecimal>getAs("mrr"));
            previous.put(group, r.getAs("mrr"));
            String dm = r.getAs("dimension") + " " + r.getAs("month");
            mrrByDimensionMonth.merge(dm, r.getAs("mrr"), BigDecimal::add);
            payingByDimensionMonth.merge(dm, r.<Long>getAs("paying_customers"), Long::sum);
        }
        assertThat(rows).extracting(r -> r.<String>getAs("dimension")).containsOnly(
                Tables.MRR_DIMENSIONS.toArray(String[]::new));
        for (String dimension : Tables.MRR_DIMENSIONS) {
            for (Row s : summary.values()) {
                String dm = dimension + " " + s.getAs("month");
                assertThat(mrrByDimensionMonth.get(dm)).as(dm).isEqualByComparingTo(s.<BigDecimal>getAs("mrr"));
                assertThat(payingByDimensionMonth.get(dm)).as(dm).isEqualTo(s.<Long>getAs("paying_customers"));
            }
        }
        // Independently of the job's grouping: the segment rows are the customer-month table summed by segment.
        Map<String, String> bySegment = new TreeMap<>();
        DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, warehouse).groupBy("month", "segment")
                .agg(org.apache.spark.sql.functions.sum("mrr"), org.apache.spark.sql.functions.count("customer_id"))
                .collectAsList().forEach(r -> bySegment.put(r.getString(0) + " " + r.getString(1),
                        r.getDecimal(2).toPlainString() + " " + r.getLong(3)));
        Map<String, String> fromTable = new TreeMap<>();
        rows.stream().filter(r -> r.getAs("dimension").equals("segment") && r.<Long>getAs("paying_customers") > 0)
                .forEach(r -> fromTable.put(r.getAs("month") + " " + r.getAs("value"),
                        r.<BigDecimal>getAs("mrr").toPlainString() + " " + r.getAs("paying_customers")));
        assertThat(fromTable).isEqualTo(bySegment);
    }

    @Test
    void retention_invariants_hold_on_the_generated_company() {
        var cohorts = DeltaTables.read(spark, Tables.COHORT_RETENTION, warehouse);
        assertThat(cohorts.filter("months_since_start = 0").count()).isPositive();
        assertThat(cohorts.filter("months_since_start = 0 and logo_retention <> 1.0").count()).isZero();
        // The channel split covers the same customers: its 'all' rows equal the segment table's.
        var byChannel = DeltaTables.read(spark, Tables.COHORT_RETENTION_CHANNEL, warehouse);
        assertThat(byChannel.filter("channel = 'all'").drop("channel").collectAsList())
                .containsExactlyInAnyOrderElementsOf(cohorts.filter("segment = 'all'").drop("segment").collectAsList());
        assertThat(byChannel.select("channel").distinct().count()).isGreaterThan(2);
        var summary = DeltaTables.read(spark, Tables.MRR_SUMMARY, warehouse);
        assertThat(summary.filter("nrr < grr or nrr_12m < grr_12m").count()).isZero();
        assertThat(summary.filter("nrr_12m is not null").count()).isEqualTo(MONTHS - 12L);
        assertThat(DeltaTables.read(spark, Tables.RENEWAL_MONTH, warehouse).count()).isPositive();
    }

    @Test
    void clv_rows_cover_every_paying_customer_and_follow_the_model_status() {
        String last = java.time.YearMonth.from(AS_OF).toString();
        var paying = DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, warehouse).filter("month = '" + last + "'");
        var clv = DeltaTables.read(spark, Tables.CLV_CUSTOMER, warehouse);
        assertThat(paying.join(clv, "customer_id").count()).isEqualTo(paying.count());
        var params = DeltaTables.read(spark, Tables.CLV_MODEL_PARAMS, warehouse);
        assertThat(params.filter("model = 'sbg'").select("segment").distinct().count()).isGreaterThanOrEqualTo(2);
        // A model is either fitted (a value and a likelihood) or unavailable with a reason: never a number without one.
        assertThat(params.filter("status = 'ok' and (value is null or log_likelihood is null or reason is not null)").count()).isZero();
        assertThat(params.filter("status = 'unavailable' and (value is not null or reason is null)").count()).isZero();
        boolean sbgFitted = params.filter("model = 'sbg' and status = 'ok'").count() > 0;
        long valued = paying.join(clv, "customer_id").filter("clv_predictive > 0 and derl_months > 0").count();
        assertThat(valued).isEqualTo(sbgFitted ? paying.count() : 0);
        assertThat(params.filter("model = 'bgnbd'").count()).isEqualTo(4);
        assertThat(clv.filter("historical_revenue is null").count()).isZero();
    }

    @Test
    void running_ingest_and_transform_again_gives_identical_gold_tables() throws IOException {
        Map<String, List<String>> before = goldContents();
        IngestReport again = new IngestJob(spark, warehouse, log::add).run(extract);
        assertThat(again.files()).allMatch(f -> f.status().equals("skipped"));
        new Pipeline(spark, warehouse, log::add).transform(Pipeline.Stage.ALL, RecurringConfig.defaults(AS_OF));
        assertThat(goldContents()).isEqualTo(before);
        for (TableDef t : Tables.GOLD) {
            if (!DeltaTables.exists(spark, t, warehouse)) {
                continue;
            }
            var df = DeltaTables.read(spark, t, warehouse);
            assertThat(df.count()).as("no duplicate keys in " + t.name())
                    .isEqualTo(df.select(t.key().stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new)).distinct().count());
        }
    }

    static Map<String, List<String>> goldContents() {
        Map<String, List<String>> out = new TreeMap<>();
        for (TableDef t : Tables.GOLD) {
            if (!DeltaTables.exists(spark, t, warehouse)) {
                continue;
            }
            var df = DeltaTables.read(spark, t, warehouse);
            out.put(t.name(), df.orderBy(t.key().stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new))
                    .collectAsList().stream().map(Row::toString).toList());
        }
        return out;
    }
}
