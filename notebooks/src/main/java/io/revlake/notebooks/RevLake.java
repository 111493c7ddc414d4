package io.revlake.notebooks;

import io.delta.kernel.Snapshot;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.actions.CommitInfo;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.Layer;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.Selection;

/**
 * The notebook client: any catalogued table of a RevLake warehouse, at its latest or any past Delta version,
 * as a Tablesaw {@link Table}, read with Delta Kernel (no Spark, no server).
 *
 * <pre>{@code
 * RevLake rl = RevLake.open();                       // $REVLAKE_WAREHOUSE, else ./warehouse
 * Table summary = rl.table("mrr_summary");           // gold tables by their contract name
 * Table customers = rl.table("silver.customers");    // any layer by qualified name
 * Table june = rl.where("mrr_movements", "month", "2024-06");
 * Table atClose = rl.table("mrr_summary", 3);        // Delta version 3 (time travel)
 * }</pre>
 *
 * <p><b>Columns.</b> A table has exactly the catalog's columns, in catalog order (see
 * {@code io.revlake.catalog.Tables} and {@code docs/metrics.md}). Money, amounts and rates (decimals in Delta)
 * are {@link DoubleColumn}s in currency units, so they chart and aggregate directly; every stored value has at
 * most two decimals for money, so {@link #sumMoney} recovers exact cent totals from them. Strings, dates,
 * timestamps, longs, booleans and doubles keep their types. The reading itself is the metrics API's
 * {@link DeltaGoldReader}: a notebook sees the same rows the API serves.
 *
 * <p><b>Names.</b> Gold tables by contract name ({@code mrr_summary}) or qualified ({@code gold.mrr_summary});
 * others qualified: {@code silver.customers}, {@code ops.transform_runs}, {@code ops.ingest_ledger},
 * {@code quarantine.canonical}. Unknown names fail with the list of known ones.
 *
 * <p>Instances are not thread-safe; open one per notebook.
 */
public final class RevLake {
    /** Connectors that may have a quarantine table; see {@code Tables.quarantine}. */
    public static final List<String> SOURCES = List.of("canonical", "salesforce", "stripe", "erp", "hubspot", "zuora");
    /** Environment variable naming the warehouse that {@link #open()} reads. */
    public static final String WAREHOUSE_ENV = "REVLAKE_WAREHOUSE";

    private static final Pattern DELTA_FILE = Pattern.compile("\\d{20}\\.json");

    private final String warehouse;
    private final Engine engine;
    private final DeltaGoldReader reader;
    /** Versions are immutable, so a table read at a version never changes: key {@code name@version}. */
    private final Map<String, Table> versions = new HashMap<>();

    private RevLake(String warehouse) {
        this.warehouse = warehouse;
        this.engine = DefaultEngine.create(new Configuration());
        this.reader = new DeltaGoldReader(engine, warehouse, Clock.systemUTC());
    }

    /**
     * Opens the warehouse named by the environment variable {@value #WAREHOUSE_ENV}, or {@code ./warehouse}
     * (where {@code ./revlake demo} builds it) when unset.
     *
     * @throws IllegalArgumentException when it is a local folder that does not exist
     */
    public static RevLake open() {
        String fromEnv = System.getenv(WAREHOUSE_ENV);
        return open(fromEnv == null || fromEnv.isBlank() ? "warehouse" : fromEnv);
    }

