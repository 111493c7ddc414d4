package io.revlake.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.transform.quality.WriteAuditPublish;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A transform killed at any point leaves readers on the previous publication, and a re-run repairs everything: the
 * transform runs in a child JVM ({@code RevLakeCli transform}) that is killed early in silver, between two gold
 * writes, and in the middle of a Delta commit; then it runs to the end and its tables equal an uninterrupted run's.
 */
@Tag("slow")
class TransformCrashTest {
    // Generous: the machine may be shared with other builds.
    private static final Duration CHILD_LIMIT = Duration.ofMinutes(12);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // about 3 minutes on an idle 2-core machine
    void a_killed_transform_never_changes_what_is_published_and_a_rerun_equals_an_uninterrupted_run() throws Exception {
        GeneratedCompany company = GeneratedCompany.fresh(40, 12); // transformed once, uninterrupted: publication 1
        WriteAuditPublish wap = new WriteAuditPublish(GeneratedCompany.spark(), company.warehouse, s -> { });
        Map<String, Long> published = wap.latestPublication().orElseThrow();
        assertThat(published.keySet()).containsAll(Tables.GOLD.stream().map(TableDef::qualifiedName).toList());
        Map<String, List<String>> uninterrupted = readAll(company.warehouse, published);

        // 1. early in silver: as soon as the first silver table has a new version
        Path customers = Path.of(Tables.silver(io.revlake.catalog.CanonicalEntity.CUSTOMERS)
                .location(company.warehouse));
        long silverBefore = logVersions(customers).size();
        killWhen(company, () -> logVersions(customers).size() > silverBefore, "early in silver");
        assertPublicationUnchanged(wap, company, published, uninterrupted);

        // 2. between two gold writes: gold.mrr_movements is committed, gold.mrr_summary (next) is not
        Path movements = Path.of(Tables.MRR_MOVEMENTS.location(company.warehouse));
        long movementsBefore = logVersions(movements).size();
        killWhen(company, () -> logVersions(movements).size() > movementsBefore, "between two gold writes");
        assertPublicationUnchanged(wap, company, published, uninterrupted);

        // 3. during a Delta commit: new parquet files of gold.mrr_customer_month exist, its new log version does not
        Path customerMonths = Path.of(Tables.MRR_CUSTOMER_MONTH.location(company.warehouse));
        Set<String> filesBefore = parquetFiles(customerMonths);
        long versionsBefore = logVersions(customerMonths).size();
        killWhen(company, () -> !filesBefore.containsAll(parquetFiles(customerMonths)), "during a Delta commit");
        assertThat(parquetFiles(customerMonths)).as("the killed commit left data files").isNotEqualTo(filesBefore);
        assertThat(logVersions(customerMonths)).as("but no new version of gold.mrr_customer_month")
                .hasSize((int) versionsBefore);
        assertPublicationUnchanged(wap, company, published, uninterrupted);

        // 4. run to the end: a new publication whose every gold table equals the uninterrupted run's, row for row
        Process child = start(company);
        assertThat(child.waitFor(CHILD_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("transform finished").isTrue();
        assertThat(child.exitValue()).as(output(company)).isZero();
        Map<String, Long> republished = wap.latestPublication().orElseThrow();
        assertThat(republished).isNotEqualTo(published);
        assertThat(republished.keySet()).isEqualTo(published.keySet());
        Map<String, List<String>> rerun = readAll(company.warehouse, republished);
        for (String table : uninterrupted.keySet()) {
            assertThat(rerun.get(table)).as(table).isEqualTo(uninterrupted.get(table));
        }
        assertThat(DeltaTables.read(GeneratedCompany.spark(), Tables.PUBLICATIONS, company.warehouse).count())
                .isEqualTo(2);
    }

    private static void assertPublicationUnchanged(WriteAuditPublish wap, GeneratedCompany company,
                                                   Map<String, Long> published, Map<String, List<String>> before) {
        assertThat(wap.latestPublication()).contains(published);
        assertThat(DeltaTables.read(GeneratedCompany.spark(), Tables.PUBLICATIONS, company.warehouse).count())
                .isEqualTo(1);
        Map<String, List<String>> now = readAll(company.warehouse, published);
        for (String table : before.keySet()) {
            assertThat(now.get(table)).as(table).isEqualTo(before.get(table));
        }
    }

    /** Starts the transform in a child JVM and kills it (destroyForcibly) once {@code when} holds. */
    private static void killWhen(GeneratedCompany company, BooleanSupplier when, String point) throws Exception {
        Process child = start(company);
        Instant deadline = Instant.now().plus(CHILD_LIMIT);
        while (!when.getAsBoolean()) {
            assertThat(child.isAlive()).as("transform ended before " + point + ":\n" + output(company)).isTrue();
            assertThat(Instant.now()).as("waited too long for " + point).isBefore(deadline);
            Thread.sleep(2);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static Process start(GeneratedCompany company) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        // Spark needs the --add-opens family this JVM got from Surefire's argLine (the pom's spark.jvm.opens).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.revlake.cli.RevLakeCli", "transform",
                "--warehouse", company.warehouse, "--as-of", company.asOf.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(company.root.resolve("child.log").toFile()).start();
    }

    private static String output(GeneratedCompany company) {
        try {
            return Files.readString(company.root.resolve("child.log"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Every row of each table at its version, as sorted text: order-free, exact comparison. */
    private static Map<String, List<String>> readAll(String warehouse, Map<String, Long> versions) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (TableDef t : Tables.GOLD) {
            Long v = versions.get(t.qualifiedName());
            if (v == null) {
                continue;
            }
            out.put(t.qualifiedName(), GeneratedCompany.spark().read().format("delta").option("versionAsOf", v)
                    .load(t.location(warehouse)).collectAsList().stream().map(Row::toString).sorted().toList());
        }
        return out;
    }

    private static List<Path> logVersions(Path table) {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static Set<String> parquetFiles(Path table) {
        // Gold tables are not partitioned: data files sit next to _delta_log.
        try (Stream<Path> files = Files.list(table)) {
            return files.map(p -> p.getFileName().toString()).filter(p -> p.endsWith(".parquet"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Set.of();
        }
    }
}
