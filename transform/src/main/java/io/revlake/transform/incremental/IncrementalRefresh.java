package io.revlake.transform.incremental;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.SourceReaders;
import io.revlake.spark.DeltaTables;
import io.revlake.transform.recurring.RecurringConfig;
import io.revlake.transform.silver.CustomerIdentity;
import io.revlake.transform.silver.DimensionHistoryStage;
import io.revlake.transform.silver.IdentityResolver;
import io.revlake.transform.silver.IdentityStage;
import io.revlake.transform.silver.SilverJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The incremental part of {@code ./revlake transform --incremental}: which bronze rows arrived since the previous
 * run (Delta change data feed), the silver rows of their keys recomputed and replaced, and the customers they
 * concern. The gold stages then recompute what those customers touch (see docs/operations.md).
 */
public final class IncrementalRefresh {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public IncrementalRefresh(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /**
     * Either an incremental refresh from {@code previous} with the changed keys of each entity, or a full rebuild and
     * why.
     */
    public record Decision(Optional<String> fallback, Optional<Fallback.PreviousRun> previous,
                           Map<CanonicalEntity, Dataset<Row>> changedKeys) {
        public boolean incremental() {
            return fallback.isEmpty();
        }

        static Decision full(String reason, Optional<Fallback.PreviousRun> previous) {
            return new Decision(Optional.of(reason), previous, Map.of());
        }
    }

    /** What the silver step replaced and whom it concerns. */
    public record SilverChanges(Map<String, Long> rowCounts, Set<String> customers, Set<String> recurringCustomers) {
    }

    /** Every bronze table that exists → its current Delta version. */
    public Map<String, Long> bronzeVersions() {
        Map<String, Long> versions = new TreeMap<>();
        for (String source : SourceReaders.names()) {
            for (CanonicalEntity entity : CanonicalEntity.values()) {
                TableDef table = Tables.bronze(source, entity);
                long v = DeltaTables.version(spark, table, warehouse);
                if (v >= 0) {
                    versions.put(table.qualifiedName(), v);
                }
            }
        }
        return versions;
    }

    /** Decides, and for an incremental refresh reads the change data feed (a failure to read it is a fallback). */
    public Decision decide(RecurringConfig config, Map<String, Long> bronze) {
        Optional<Fallback.PreviousRun> previous = previousRun();
        Set<String> fxTables = new HashSet<>();
        SourceReaders.names().forEach(s -> fxTables.add(Tables.bronze(s, CanonicalEntity.FX_RATES).qualifiedName()));
        Optional<String> reason = Fallback.reason(previous, config.asOf(), config.policy(null), bronze, fxTables,
                schemaErrors());
        if (reason.isEmpty()) {
            // Facts carry the resolved customer: replacing the rows of changed keys is right only under the same map.
            reason = Fallback.identityChange(storedMatches(), currentMatches());
        }
        if (reason.isPresent()) {
            return Decision.full(reason.get(), previous);
        }
        Map<String, Long> from = previous.get().inputs().orElseThrow();
        Map<CanonicalEntity, Dataset<Row>> changed = new EnumMap<>(CanonicalEntity.class);
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            Dataset<Row> keys = null;
            for (String source : SourceReaders.names()) {
                TableDef table = Tables.bronze(source, entity);
                Long start = from.get(table.qualifiedName());
                Long end = bronze.get(table.qualifiedName());
                if (start == null || end == null || end.equals(start)) {
                    continue;
                }
                Dataset<Row> rows;
                try {
                    rows = spark.read().format("delta").option("readChangeFeed", "true")
                            .option("startingVersion", start + 1).option("endingVersion", end)
                            .load(table.location(warehouse))
                            .select(entity.key().stream().map(k -> col(k)).toArray(Column[]::new));
                    // Reading now surfaces a feed that was never recorded or was vacuumed before anything is written.
                    rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
                    rows.count();
                } catch (Exception e) {  // Delta's AnalysisException is a checked exception to Java
                    changed.values().forEach(Dataset::unpersist);
                    return Decision.full("the change data feed of " + table.qualifiedName() + " from version "
                            + (start + 1) + " to " + end + " cannot be read: " + firstLine(e.getMessage()), previous);
                }
                keys = keys == null ? rows : keys.unionByName(rows);
            }
            if (keys != null) {
                changed.put(entity, keys.distinct().persist(StorageLevel.MEMORY_AND_DISK()));
            }
        }
        return new Decision(Optional.empty(), previous, changed);
    }

