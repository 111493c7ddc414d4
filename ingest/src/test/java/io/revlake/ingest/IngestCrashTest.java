package io.revlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the ingest JVM is killed (SIGKILL, no shutdown hooks) at several moments of a batch — while the
 * first bronze commit is being written, between a file's bronze commit and its ledger row, and between two files.
 * Whatever the moment, every table already committed stays readable, and running the same ingest again gives
 * tables equal, row for row, to a clean run (except the batch id and time that say when a row was written).
 */
class IngestCrashTest {
    /** Columns that name the run that wrote a row rather than what the row says. */
    private static final Set<String> RUN_COLUMNS = Set.of("_batch_id", "_ingested_at", "batch_id", "ingested_at");

    private static final Set<String> KEPT = Set.of("customers.csv", "invoices.csv", "payments.csv",
            "subscription_items.csv");

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path extract;
    static String clean;

    @BeforeAll
    static void cleanRun() throws IOException {
        spark = SparkSessions.shared();
        extract = tmp.resolve("extract");
        SampleCompanyGenerator.generate(new GeneratorConfig(60, 12, 7, YearMonth.of(2023, 1)), extract);
        // Four files keep the test short: each file is a few commits, and commits are what the kills fall between.
        try (Stream<Path> files = Files.list(extract)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!KEPT.contains(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
        // A few bad rows, so the quarantine is written too.
        Files.writeString(extract.resolve("customers.csv"), ",Nameless Ltd,smb,EU,direct,USD,2023-01-01\n",
                java.nio.file.StandardOpenOption.APPEND);
        clean = tmp.resolve("clean").toString();
        new IngestJob(spark, clean, s -> { }).run(extract);
    }

    @Test
    void killed_while_the_first_bronze_commit_is_being_written() throws Exception {
        crashThenConverge("mid-commit", w -> bronzeTables(w).anyMatch(t -> hasDataFiles(t) && commits(t) == 0));
    }

    @Test
    void killed_between_a_files_bronze_commit_and_its_ledger_row() throws Exception {
        crashThenConverge("bronze-before-ledger", w -> {
            long ledger = commits(Tables.INGEST_LEDGER.location(w));
            long bronze = bronzeTables(w).filter(t -> commits(t) > 0).count();
            return ledger >= 2 && bronze > ledger;
        });
    }

    @Test
    void killed_between_two_files() throws Exception {
        crashThenConverge("between-files", w -> commits(Tables.INGEST_LEDGER.location(w)) >= 2);
    }

    private void crashThenConverge(String name, Predicate<Path> killWhen) throws Exception {
        Path warehouse = tmp.resolve(name);
        Process child = startChild(warehouse);
        boolean killed = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(warehouse) && killWhen.test(warehouse)) {
                child.destroyForcibly();
                killed = true;
                break;
            }
            Thread.sleep(2);
        }
        child.waitFor();
        assertThat(killed).as("the ingest reached the kill point '" + name + "' before it finished").isTrue();
        long ledgerRows = readable(warehouse);
        assertThat(ledgerRows).as("files recorded before the kill").isLessThan(fileCount());

        new IngestJob(spark, warehouse.toString(), s -> { }).run(extract);

        for (TableDef table : tables()) {
            assertThat(rows(warehouse.toString(), table)).as(table.qualifiedName() + " after the re-run")
                    .containsExactlyInAnyOrderElementsOf(rows(clean, table));
        }
    }

    private static Process startChild(Path warehouse) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        // The --add-opens family Surefire gave this JVM (Spark needs them in the child too).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestChild.class.getName(),
                warehouse.toString(), extract.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(warehouse.getFileName() + ".log").toFile()).start();
    }

    /** Every table with a commit reads; returns the ledger's row count (0 without a ledger). */
    private static long readable(Path warehouse) {
        long ledger = 0;
        for (TableDef table : tables()) {
            if (commits(table.location(warehouse)) > 0) {
                long n = DeltaTables.read(spark, table, warehouse.toString()).count();
                if (table.equals(Tables.INGEST_LEDGER)) {
                    ledger = n;
                }
            }
        }
        return ledger;
    }

    private static long fileCount() {
        return DeltaTables.read(spark, Tables.INGEST_LEDGER, clean).count();
    }

    private static List<TableDef> tables() {
        List<TableDef> out = new ArrayList<>();
        for (CanonicalEntity e : CanonicalEntity.values()) {
            out.add(Tables.bronze(IngestJob.SOURCE, e));
        }
        out.add(Tables.quarantine(IngestJob.SOURCE));
        out.add(Tables.INGEST_LEDGER);
        return out;
    }

    /** The rows as text, without the columns that only say which run wrote them; empty for a missing table. */
    private static List<String> rows(String warehouse, TableDef table) {
        if (!DeltaTables.exists(spark, table, warehouse)) {
            return List.of();
        }
        Dataset<Row> data = DeltaTables.read(spark, table, warehouse);
        String[] kept = table.columnNames().stream().filter(c -> !RUN_COLUMNS.contains(c)).toArray(String[]::new);
        return data.selectExpr(kept).collectAsList().stream().map(Row::toString).toList();
    }

    private static Stream<Path> bronzeTables(Path warehouse) {
        Path bronze = warehouse.resolve("bronze");
        if (!Files.isDirectory(bronze)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(bronze)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static boolean hasDataFiles(Path table) {
        try (Stream<Path> s = Files.list(table)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Committed versions of the Delta table at {@code table} (0 when none). */
    private static long commits(Path table) {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(log)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count();
        } catch (IOException e) {
            return 0;
        } catch (UncheckedIOException e) {
            return 0;
        }
    }

    private static long commits(String location) {
        return commits(Path.of(location));
    }
}