    /**
     * Opens a warehouse: a local folder (absolute or relative) or a Hadoop URI such as
     * {@code s3a://bucket/warehouse}. Nothing is read until a table is asked for.
     *
     * @throws IllegalArgumentException when {@code warehouse} is a local folder that does not exist
     */
    public static RevLake open(String warehouse) {
        Objects.requireNonNull(warehouse, "warehouse");
        if (!warehouse.contains("://")) {
            Path folder = Path.of(warehouse).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("No warehouse at " + folder + ": build one with `./revlake demo"
                        + " --no-serve` or point " + WAREHOUSE_ENV + " at an existing warehouse folder");
            }
            return new RevLake(folder.toString());
        }
        return new RevLake(warehouse);
    }

    /** A client for the RevLake metrics API at {@code baseUrl} (e.g. {@code http://localhost:7070}). */
    public static Api api(String baseUrl, String token) {
        return new Api(baseUrl, token);
    }

    /** The warehouse root this client reads. */
    public String warehouse() {
        return warehouse;
    }

    /**
     * The catalog entry for a table name.
     *
     * @throws IllegalArgumentException for a name the catalog does not know, listing the known names
     */
    public static TableDef definition(String name) {
        Objects.requireNonNull(name, "name");
        Optional<TableDef> fixed = Tables.byName(name);
        if (fixed.isPresent()) {
            return fixed.get();
        }
        String quarantinePrefix = Layer.QUARANTINE.folder() + ".";
        if (name.startsWith(quarantinePrefix) && SOURCES.contains(name.substring(quarantinePrefix.length()))) {
            return Tables.quarantine(name.substring(quarantinePrefix.length()));
        }
        String known = Stream.concat(Tables.fixed().stream().map(TableDef::qualifiedName),
                SOURCES.stream().map(s -> quarantinePrefix + s)).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("No table " + name + " in the catalog; known tables: " + known);
    }

    /** Whether the table has been written to this warehouse (a Delta table exists at its location). */
    public boolean exists(String name) {
        return latest(definition(name)).isPresent();
    }

    /**
     * The latest Delta version of a table.
     *
     * @throws IllegalStateException when the table has not been built in this warehouse
     */
    public long latestVersion(String name) {
        TableDef def = definition(name);
        return latest(def).orElseThrow(() -> missing(def)).getVersion();
    }

    /**
     * The latest version of a table, every row.
     *
     * @throws IllegalStateException when the table is not built, or cannot be read into the catalog's schema
     */
    public Table table(String name) {
        TableDef def = definition(name);
        Snapshot snapshot = latest(def).orElseThrow(() -> missing(def));
        return read(def, snapshot);
    }

    /**
     * Version {@code version} of a table (Delta time travel): the rows as they were after that commit.
     *
     * @throws IllegalStateException when there is no such version (the message says which exist)
     */
    public Table table(String name, long version) {
        TableDef def = definition(name);
        String key = def.qualifiedName() + "@" + version;
        Table cached = versions.get(key);
        if (cached != null) {
            return cached.copy();
        }
        Snapshot snapshot;
        try {
            snapshot = io.delta.kernel.Table.forPath(engine, reader.location(def)).getSnapshotAsOfVersion(engine, version);
        } catch (TableNotFoundException e) {
            throw missing(def);
        } catch (RuntimeException e) {
            long latest = latest(def).map(Snapshot::getVersion).orElse(-1L);
            throw new IllegalStateException(def.qualifiedName() + " has no version " + version + " (versions 0 to "
                    + latest + " exist): " + e.getMessage(), e);
        }
        return read(def, snapshot);
    }

    /** The latest rows of a table whose {@code column} equals one of {@code values} (compared as text). */
    public Table where(String name, String column, Object... values) {
        Table t = table(name);
        List<String> wanted = Stream.of(values).map(String::valueOf).toList();
        tech.tablesaw.columns.Column<?> c = t.column(column);
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < t.rowCount(); row++) {
            if (!c.isMissing(row) && wanted.contains(c.getString(row))) {
                rows.add(row);
            }
        }
        return t.where(Selection.with(rows.stream().mapToInt(Integer::intValue).toArray())).setName(t.name());
    }

    /**
     * The latest rows of a table whose {@code column}, compared as text, lies in [{@code from}, {@code to}]:
     * for {@code month} (YYYY-MM) and ISO dates, text order is time order.
     */
    public Table between(String name, String column, String from, String to) {
        Table t = table(name);
        tech.tablesaw.columns.Column<?> c = t.column(column);
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < t.rowCount(); row++) {
            if (!c.isMissing(row)) {
                String v = c.getString(row);
                if (v.compareTo(from) >= 0 && v.compareTo(to) <= 0) {
                    rows.add(row);
                }
            }
        }
        return t.where(Selection.with(rows.stream().mapToInt(Integer::intValue).toArray())).setName(t.name());
    }

    /**
     * The commit history of a table from its Delta log, oldest first: {@code version}, {@code committed_at},
     * {@code operation} (e.g. WRITE, MERGE), {@code rows_written} (from the commit's metrics, when recorded),
     * {@code parameters} and {@code metrics} as text. Versions whose log file has been cleaned up are absent.
     */
    public Table history(String name) {
        TableDef def = definition(name);
        Snapshot latest = latest(def).orElseThrow(() -> missing(def));
        LongColumn version = LongColumn.create("version");
        InstantColumn committedAt = InstantColumn.create("committed_at");
        StringColumn operation = StringColumn.create("operation");
        LongColumn rowsWritten = LongColumn.create("rows_written");
        StringColumn parameters = StringColumn.create("parameters");
        StringColumn metrics = StringColumn.create("metrics");
        String logDir = latest.getPath() + "/_delta_log/";
        TreeMap<Long, FileStatus> files = new TreeMap<>();
        try (CloseableIterator<FileStatus> listing = engine.getFileSystemClient().listFrom(logDir + "0")) {
            while (listing.hasNext()) {
                FileStatus f = listing.next();
                String fileName = f.getPath().substring(f.getPath().lastIndexOf('/') + 1);
                if (DELTA_FILE.matcher(fileName).matches()) {
                    files.put(Long.parseLong(fileName.substring(0, 20)), f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Delta log of " + def.qualifiedName() + " at " + logDir, e);
        }
        for (Map.Entry<Long, FileStatus> e : files.entrySet()) {
            if (e.getKey() > latest.getVersion()) {
                continue;
            }
            Optional<CommitInfo> info = CommitInfo.tryReadCommitInfoFromDeltaFile(engine, e.getValue());
            version.append(e.getKey());
            committedAt.append(Instant.ofEpochMilli(info.map(CommitInfo::getTimestamp)
                    .orElse(e.getValue().getModificationTime())));
            operation.append(info.flatMap(CommitInfo::getOperation).orElse(""));
            Map<String, String> m = info.map(CommitInfo::getOperationMetrics).orElse(Map.of());
            String rows = m.getOrDefault("numOutputRows", m.get("numTargetRowsInserted"));
            if (rows == null) {
                rowsWritten.appendMissing();
            } else {
                rowsWritten.append(Long.parseLong(rows));
            }
            parameters.append(String.valueOf(new TreeMap<>(info.map(CommitInfo::getOperationParameters).orElse(Map.of()))));
            metrics.append(String.valueOf(new TreeMap<>(m)));
        }
        return Table.create(def.qualifiedName() + " history", version, committedAt, operation, rowsWritten,
                parameters, metrics);
    }

    /**
     * What changed in a table between two versions, by its catalog key, one row per difference:
     * {@code change} is {@code added} or {@code removed} (a whole row; {@code column} is {@code *}) or
     * {@code changed} (one row per changed column, with {@code before} and {@code after} as text). The key
     * columns come first, as in the table. No rows: the two versions hold the same data.
     */
    public Table diff(String name, long fromVersion, long toVersion) {
        TableDef def = definition(name);
        Table before = table(name, fromVersion);
        Table after = table(name, toVersion);
        Map<List<Object>, Integer> beforeRows = keyIndex(def, before);
        Map<List<Object>, Integer> afterRows = keyIndex(def, after);
        StringColumn change = StringColumn.create("change");
        List<StringColumn> keys = def.key().stream().map(StringColumn::create).toList();
        StringColumn column = StringColumn.create("column");
        StringColumn was = StringColumn.create("before");
        StringColumn now = StringColumn.create("after");
        for (Map.Entry<List<Object>, Integer> e : beforeRows.entrySet()) {
            Integer a = afterRows.get(e.getKey());
            if (a == null) {
                addDiff(change, keys, column, was, now, "removed", e.getKey(), "*", rowText(before, e.getValue()), "");
                continue;
            }
            for (Column c : def.columns()) {
                Object x = before.column(c.name()).get(e.getValue());
                Object y = after.column(c.name()).get(a);
                if (!Objects.equals(x, y)) {
                    addDiff(change, keys, column, was, now, "changed", e.getKey(), c.name(),
                            before.column(c.name()).getString(e.getValue()), after.column(c.name()).getString(a));
                }
            }
        }
        for (Map.Entry<List<Object>, Integer> e : afterRows.entrySet()) {
            if (!beforeRows.containsKey(e.getKey())) {
                addDiff(change, keys, column, was, now, "added", e.getKey(), "*", "", rowText(after, e.getValue()));
            }
        }
        Table out = Table.create(def.qualifiedName() + " v" + fromVersion + " → v" + toVersion);
        out.addColumns(change);
        keys.forEach(out::addColumns);
        out.addColumns(column, was, now);
        return out;
    }

    /**
     * Every catalogued table (plus one quarantine table per connector) with whether it exists here, its latest
     * Delta version and when that was committed; columns {@code table}, {@code layer}, {@code exists},
     * {@code latest_version}, {@code committed_at}, {@code grain}.
     */
    public Table catalog() {
        StringColumn table = StringColumn.create("table");
        StringColumn layer = StringColumn.create("layer");
        BooleanColumn exists = BooleanColumn.create("exists");
        LongColumn latestVersion = LongColumn.create("latest_version");
        InstantColumn committedAt = InstantColumn.create("committed_at");
        StringColumn grain = StringColumn.create("grain");
        List<TableDef> all = new ArrayList<>(Tables.fixed());
        SOURCES.forEach(s -> all.add(Tables.quarantine(s)));
        for (TableDef def : all) {
            Optional<Snapshot> s = latest(def);
            table.append(def.qualifiedName());
            layer.append(def.layer().folder());
            exists.append(s.isPresent());
            if (s.isPresent()) {
                latestVersion.append(s.get().getVersion());
                committedAt.append(Instant.ofEpochMilli(s.get().getTimestamp(engine)));
            } else {
                latestVersion.appendMissing();
                committedAt.appendMissing();
            }
            grain.append(def.grain());
        }
        return Table.create("catalog of " + warehouse, table, layer, exists, latestVersion, committedAt, grain);
    }

    /**
     * Rows held in quarantine, by connector, entity and reason code (columns {@code source}, {@code entity},
     * {@code reason_code}, {@code rows}); connectors without a quarantine table are left out.
     */
    public Table quarantineCounts() {
        StringColumn source = StringColumn.create("source");
        StringColumn entity = StringColumn.create("entity");
        StringColumn reason = StringColumn.create("reason_code");
        LongColumn rows = LongColumn.create("rows");
        for (String s : SOURCES) {
            String name = Layer.QUARANTINE.folder() + "." + s;
            if (!exists(name)) {
                continue;
            }
            Table q = table(name);
            Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
            for (int row = 0; row < q.rowCount(); row++) {
                counts.merge(List.of(q.stringColumn("entity").get(row), q.stringColumn("reason_code").get(row)), 1L, Long::sum);
            }
            counts.forEach((k, n) -> {
                source.append(s);
                entity.append(k.get(0));
                reason.append(k.get(1));
                rows.append(n);
            });
        }
        return Table.create("quarantined rows", source, entity, reason, rows);
    }

    /**
     * The exact sum of a money column (at most two decimals per value, as every MONEY column is), as a
     * {@link BigDecimal} with two decimals: each value is rounded to whole cents before adding, so binary
     * floating point never shows in the total. Missing values count as zero.
     */
    public static BigDecimal sumMoney(NumericColumn<?> column) {
        long cents = 0;
        for (int row = 0; row < column.size(); row++) {
            if (!column.isMissing(row)) {
                cents = Math.addExact(cents, cents(column.getDouble(row)));
            }
        }
        return BigDecimal.valueOf(cents, 2);
    }

    /** A money amount held as a double (e.g. one cell), exactly, with two decimals. */
    public static BigDecimal money(double amount) {
        return BigDecimal.valueOf(cents(amount), 2);
    }

    private static long cents(double amount) {
        return Math.round(amount * 100);
    }

    private Optional<Snapshot> latest(TableDef def) {
        try {
            return reader.latestSnapshot(def);
        } catch (GoldReadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Table read(TableDef def, Snapshot snapshot) {
        String key = def.qualifiedName() + "@" + snapshot.getVersion();
        Table cached = versions.get(key);
        if (cached == null) {
            LoadedTable loaded;
            try {
                loaded = reader.read(def, snapshot);
            } catch (GoldReadException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            cached = toUnits(def, loaded.data()).setName(def.qualifiedName() + " v" + snapshot.getVersion());
            versions.put(key, cached);
        }
        return cached.copy();
    }

    /** Decimal columns, held by the reader as unscaled longs, become doubles in currency (or rate) units. */
    private static Table toUnits(TableDef def, Table held) {
        Table out = Table.create(held.name());
        for (Column c : def.columns()) {
            tech.tablesaw.columns.Column<?> source = held.column(c.name());
            if (c.type().isDecimal()) {
                LongColumn unscaled = (LongColumn) source;
                double divisor = Math.pow(10, c.type().scale());
                DoubleColumn units = DoubleColumn.create(c.name(), unscaled.size());
                for (int row = 0; row < unscaled.size(); row++) {
                    if (unscaled.isMissing(row)) {
                        units.setMissing(row);
                    } else {
                        units.set(row, unscaled.getLong(row) / divisor);
                    }
                }
                out.addColumns(units);
            } else {
                out.addColumns(source.copy());
            }
        }
        return out;
    }

    private IllegalStateException missing(TableDef def) {
        return new IllegalStateException(def.qualifiedName() + " is not built in " + warehouse + " (no Delta table at "
                + reader.location(def) + "); check with exists(\"" + def.qualifiedName() + "\") first, or build it"
                + " with ./revlake transform");
    }

    private static Map<List<Object>, Integer> keyIndex(TableDef def, Table t) {
        Map<List<Object>, Integer> index = new LinkedHashMap<>();
        for (int row = 0; row < t.rowCount(); row++) {
            List<Object> key = new ArrayList<>();
            for (String k : def.key()) {
                key.add(t.column(k).get(row));
            }
            index.put(key, row);
        }
        return index;
    }

    private static String rowText(Table t, int row) {
        StringBuilder sb = new StringBuilder();
        for (tech.tablesaw.columns.Column<?> c : t.columns()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(c.name()).append('=').append(c.isMissing(row) ? "" : c.getString(row));
        }
        return sb.toString();
    }

    private static void addDiff(StringColumn change, List<StringColumn> keys, StringColumn column, StringColumn was,
                                StringColumn now, String kind, List<Object> key, String columnName, String before,
                                String after) {
        change.append(kind);
        for (int i = 0; i < keys.size(); i++) {
            keys.get(i).append(String.valueOf(key.get(i)));
        }
        column.append(columnName);
        was.append(before);
        now.append(after);
    }
}