    /**
     * Replaces the silver rows of every changed key with the rows a full conform gives for it, one commit per table,
     * and collects the customers concerned (before and after the change, so a row moved to another customer touches
     * both). Rows are resolved through the stored identity map, whose matches {@link #decide} found unchanged; a
     * changed customer record replaces the merged row of its resolved customer. Entities are taken in catalog order,
     * so invoices and contracts are current when lines, credit notes and obligations are traced to their customer.
     */
    public SilverChanges silver(Decision decision) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<String> customers = new HashSet<>();
        Set<String> recurring = new HashSet<>();
        if (decision.changedKeys().containsKey(CanonicalEntity.CUSTOMERS)) {
            // Same matches as before (decide checked), but unmatched records and the report may have changed.
            Instant t0 = Instant.now();
            counts.putAll(IdentityStage.run(spark, warehouse, progress));
            progress.accept(String.format(Locale.ROOT, "  identity map rebuilt in %.1f s", seconds(t0)));
        }
        Dataset<Row> matched = CustomerIdentity.matched(spark, warehouse).persist(StorageLevel.MEMORY_AND_DISK());
        for (var e : decision.changedKeys().entrySet()) {
            CanonicalEntity entity = e.getKey();
            Instant t0 = Instant.now();
            TableDef silver = Tables.silver(entity);
            List<String> key = entity.key();
            Dataset<Row> partitions = e.getValue().select(key.stream().map(k -> trim(col(k)).as(k))
                    .toArray(Column[]::new)).distinct();
            Dataset<Row> scope = e.getValue().select(key.stream()
                    .map(k -> SilverJob.typed(entity.field(k).orElseThrow()).as(k)).toArray(Column[]::new)).distinct();
            if (entity == CanonicalEntity.CUSTOMERS) {
                // A changed record changes the merged row of its resolved customer, built from all its records.
                scope = resolvedCustomers(scope, matched);
                partitions = recordsOf(scope, matched);
            }
            Dataset<Row> bronze = SilverJob.bronzeUnion(spark, warehouse, entity);
            Dataset<Row> bronzeKeys = partitions;
            Column match = key.stream().map(k -> trim(bronze.col(k)).equalTo(bronzeKeys.col(k)))
                    .reduce(Column::and).orElseThrow();
            Dataset<Row> rows = SilverJob.conformResolved(bronze.join(partitions, match, "left_semi"), entity, matched);
            if (entity == CanonicalEntity.CUSTOMERS) {
                rows = rows.join(scope, "customer_id", "left_semi");
            }
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
            long n = rows.count();
            long keys = scope.count();
            Set<String> concerned = new HashSet<>();
            if (CustomerLink.of(entity).isPresent()) {
                concerned.addAll(customersOf(spark, warehouse, entity,
                        DeltaTables.read(spark, silver, warehouse).join(scope, key.toArray(String[]::new), "left_semi")));
                concerned.addAll(customersOf(spark, warehouse, entity, rows));
            }
            TableDef contracts = Tables.silver(CanonicalEntity.CONTRACTS);
            if (entity == CanonicalEntity.OPPORTUNITIES && DeltaTables.exists(spark, contracts, warehouse)) {
                // A contract's booking type is its opportunity's: the contract's customer may not be the opportunity's.
                concerned.addAll(customersOf(spark, warehouse, CanonicalEntity.CONTRACTS,
                        DeltaTables.read(spark, contracts, warehouse).join(scope, key.toArray(String[]::new),
                                "left_semi")));
            }
            DeltaReplace.rows(spark, silver, warehouse, scope, rows);
            if (entity == CanonicalEntity.CUSTOMERS) {
                // A customer's dimension history comes from all its versions: rebuilt for the changed customers.
                Dataset<Row> history = DimensionHistoryStage.conform(bronze.join(partitions, match, "left_semi"), rows,
                        matched);
                DeltaReplace.rows(spark, Tables.CUSTOMER_DIMENSION_HISTORY, warehouse, scope, history);
                counts.put(Tables.CUSTOMER_DIMENSION_HISTORY.qualifiedName(), history.count());
            }
            rows.unpersist();
            e.getValue().unpersist();
            customers.addAll(concerned);
            if (CustomerLink.RECURRING_INPUTS.contains(entity)) {
                recurring.addAll(concerned);
            }
            counts.put(silver.qualifiedName(), n);
            progress.accept(String.format("  %s: %,d keys changed, %,d rows replaced, %,d customers (%.1f s)",
                    silver.qualifiedName(), keys, n, concerned.size(), seconds(t0)));
        }
        matched.unpersist();
        return new SilverChanges(counts, Set.copyOf(customers), Set.copyOf(recurring));
    }

    private static double seconds(Instant t0) {
        return java.time.Duration.between(t0, Instant.now()).toMillis() / 1000.0;
    }

    /**
     * The resolved customers of changed customer records ({@code customer_id}: source ids, any source): the ids
     * themselves (a record not matched is its own customer) and the customers matched records of them resolve to.
     */
    private static Dataset<Row> resolvedCustomers(Dataset<Row> changed, Dataset<Row> matched) {
        Dataset<Row> viaMap = matched.join(changed, matched.col("_im_source_id").equalTo(changed.col("customer_id")),
                "left_semi").select(col("_im_customer_id").as("customer_id"));
        return changed.unionByName(viaMap).distinct();
    }

    /** The source ids of every record that may resolve to the customers given: theirs, and their matched records'. */
    private static Dataset<Row> recordsOf(Dataset<Row> resolved, Dataset<Row> matched) {
        Dataset<Row> members = matched.join(resolved,
                matched.col("_im_customer_id").equalTo(resolved.col("customer_id")), "left_semi")
                .select(col("_im_source_id").as("customer_id"));
        return resolved.unionByName(members).distinct();
    }

    /** The stored identity map's matched records, {@code source/source_customer_id} → customer id. */
    private Map<String, String> storedMatches() {
        Map<String, String> out = new TreeMap<>();
        for (Row r : DeltaTables.readOrEmpty(spark, Tables.IDENTITY_MAP, warehouse)
                .filter(col("status").equalTo(IdentityResolver.MATCHED))
                .select("source", "source_customer_id", "customer_id").collectAsList()) {
            out.put(r.getString(0) + "/" + r.getString(1), r.getString(2));
        }
        return out;
    }

    /** The matched records the current bronze customers and mapping file give. */
    private Map<String, String> currentMatches() {
        Map<String, String> out = new TreeMap<>();
        IdentityStage.entries(spark, warehouse).stream().filter(e -> e.status().equals(IdentityResolver.MATCHED))
                .forEach(e -> out.put(e.source() + "/" + e.sourceCustomerId(), e.customerId()));
        return out;
    }

    /** The customers that rows of the entity concern, per {@link CustomerLink}; empty for company-wide entities. */
    public static Set<String> customersOf(SparkSession spark, String warehouse, CanonicalEntity entity,
                                          Dataset<Row> rows) {
        Optional<CustomerLink> link = CustomerLink.of(entity);
        if (link.isEmpty()) {
            return Set.of();
        }
        String column = link.get().column();
        Dataset<Row> ids = rows.select(col(column)).filter(col(column).isNotNull()).distinct();
        if (link.get().through().isPresent()) {
            TableDef via = Tables.silver(link.get().through().get());
            if (!DeltaTables.exists(spark, via, warehouse)) {
                return Set.of();
            }
            ids = ids.join(DeltaTables.read(spark, via, warehouse).select(column, "customer_id"), column)
                    .select("customer_id").filter(col("customer_id").isNotNull()).distinct();
        }
        Set<String> out = new HashSet<>();
        ids.collectAsList().forEach(r -> out.add(r.getString(0)));
        return out;
    }

    /** The latest run of ops.transform_runs, if any. */
    Optional<Fallback.PreviousRun> previousRun() {
        if (!DeltaTables.exists(spark, Tables.TRANSFORM_RUNS, warehouse)) {
            return Optional.empty();
        }
        Dataset<Row> runs = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, warehouse);
        boolean hasInputs = Arrays.asList(runs.columns()).contains("inputs");
        List<Row> latest = runs.orderBy(col("finished_at").desc()).limit(1).collectAsList();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Row r = latest.get(0);
        String inputs = hasInputs ? r.getAs("inputs") : null;
        return Optional.of(new Fallback.PreviousRun(r.getAs("run_id"), ((java.sql.Date) r.getAs("as_of")).toLocalDate(),
                parse(r.getAs("policy"), new TypeReference<Map<String, String>>() { }),
                Optional.ofNullable(inputs).map(s -> parse(s, new TypeReference<Map<String, Long>>() { }))));
    }

    /** The version of {@code table} that run {@code runId} recorded in ops.transform_runs.tables, if any. */
    public Optional<Long> recordedVersion(String runId, TableDef table) {
        return Optional.ofNullable(recordedVersions(runId).get(table.qualifiedName()));
    }

    /** Table → Delta version the run recorded as written (empty when it recorded none). */
    public Map<String, Long> recordedVersions(String runId) {
        List<Row> rows = DeltaTables.read(spark, Tables.TRANSFORM_RUNS, warehouse)
                .filter(col("run_id").equalTo(runId)).select("tables").collectAsList();
        if (rows.isEmpty() || rows.get(0).isNullAt(0)) {
            return Map.of();
        }
        return parse(rows.get(0).getString(0), new TypeReference<Map<String, Long>>() { });
    }

    /** Stored tables this refresh reads or replaces whose columns are not the catalog's. */
    private List<String> schemaErrors() {
        List<TableDef> tables = new ArrayList<>();
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            boolean hasBronze = SourceReaders.names().stream()
                    .anyMatch(s -> DeltaTables.exists(spark, Tables.bronze(s, entity), warehouse));
            if (hasBronze) {
                tables.add(Tables.silver(entity));
                if (entity == CanonicalEntity.CUSTOMERS) {
                    tables.add(Tables.CUSTOMER_DIMENSION_HISTORY);
                }
            }
        }
        tables.add(Tables.MRR_CUSTOMER_MONTH);
        tables.add(Tables.MRR_MOVEMENTS);
        List<String> errors = new ArrayList<>();
        for (TableDef t : tables) {
            if (!DeltaTables.exists(spark, t, warehouse)) {
                errors.add(t.qualifiedName() + " does not exist");
                continue;
            }
            List<String> stored = Arrays.asList(DeltaTables.read(spark, t, warehouse).columns());
            Fallback.schemaError(t.qualifiedName(), t.columnNames(), stored).ifPresent(errors::add);
        }
        return errors;
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
