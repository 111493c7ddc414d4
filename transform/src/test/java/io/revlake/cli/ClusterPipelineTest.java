package io.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The cluster runtime end to end: a Spark standalone master and worker on 127.0.0.1 (child JVMs on Spark's jars
 * only), {@code spark-submit} of the {@code -cluster.jar} running {@code pipeline} (ingest + every transform stage)
 * on a tiny generated company into a {@code file:} URI warehouse, and every gold table compared row by row with a
 * local-mode run of the same command on the same extract.
 *
 * <p>Tagged {@code cluster}: excluded from the default build. Run it with {@code .ci/cluster-test.sh} (it needs the
 * packaged jar and {@code target/runtime-classpath.txt}, so it runs in the {@code integration-test} phase).
 */
@Tag("cluster")
class ClusterPipelineTest {
    static final YearMonth START = YearMonth.of(2024, 1);
    static final int MONTHS = 12;
    static final int CUSTOMERS = 60;
    static final LocalDate AS_OF = START.plusMonths(MONTHS - 1L).atEndOfMonth();
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(20);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void pipeline_submitted_to_a_standalone_cluster_writes_the_same_gold_tables_as_local_mode() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path jar = clusterJar(target);
        List<Path> sparkJars = sparkJars(target.resolve("runtime-classpath.txt"));
        // The cluster must not have Delta or our classes: the jar has to bring them, as on a vanilla cluster.
        assertThat(sparkJars).as("Spark jars of the test cluster").isNotEmpty()
                .noneMatch(p -> contains(p, "io/delta/tables/DeltaTable.class"))
                .noneMatch(p -> contains(p, "io/revlake/cli/RevLakeCli.class"));
        assertThat(contains(jar, "io/delta/tables/DeltaTable.class")).as("Delta shaded into " + jar).isTrue();

        // Under target/ rather than a JUnit temp dir: the cluster's logs must survive a failure to be read.
        Path tmp = target.resolve("cluster-test");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        Path extract = tmp.resolve("extract");
        // Seed 7: seed 11 at this size generates a EUR contract signed before the first FX rate, which the finance
        // stage rightly refuses (an input problem, in local mode too).
        SampleCompanyGenerator.generate(new GeneratorConfig(CUSTOMERS, MONTHS, 7, START), extract);
        String clusterWarehouse = tmp.resolve("cluster-warehouse").toUri().toString(); // file:///…/cluster-warehouse
        String localWarehouse = tmp.resolve("local-warehouse").toString();
        assertThat(clusterWarehouse).startsWith("file:/");

        // Local mode first: cheaper, and an input the pipeline rejects fails here before a cluster is started.
        Instant t2 = Instant.now();
        int localExit = new CommandLine(new RevLakeCli()).addSubcommand(new PipelineCommand())
                .execute("pipeline", "--path", extract.toString(), "--warehouse", localWarehouse, "--as-of", AS_OF.toString());
        assertThat(localExit).as("local-mode pipeline exit code").isZero();
        System.out.println("local pipeline done in " + Duration.between(t2, Instant.now()).toSeconds() + " s");

        Path pidFile = target.resolve("cluster-test.pids");
        Files.deleteIfExists(pidFile);
        Instant t0 = Instant.now();
        try (LocalStandaloneCluster cluster = new LocalStandaloneCluster(sparkJars, tmp.resolve("cluster"),
                sparkJvmOptions(), pidFile)) {
            cluster.start(2, "1200m", Duration.ofMinutes(3));
            System.out.println("cluster up in " + Duration.between(t0, Instant.now()).toSeconds() + " s at " + cluster.masterUrl());

            Instant t1 = Instant.now();
            Process driver = cluster.start("driver", "org.apache.spark.deploy.SparkSubmit", List.of(
                    "--master", cluster.masterUrl(),
                    "--deploy-mode", "client",
                    "--name", "revlake-cluster-test",
                    "--conf", "spark.driver.host=" + LocalStandaloneCluster.HOST,
                    "--conf", "spark.driver.bindAddress=" + LocalStandaloneCluster.HOST,
                    "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.cores.max=2",
                    "--conf", "spark.ui.enabled=false",
                    // Not the local default (4): the gold tables must not depend on how rows are partitioned.
                    "--conf", "spark.sql.shuffle.partitions=3",
                    // Tiny tables: Delta's default 50 snapshot partitions cost a task set per commit for nothing
                    // (the same small-warehouse tuning SparkSessions applies in local mode; docs/cluster.md).
                    "--conf", "spark.databricks.delta.snapshotPartitions=2",
                    "--conf", "spark.sql.sources.parallelPartitionDiscovery.parallelism=2",
                    "--conf", "spark.locality.wait=0s",
                    jar.toString(),
                    "pipeline", "--path", extract.toString(), "--warehouse", clusterWarehouse, "--as-of", AS_OF.toString()));
            boolean finished = driver.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String driverLog = cluster.log("driver");
            assertThat(finished).as("spark-submit finished within " + SUBMIT_TIMEOUT + "; driver log tail:\n"
                    + cluster.tail("driver", 40)).isTrue();
            assertThat(driver.exitValue()).as("spark-submit exit code; driver errors:\n" + errors(driverLog))
                    .isZero();
            System.out.println("spark-submit pipeline done in " + Duration.between(t1, Instant.now()).toSeconds() + " s");
            assertThat(driverLog).contains("Transform done");

            // The work ran on the worker's executors, not in a local master inside the driver.
            List<Path> executorLogs = cluster.executorLogs();
            assertThat(executorLogs).as("executor logs under " + cluster.workDir).isNotEmpty();
            String executorOutput = executorLogs.stream().map(ClusterPipelineTest::read).collect(Collectors.joining("\n"));
            assertThat(executorOutput).as("executors ran tasks").containsPattern("Running task \\d+\\.\\d+ in stage");
            assertThat(executorOutput).as("executors loaded Delta from the application jar").doesNotContain("ClassNotFoundException");
        }

