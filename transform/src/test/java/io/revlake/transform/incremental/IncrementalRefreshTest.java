package io.revlake.transform.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.RecurringConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated company built in full, then a sequence of daily canonical extracts applied two ways: an incremental
 * refresh of one warehouse after each day, and a full rebuild of a second warehouse that ingested the same files. Every
 * gold table (and every silver table, lineage of the ingest batch aside) must be the same, row for row, after each day.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalRefreshTest {
    static final YearMonth START = YearMonth.of(2023, 1);
    static final int MONTHS = 24;
    static final LocalDate AS_OF = START.plusMonths(MONTHS - 1).atEndOfMonth();
    static final RecurringConfig CONFIG = RecurringConfig.defaults(AS_OF);
    /** Silver lineage that names the ingest batch: each warehouse ingested the same files in its own batches. */
    static final List<String> BATCH_LINEAGE = List.of("_batch_id", "_ingested_at");

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path extract;
    static String incremental;
    static String full;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void buildBoth() throws IOException {
        spark = SparkSessions.shared();
        extract = tmp.resolve("extract");
        SampleCompanyGenerator.generate(new GeneratorConfig(120, MONTHS, 11, START), extract);
        incremental = tmp.resolve("incremental").toString();
        full = tmp.resolve("full").toString();
        new IngestJob(spark, incremental, log::add).run(extract);
        new Pipeline(spark, incremental, log::add).transform(Pipeline.Stage.ALL, CONFIG);
        // The second warehouse starts as a copy of the first (Delta logs hold relative paths): one build, not two.
        copyTree(Path.of(incremental), Path.of(full));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Ingests the day's files into both warehouses; incremental refresh of one, full rebuild of the other. */
    static Map<String, Long> applyDay(Path day) throws IOException {
        log.clear();  // so the checks below read this day's run only
        new IngestJob(spark, incremental, log::add).run(day);
        new IngestJob(spark, full, log::add).run(day);
        Map<String, Long> counts = new Pipeline(spark, incremental, log::add).transform(Pipeline.Stage.ALL, CONFIG, true);
        new Pipeline(spark, full, log::add).transform(Pipeline.Stage.ALL, CONFIG);
        return counts;
    }

    static Row latestRun(String warehouse) {
        return DeltaTables.read(spark, Tables.TRANSFORM_RUNS, warehouse).orderBy(
                org.apache.spark.sql.functions.col("finished_at").desc()).first();
    }

    @Test
    @Order(1)
    void a_new_customer_with_a_subscription_and_an_invoice_is_refreshed_incrementally_with_the_full_build_tables()
            throws IOException {
        Day day = new Day("day1");
        CSVRecord customer = csv("customers.csv").get(0);
        String start = AS_OF.minusMonths(3).withDayOfMonth(5).toString();
        day.add("customers.csv", customer, Map.of("customer_id", "C-NEW-1", "updated_at", "2025-01-01"));
        day.add("subscription_items.csv", csv("subscription_items.csv").get(0), Map.of("item_id", "I-NEW-1",
                "subscription_id", "S-NEW-1", "customer_id", "C-NEW-1", "start_date", start, "end_date", "",
                "trial_end", "", "unit_amount", "250", "currency", customer.get("currency"),
                "updated_at", "2025-01-01"));
        day.add("invoices.csv", csv("invoices.csv").get(0), Map.of("invoice_id", "INV-NEW-1",
                "customer_id", "C-NEW-1", "invoice_date", start,
                "due_date", AS_OF.minusMonths(2).withDayOfMonth(4).toString(), "currency", customer.get("currency"),
                "subtotal", "250", "tax", "0", "total", "250", "status", "open", "updated_at", "2025-01-01"));
        day.add("invoice_lines.csv", csv("invoice_lines.csv").get(0), Map.of("line_id", "L-NEW-1",
                "invoice_id", "INV-NEW-1", "item_id", "I-NEW-1", "amount", "250", "service_start", start,
                "service_end", ""));
        Map<String, Long> counts = applyDay(day.write());

        assertRefreshedIncrementally(1);
        assertThat(counts).containsEntry(Tables.silver(CanonicalEntity.CUSTOMERS).qualifiedName(), 1L)
                .containsEntry(Tables.silver(CanonicalEntity.SUBSCRIPTION_ITEMS).qualifiedName(), 1L);
        assertThat(DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, incremental)
                .filter("customer_id = 'C-NEW-1'").count()).as("September to December").isEqualTo(4);
        assertSameTables();
    }

    /** Finance-only changes: no customer's MRR is recomputed, receivables and revenue are. */
    @Test
    @Order(2)
    void a_late_payment_of_an_old_invoice_and_a_corrected_invoice_with_the_same_id_and_a_new_amount()
            throws IOException {
        Day day = new Day("day2");
        CSVRecord paid = csv("invoices.csv").get(3);
        day.add("payments.csv", csv("payments.csv").get(0), Map.of("payment_id", "P-LATE-1",
                "customer_id", paid.get("customer_id"), "invoice_id", paid.get("invoice_id"),
                "payment_date", AS_OF.minusDays(2).toString(), "amount", "10.00", "currency", paid.get("currency")));
        CSVRecord corrected = csv("invoices.csv").get(7);
        day.add("invoices.csv", corrected, Map.of("subtotal", "999.00", "tax", "0", "total", "999.00",
                "updated_at", "2025-01-04"));
        // A credit note issued half a year back moves AR aging, DSO and deferred revenue at every month end since.
        LocalDate issued = AS_OF.minusMonths(6).withDayOfMonth(15);
        CSVRecord credited = csv("invoices.csv").stream()
                .filter(r -> LocalDate.parse(r.get("invoice_date")).isBefore(issued.minusMonths(1))
                        && new java.math.BigDecimal(r.get("total")).compareTo(java.math.BigDecimal.TEN) > 0
                        && !r.get("customer_id").equals(paid.get("customer_id"))
                        && !r.get("customer_id").equals(corrected.get("customer_id")))
                .reduce((a, b) -> b).orElseThrow();
        day.add("credit_notes.csv", csv("credit_notes.csv").get(0), Map.of("credit_note_id", "CN-LATE-1",
                "invoice_id", credited.get("invoice_id"), "issue_date", issued.toString(), "amount", "7.50",
                "currency", credited.get("currency")));
        // A contract's booking type is its opportunity's: a retyped opportunity re-types the booking.
        CSVRecord contract = csv("contracts.csv").stream().filter(r -> !r.get("opportunity_id").isEmpty())
                .findFirst().orElseThrow();
        CSVRecord opportunity = csv("opportunities.csv").stream()
                .filter(r -> r.get("opportunity_id").equals(contract.get("opportunity_id"))).findFirst().orElseThrow();
        day.add("opportunities.csv", opportunity, Map.of("type",
                opportunity.get("type").equals("renewal") ? "expansion" : "renewal"));
        applyDay(day.write());
        assertRefreshedIncrementally(0);
        assertThat(log).anyMatch(l -> l.startsWith("  " + Tables.silver(CanonicalEntity.CREDIT_NOTES).qualifiedName()
                + ": 1 keys changed"));
        assertThat(DeltaTables.read(spark, Tables.silver(CanonicalEntity.INVOICES), incremental)
                .filter("invoice_id = '" + corrected.get("invoice_id") + "'").first()
                .<java.math.BigDecimal>getAs("total")).isEqualByComparingTo("999.00");
        assertSameTables();
    }

    /** Two customers' histories rewritten in one day: one cancelled five months back, one reactivated. */
    @Test
    @Order(3)
    void a_backdated_cancellation_and_a_reactivation_of_a_customer_that_had_churned() throws IOException {
        Day day = new Day("day3");
        CSVRecord cancelled = csv("subscription_items.csv").stream()
                .filter(r -> r.get("end_date").isEmpty() && LocalDate.parse(r.get("start_date"))
                        .isBefore(AS_OF.minusMonths(12)))
                .findFirst().orElseThrow();
        day.add("subscription_items.csv", cancelled, Map.of("end_date", AS_OF.minusMonths(5).withDayOfMonth(10)
                .toString(), "updated_at", "2025-01-03"));
        // A customer whose every item ended more than six months ago (so not the one cancelled above).
        CSVRecord ended = csv("subscription_items.csv").stream()
                .filter(r -> !r.get("end_date").isEmpty() && LocalDate.parse(r.get("end_date"))
                        .isBefore(AS_OF.minusMonths(6)))
                .filter(r -> csv("subscription_items.csv").stream().filter(o -> o.get("customer_id")
                        .equals(r.get("customer_id"))).allMatch(o -> !o.get("end_date").isEmpty()
                        && LocalDate.parse(o.get("end_date")).isBefore(AS_OF.minusMonths(6))))
                .findFirst().orElseThrow();
        day.add("subscription_items.csv", ended, Map.of("item_id", "I-BACK-1", "subscription_id", "S-BACK-1",
                "start_date", AS_OF.minusMonths(1).withDayOfMonth(3).toString(), "end_date", "", "trial_end", "",
                "updated_at", "2025-01-05"));
        applyDay(day.write());
        assertRefreshedIncrementally(2);
        assertThat(DeltaTables.read(spark, Tables.MRR_MOVEMENTS, incremental)
                .filter("customer_id = '" + cancelled.get("customer_id") + "' and month = '"
                        + YearMonth.from(AS_OF.minusMonths(5)) + "'").count()).isPositive();
        assertThat(DeltaTables.read(spark, Tables.MRR_MOVEMENTS, incremental)
                .filter("customer_id = '" + ended.get("customer_id") + "' and movement = 'reactivation'").count())
                .isPositive();
        assertSameTables();
    }

    /**
     * A refresh that dies after it replaced the customers' MRR rows but before it stored its sums: the next refresh
     * takes the facts and sums at the versions the last recorded run wrote (taking the new facts with the old sums
     * would subtract the wrong contributions), and still equals the full rebuild.
     */
    @Test
    @Order(4)
    void a_refresh_killed_between_the_mrr_rows_and_the_mrr_sums_is_repaired_by_the_next_one() throws IOException {
        Day day = new Day("day4");
        CSVRecord item = csv("subscription_items.csv").stream().filter(r -> r.get("end_date").isEmpty())
                .skip(3).findFirst().orElseThrow();
        day.add("subscription_items.csv", item, Map.of("quantity",
                new java.math.BigDecimal(item.get("quantity")).add(java.math.BigDecimal.valueOf(4)).toPlainString(),
                "updated_at", "2025-01-07"));
        Path files = day.write();
        new IngestJob(spark, incremental, log::add).run(files);
        new IngestJob(spark, full, log::add).run(files);
        long runs = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, incremental).count();
        long monthsVersion = DeltaTables.version(spark, Tables.MRR_CUSTOMER_MONTH, incremental);
        long sumsVersion = DeltaTables.version(spark, Tables.MRR_MONTH_SUMS, incremental);
        Pipeline killed = new Pipeline(spark, incremental, line -> {
            log.add(line);
            if (line.startsWith("  storing the MRR sums")) {
                throw new IllegalStateException("killed");
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> killed.transform(Pipeline.Stage.ALL, CONFIG, true))
                .hasMessage("killed");
        assertThat(DeltaTables.read(spark, Tables.TRANSFORM_RUNS, incremental).count()).isEqualTo(runs);
        assertThat(DeltaTables.version(spark, Tables.MRR_CUSTOMER_MONTH, incremental)).isGreaterThan(monthsVersion);
        assertThat(DeltaTables.version(spark, Tables.MRR_MONTH_SUMS, incremental)).isEqualTo(sumsVersion);

        log.clear();
        new Pipeline(spark, incremental, log::add).transform(Pipeline.Stage.ALL, CONFIG, true);
        new Pipeline(spark, full, log::add).transform(Pipeline.Stage.ALL, CONFIG);
        assertRefreshedIncrementally(1);
        assertThat(log).anyMatch(l -> l.startsWith("  " + Tables.MRR_CUSTOMER_MONTH.qualifiedName()
                + " restored to version " + monthsVersion + ", the previous run's"));
        assertSameTables();
    }

    @Test
    @Order(5)
    void a_bronze_table_whose_change_feed_was_off_falls_back_to_a_full_rebuild_and_says_why() throws IOException {
        TableDef payments = Tables.bronze(IngestJob.SOURCE, CanonicalEntity.PAYMENTS);
        spark.sql("ALTER TABLE delta.`" + payments.location(incremental)
                + "` SET TBLPROPERTIES (delta.enableChangeDataFeed = false)");
        Day day = new Day("day5");
        CSVRecord invoice = csv("invoices.csv").get(5);
        day.add("payments.csv", csv("payments.csv").get(0), Map.of("payment_id", "P-LATE-2", "customer_id",
                invoice.get("customer_id"), "invoice_id", invoice.get("invoice_id"),
                "payment_date", AS_OF.minusDays(1).toString(), "amount", "5.00", "currency", invoice.get("currency")));
        // Ingest turns the feed on again, but the versions in between recorded none.
        applyDay(day.write());
        Row run = latestRun(incremental);
        assertThat(run.<String>getAs("mode")).isEqualTo("full");
        assertThat(run.<String>getAs("note")).startsWith("the change data feed of " + payments.qualifiedName()
                + " from version ");
        assertSameTables();
    }

    void assertRefreshedIncrementally(int mrrCustomers) {
        Row run = latestRun(incremental);
        assertThat(run.<String>getAs("mode")).isEqualTo("incremental");
        assertThat(run.<String>getAs("note")).as("fallback note").isNull();
        assertThat(log).anyMatch(l -> l.startsWith(String.format("  recomputing the MRR of %d customers", mrrCustomers)));
        // The company, dimension and cohort tables came from the previous run's sums, adjusted, not from every customer.
        assertThat(log).anyMatch(l -> l.startsWith("  company, dimension and cohort sums: the previous run's, adjusted"
                + String.format(" by the old and new facts of %d customers", mrrCustomers)));
        // This run's finance stage recomputed the touched customers' facts only, not every customer's.
        String summary = log.stream().filter(l -> l.startsWith("Incremental refresh: ")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(summary).containsPattern("finance facts of [1-9][0-9,]* customers recomputed");
        assertThat(latestRun(full).<String>getAs("mode")).isEqualTo("full");
    }

    /** Every gold and silver table of the two warehouses holds the same rows; the first differences are reported. */
    static void assertSameTables() {
        List<String> differences = new ArrayList<>();
        for (TableDef table : Stream.concat(Tables.GOLD.stream(), Stream.of(CanonicalEntity.values()).map(Tables::silver))
                .toList()) {
            differences.addAll(TableDiff.differences(spark, table, incremental, full, BATCH_LINEAGE, 5));
        }
        assertThat(differences).as("incremental vs full rebuild").isEmpty();
    }

    static List<CSVRecord> csv(String file) {
        try (Reader r = Files.newBufferedReader(extract.resolve(file))) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A day's extract: generated rows with some values changed, one file per entity (missing columns added). */
    static final class Day {
        private final Path dir;
        private final Map<String, List<Map<String, String>>> files = new LinkedHashMap<>();

        Day(String name) {
            dir = tmp.resolve(name);
        }

        void add(String file, CSVRecord template, Map<String, String> changes) {
            Map<String, String> row = new LinkedHashMap<>(template.toMap());
            row.putAll(changes);
            files.computeIfAbsent(file, f -> new ArrayList<>()).add(row);
        }

        Path write() throws IOException {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<Map<String, String>>> file : files.entrySet()) {
                java.util.Set<String> header = new java.util.LinkedHashSet<>();
                file.getValue().forEach(r -> header.addAll(r.keySet()));
                try (Writer w = Files.newBufferedWriter(dir.resolve(file.getKey()));
                     CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                             .setHeader(header.toArray(String[]::new)).get())) {
                    for (Map<String, String> row : file.getValue()) {
                        p.printRecord(header.stream().map(c -> row.getOrDefault(c, "")).toList());
                    }
                }
            }
            return dir;
        }
    }
}
