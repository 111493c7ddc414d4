package io.revlake.transform.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.Check;
import io.revlake.catalog.Checks;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Write, audit, publish: the stages write new table versions that no reader serves yet; the audit runs every declared
 * check on exactly those versions and records the results in ops.quality_results; when no blocking check failed, one
 * row of ops.publications names the version of every gold table readers get. A run that dies or fails before that row
 * leaves the previous publication in place, so readers never see a mix of runs.
 */
public final class WriteAuditPublish {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public WriteAuditPublish(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /** Thrown when a blocking check failed: nothing was published. The message names every failed check. */
    public static final class QualityCheckFailedException extends IllegalStateException {
        private final transient List<QualityResult> failed;

        QualityCheckFailedException(List<QualityResult> failed) {
            super(failed.size() + " blocking data-quality check" + (failed.size() == 1 ? "" : "s") + " failed;"
                    + " nothing published (readers keep the previous publication; see GET /api/v1/quality): "
                    + failed.stream().map(QualityResult::describe).collect(Collectors.joining("; ")));
            this.failed = List.copyOf(failed);
        }

        public List<QualityResult> failed() {
            return failed;
        }
    }

    /**
     * Runs the declared checks of every table in {@code written} on the version written, and appends the results to
     * ops.quality_results (once per run id, so a retried append cannot duplicate them).
     *
     * @param written qualified table name → Delta version this run wrote
     */
    public List<QualityResult> audit(String runId, Map<String, Long> written) {
        return audit(runId, written, Map.of());
    }

    /**
     * The rows an incremental run replaced in a customer-grained table: those of {@code customers}. Every other row
     * is the one the previous recorded run wrote (a run that died since replaced a subset of the same customers, as
     * its changes are this run's too), and that run audited its version.
     */
    public record Replaced(Set<String> customers, String previousRunId, long previousVersion) {
    }

    /**
     * As {@link #audit(String, Map)}, with the checks of a table in {@code replaced} run on the replaced customers'
     * rows only, when the previous run's checks of the version it wrote all passed: every other row passed them then
     * and is unchanged, so the table's failing rows are the replaced rows' failing rows. That holds for not-null,
     * accepted values, references (a referenced row that changed belongs to a replaced customer, whose rows are
     * checked) and a unique key (checked on every row that shares a key with a replaced row). Identities read their
     * tables whole, as in a full audit.
     */
    public List<QualityResult> audit(String runId, Map<String, Long> written, Map<String, Replaced> replaced) {
        long started = System.nanoTime();
        List<QualityResult> results = new ArrayList<>();
        Map<String, Map<String, Boolean>> passedBefore = new HashMap<>();
        int scoped = 0;
        for (TableDef table : Tables.fixed()) {
            Long version = written.get(table.qualifiedName());
            var checks = Checks.of(table);
            if (version == null || version < 0 || checks.isEmpty()) {
                continue;
            }
            Dataset<Row> whole = readAt(table, version);
            Replaced r = replaced.get(table.qualifiedName());
            java.util.function.Function<TableDef, Dataset<Row>> other = t -> readAt(t, versionOf(t, written));
            if (r != null && table.columnNames().contains("customer_id") && passedBefore.computeIfAbsent(
                    r.previousRunId(), this::tablesThatPassed).getOrDefault(table.qualifiedName() + "@"
                    + r.previousVersion(), false)) {
                results.addAll(auditReplaced(runId, table, version, checks, whole, r.customers(), other));
                scoped++;
                continue;
            }
            Dataset<Row> data = whole.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                results.addAll(CheckRunner.run(runId, table, version, checks, data, other));
            } finally {
                data.unpersist();
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        progress.accept(String.format("  audit: %d checks on %d tables in %.1f s, %d failed%s", results.size(),
                results.stream().map(QualityResult::table).distinct().count(), (System.nanoTime() - started) / 1e9,
                failed, scoped == 0 ? "" : String.format(" (row checks of %d tables on the replaced customers' rows)",
                        scoped)));
        results.stream().filter(r -> !r.passed()).forEach(r -> progress.accept("    " + r.severity().name()
                .toLowerCase(Locale.ROOT) + " " + r.describe()));
        record(results);
        return results;
    }

    /**
     * The checks of a table whose other rows passed them all before: row checks and references on the replaced rows;
     * a unique key on the rows that share a key with a replaced row (an unchanged row can only collide with a new
     * one); identities as always.
     */
    private List<QualityResult> auditReplaced(String runId, TableDef table, long version, List<Check> checks,
                                              Dataset<Row> whole, Set<String> customers,
                                              java.util.function.Function<TableDef, Dataset<Row>> other) {
        Dataset<Row> rows = whole.filter(functions.col("customer_id").isin(customers.toArray()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<QualityResult> out = new ArrayList<>();
            for (Check check : checks) {
                Dataset<Row> data = rows;
                if (check instanceof Check.Unique u && !u.columns().contains("customer_id")) {
                    String[] key = u.columns().toArray(String[]::new);
                    data = whole.join(rows.select(u.columns().stream().map(functions::col)
                            .toArray(org.apache.spark.sql.Column[]::new)).distinct(), key, "left_semi");
                }
                out.addAll(CheckRunner.run(runId, table, version, List.of(check), data, other));
            }
            return out;
        } finally {
            rows.unpersist();
        }
    }

    /** "table@version" → whether every check the run made of that version passed. */
    private Map<String, Boolean> tablesThatPassed(String runId) {
        Map<String, Boolean> out = new HashMap<>();
        if (!DeltaTables.exists(spark, Tables.QUALITY_RESULTS, warehouse)) {
            return out;
        }
        for (Row r : DeltaTables.read(spark, Tables.QUALITY_RESULTS, warehouse)
                .filter(functions.col("run_id").equalTo(runId)).groupBy("table_name", "version")
                .agg(functions.min(functions.col("passed").cast("int"))).collectAsList()) {
            out.put(r.getString(0) + "@" + r.getLong(1), r.getInt(2) == 1);
        }
        return out;
    }

    /** @throws QualityCheckFailedException naming every failed blocking check */
    public static void requirePassed(List<QualityResult> results) {
        List<QualityResult> blocking = results.stream().filter(QualityResult::blocksPublication).toList();
        if (!blocking.isEmpty()) {
            throw new QualityCheckFailedException(blocking);
        }
    }

    /**
     * Publishes the run: every gold table at the version it wrote, or, for a table it did not write (a single
     * stage run), at the version published before (the latest version when nothing was published yet).
     *
     * @return gold table → version published
     */
    public Map<String, Long> publish(String runId, Map<String, Long> written) {
        Map<String, Long> previous = latestPublication().orElse(Map.of());
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableDef table : Tables.GOLD) {
            Long v = written.get(table.qualifiedName());
            if (v == null) {
                v = previous.get(table.qualifiedName());
            }
            if (v == null) {
                v = DeltaTables.version(spark, table, warehouse);
            }
            if (v >= 0) {
                versions.put(table.qualifiedName(), v);
            }
        }
        String publishId = UUID.randomUUID().toString();
        Row row = RowFactory.create(publishId, runId, Timestamp.from(Instant.now()), json(versions));
        DeltaTables.appendOnce(spark.createDataFrame(List.of(row), SparkSchemas.schema(Tables.PUBLICATIONS)),
                Tables.PUBLICATIONS, warehouse, "revlake-publish-" + runId);
        progress.accept("  published run " + runId + ": " + versions.size() + " gold tables");
        return versions;
    }

    /** The versions of the latest publication; empty when nothing was ever published. */
    public Optional<Map<String, Long>> latestPublication() {
        if (!DeltaTables.exists(spark, Tables.PUBLICATIONS, warehouse)) {
            return Optional.empty();
        }
        List<Row> latest = DeltaTables.read(spark, Tables.PUBLICATIONS, warehouse)
                .orderBy(functions.col("published_at").desc(), functions.col("publish_id").desc()).limit(1)
                .collectAsList();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(latest.get(0).<String>getAs("versions"),
                    new TypeReference<LinkedHashMap<String, Long>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(Tables.PUBLICATIONS.qualifiedName() + " holds unreadable versions: "
                    + e.getMessage(), e);
        }
    }

    private long versionOf(TableDef table, Map<String, Long> written) {
        Long v = written.get(table.qualifiedName());
        return v != null ? v : DeltaTables.version(spark, table, warehouse);
    }

    private Dataset<Row> readAt(TableDef table, long version) {
        if (version < 0) {
            return spark.createDataFrame(List.of(), SparkSchemas.schema(table));
        }
        return spark.read().format("delta").option("versionAsOf", version).load(table.location(warehouse));
    }

    private void record(List<QualityResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Row> rows = results.stream().map(r -> RowFactory.create(r.runId(), r.table(), r.version(), r.check(),
                r.kind(), r.severity().name().toLowerCase(Locale.ROOT), r.passed(), r.failingRows(), r.failingSample(),
                Timestamp.from(r.checkedAt()))).toList();
        DeltaTables.appendOnce(spark.createDataFrame(rows, SparkSchemas.schema(Tables.QUALITY_RESULTS)),
                Tables.QUALITY_RESULTS, warehouse, "revlake-quality-" + results.get(0).runId());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