        SparkSession spark = SparkSessions.shared();
        Map<String, Integer> rowsPerTable = new LinkedHashMap<>();
        for (TableDef table : Tables.GOLD) {
            assertThat(DeltaTables.exists(spark, table, clusterWarehouse)).as(table.qualifiedName() + " on the cluster").isTrue();
            assertThat(DeltaTables.exists(spark, table, localWarehouse)).as(table.qualifiedName() + " locally").isTrue();
            List<String> onCluster = sortedRows(spark, table, clusterWarehouse);
            List<String> local = sortedRows(spark, table, localWarehouse);
            assertThat(onCluster).as(table.qualifiedName() + ": cluster rows vs local rows").isEqualTo(local);
            rowsPerTable.put(table.name(), local.size());
        }
        System.out.println("gold rows compared: " + rowsPerTable);
        // A comparison of empty tables would prove nothing: the facts the company must have are there.
        assertThat(rowsPerTable).containsKeys("mrr_summary", "mrr_customer_month", "revenue_schedule", "ar_aging");
        assertThat(rowsPerTable.get("mrr_summary")).isEqualTo(MONTHS);
        assertThat(rowsPerTable.get("mrr_customer_month")).isPositive();
        assertThat(rowsPerTable.get("revenue_schedule")).isPositive();
    }

    /** Every row of the table as text (columns in catalog order), sorted: order-independent and exact. */
    static List<String> sortedRows(SparkSession spark, TableDef table, String warehouse) {
        return DeltaTables.read(spark, table, warehouse).collectAsList().stream()
                .map(r -> rowText(r, table)).sorted().toList();
    }

    private static String rowText(Row r, TableDef table) {
        List<String> cells = new ArrayList<>();
        for (String c : table.columnNames()) {
            Object v = r.get(r.fieldIndex(c));
            cells.add(c + "=" + (v == null ? "∅" : v.toString()));
        }
        return String.join("|", cells);
    }

    static Path clusterJar(Path target) throws IOException {
        try (var s = Files.list(target)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().matches("revlake-transform-.*-cluster\\.jar")).toList();
            assertThat(jars).as("the -cluster.jar in " + target + " (mvn package builds it; run .ci/cluster-test.sh)").hasSize(1);
            return jars.get(0);
        }
    }

    /**
     * The jars a cluster's Spark distribution has: this module's runtime classpath without what the -cluster.jar
     * carries (our modules, Delta and its closure, our direct dependencies Spark does not ship).
     */
    static List<Path> sparkJars(Path runtimeClasspath) throws IOException {
        assertThat(runtimeClasspath).as("written by mvn package (maven-dependency-plugin)").exists();
        List<String> excluded = List.of("/io/delta/", "/io/unitycatalog/", "/info/picocli/", "/commons-csv/",
                "/jackson-datatype-jdk8/", "revlake");
        return Arrays.stream(Files.readString(runtimeClasspath).trim().split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> excluded.stream().noneMatch(e::contains))
                .map(Path::of).toList();
    }

    /** The --add-opens family this test JVM got from Surefire's argLine (the pom's spark.jvm.opens). */
    static List<String> sparkJvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("--add-exports")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                        || a.startsWith("-Dio.netty"))
                .toList();
    }

    static boolean contains(Path jar, String entry) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getEntry(entry) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The driver's own messages and warnings/errors, without Spark's INFO chatter. */
    static String errors(String log) {
        List<String> lines = log.lines().filter(l -> !l.contains(" INFO ") && !l.startsWith("\tat ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p); // symbolic links in spark-home/jars are removed, never followed
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
