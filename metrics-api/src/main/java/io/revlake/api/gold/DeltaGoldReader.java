package io.revlake.api.gold;

import static io.delta.kernel.internal.util.Utils.singletonCloseableIterator;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads gold Delta tables with Delta Kernel (no Spark) into Tablesaw tables shaped by the catalog.
 *
 * <p>Only the catalog's columns are read (a table may carry more; the contract allows added columns).
 * A catalog column that is absent, or whose Delta type cannot be held without loss, fails the read with a
 * message naming the table, column, both types and the fix.
 */
public final class DeltaGoldReader {
    private final Engine engine;
    private final String warehouse;
    private final Clock clock;

    /**
     * @param warehouse warehouse root: a local directory (absolute or relative) or a Hadoop URI such as
     *                  {@code s3a://bucket/warehouse}
     */
    public DeltaGoldReader(String warehouse) {
        this(DefaultEngine.create(new Configuration()), warehouse, Clock.systemUTC());
    }

    public DeltaGoldReader(Engine engine, String warehouse, Clock clock) {
        this.engine = engine;
        this.warehouse = warehouse;
        this.clock = clock;
    }

    public String warehouse() {
        return warehouse;
    }

    /** Where the table lives under this reader's warehouse. */
    public String location(TableDef table) {
        return table.location(warehouse);
    }

    /**
     * The latest committed snapshot of a table, or empty when there is no Delta table at its location.
     * Building a snapshot reads only the Delta log, so this is the cheap "has it changed?" probe.
     */
    public Optional<Snapshot> latestSnapshot(TableDef table) throws GoldReadException {
        try {
            return Optional.of(Table.forPath(engine, location(table)).getLatestSnapshot(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new GoldReadException("Cannot read the Delta log of " + table.qualifiedName() + " at "
                    + location(table) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The snapshot of one version of a table (time travel), built from its Delta log.
     *
     * @throws GoldReadException when there is no table or no such version (Kernel's message says which exist)
     */
    public Snapshot snapshotAt(TableDef table, long version) throws GoldReadException {
        try {
            return Table.forPath(engine, location(table)).getSnapshotAsOfVersion(engine, version);
        } catch (RuntimeException e) {
            throw new GoldReadException(String.valueOf(e.getMessage()), e);
        }
    }

    /** When a version of a table was committed (the Delta commit timestamp). */
    public Instant commitTime(TableDef table, long version) throws GoldReadException {
        try {
            return Instant.ofEpochMilli(snapshotAt(table, version).getTimestamp(engine));
        } catch (RuntimeException e) {
            throw new GoldReadException(String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * The version of a table that was current at {@code at}: the latest commit at or before it, or empty when the
     * table did not exist yet (or does not exist).
     */
    public Optional<Snapshot> snapshotAsOf(TableDef table, Instant at) throws GoldReadException {
        Optional<Snapshot> latest = latestSnapshot(table);
        if (latest.isEmpty()) {
            return latest;
        }
        try {
            if (latest.get().getTimestamp(engine) <= at.toEpochMilli()) {
                return latest; // Kernel refuses timestamps after the latest commit
            }
            if (createdAfter(table, at)) {
                return Optional.empty();
            }
            return Optional.of(Table.forPath(engine, location(table)).getSnapshotAsOfTimestamp(engine,
                    at.toEpochMilli()));
        } catch (RuntimeException e) {
            throw new GoldReadException("Cannot time-travel " + table.qualifiedName() + " to " + at + ": "
                    + e.getMessage(), e);
        }
    }

    /** True when version 0 was committed after {@code at}; false when it was not, or is no longer in the log. */
    private boolean createdAfter(TableDef table, Instant at) {
        try {
            return snapshotAt(table, 0).getTimestamp(engine) > at.toEpochMilli();
        } catch (GoldReadException e) {
            return false; // log cleaned up: the table is older than its oldest kept version
        }
    }

    /** Reads every row of {@code snapshot} (one version of {@code table}) into memory. */
    public LoadedTable read(TableDef table, Snapshot snapshot) throws GoldReadException {
        return read(table, snapshot, null);
    }

    /**
     * Reads only the rows whose text column {@code where.column()} holds one of {@code where.values()}: the whole
     * table is scanned, but only matching rows are kept in memory (lineage look-ups of one customer in silver and
     * bronze tables, which the server never holds as a whole).
     */
    public LoadedTable read(TableDef table, Snapshot snapshot, RowFilter where) throws GoldReadException {
        return read(table, snapshot, where, ReloadPacer.NONE);
    }

    /** As {@link #read(TableDef, Snapshot, RowFilter)}, giving way to {@code pacer} after each batch of rows. */
    LoadedTable read(TableDef table, Snapshot snapshot, RowFilter where, ReloadPacer pacer) throws GoldReadException {
        StructType readSchema = readSchema(table, snapshot);
        // Catalog column i is column dataIndex[i] of the read batches, or -1 when this version predates it.
        int[] dataIndex = new int[table.columns().size()];
        for (int i = 0; i < dataIndex.length; i++) {
            dataIndex[i] = readSchema.indexOf(table.columns().get(i).name());
        }
        List<tech.tablesaw.columns.Column<?>> columns = new ArrayList<>();
        for (Column c : table.columns()) {
            columns.add(ColumnCodec.emptyColumn(c));
        }
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                FilteredColumnarBatch scanFileBatch = scanFiles.next();
                try (CloseableIterator<Row> scanFileRows = scanFileBatch.getRows()) {
                    while (scanFileRows.hasNext()) {
                        Row scanFile = scanFileRows.next();
                        readFile(table, snapshot, scanState, scanFile, physicalSchema, columns, dataIndex, where, pacer);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new GoldReadException("Cannot read " + table.qualifiedName() + " version " + snapshot.getVersion()
                    + " at " + location(table) + ": " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new GoldReadException(table.qualifiedName() + " version " + snapshot.getVersion()
                    + " holds a decimal with more digits than the catalog allows (" + e.getMessage()
                    + "); rebuild it with ./revlake transform", e);
        } catch (RuntimeException e) {
            throw new GoldReadException("Cannot read " + table.qualifiedName() + " version " + snapshot.getVersion()
                    + " at " + location(table) + ": " + e, e);
        }
        tech.tablesaw.api.Table data = tech.tablesaw.api.Table.create(table.qualifiedName(), columns);
        return new LoadedTable(table, data, snapshot.getVersion(), clock.instant());
    }

    private void readFile(TableDef table, Snapshot snapshot, Row scanState, Row scanFile, StructType physicalSchema,
                          List<tech.tablesaw.columns.Column<?>> columns, int[] dataIndex, RowFilter where,
                          ReloadPacer pacer) throws IOException, GoldReadException {
        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
        try (CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                .readParquetFiles(singletonCloseableIterator(file), physicalSchema, Optional.empty())
                .map(FileReadResult::getData);
             CloseableIterator<FilteredColumnarBatch> logical =
                     Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
            while (logical.hasNext()) {
                append(table, logical.next(), columns, dataIndex, where);
                pacer.afterBatch();
            }
        }
    }

    private static void append(TableDef table, FilteredColumnarBatch batch, List<tech.tablesaw.columns.Column<?>> columns,
                               int[] dataIndex, RowFilter where) {
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selection = batch.getSelectionVector();
        int size = data.getSize();
        List<Column> catalogColumns = table.columns();
        ColumnVector filterVector = null;
        if (where != null) {
            int index = table.columnNames().indexOf(where.column());
            if (index < 0) {
                throw new IllegalArgumentException(table.qualifiedName() + " has no column " + where.column());
            }
            // A version without the filter column has no row with one of the values.
            filterVector = dataIndex[index] < 0 ? null : data.getColumnVector(dataIndex[index]);
        }
        boolean noneMatch = where != null && filterVector == null;
        boolean[] selected = new boolean[size];
        for (int row = 0; row < size; row++) {
            // Rows removed by deletion vectors come back unselected; they are not part of the version.
            selected[row] = !noneMatch && (selection.isEmpty()
                    || (!selection.get().isNullAt(row) && selection.get().getBoolean(row)));
            if (selected[row] && filterVector != null) {
                selected[row] = !filterVector.isNullAt(row) && where.values().contains(filterVector.getString(row));
            }
        }
        for (int i = 0; i < catalogColumns.size(); i++) {
            ColumnVector vector = dataIndex[i] < 0 ? null : data.getColumnVector(dataIndex[i]);
            for (int row = 0; row < size; row++) {
                if (selected[row] && vector == null) {
                    columns.get(i).appendMissing();
                } else if (selected[row]) {
                    ColumnCodec.append(columns.get(i), catalogColumns.get(i), vector, row);
                }
            }
        }
    }

    /**
     * The catalog's columns, in catalog order, with the types the Delta table actually has. An optional column the
     * version does not have is left out and read as missing: a version written before the column was added (a period
     * close, time travel) stays readable. A missing required column fails the read.
     */
    private StructType readSchema(TableDef table, Snapshot snapshot) throws GoldReadException {
        StructType deltaSchema = snapshot.getSchema();
        StructType read = new StructType();
        for (Column c : table.columns()) {
            int index = deltaSchema.indexOf(c.name());
            if (index < 0 && c.nullable()) {
                continue;
            }
            if (index < 0) {
                throw new GoldReadException(table.qualifiedName() + " version " + snapshot.getVersion() + " at "
                        + location(table) + " has no column " + c.name() + " (the catalog requires it; columns found: "
                        + String.join(", ", deltaSchema.fieldNames()) + "); rebuild it with ./revlake transform");
            }
            StructField field = deltaSchema.at(index);
            if (!ColumnCodec.isReadable(field.getDataType(), c.type())) {
                throw new GoldReadException(table.qualifiedName() + " version " + snapshot.getVersion() + ": column "
                        + c.name() + " is " + field.getDataType() + " in the Delta table but the catalog says "
                        + ColumnCodec.describe(c.type()) + "; rebuild it with ./revlake transform");
            }
            read = read.add(field);
        }
        return read;
    }

    /** Keep only rows whose text column {@code column} is one of {@code values}. */
    public record RowFilter(String column, java.util.Set<String> values) {
        public RowFilter {
            java.util.Objects.requireNonNull(column, "column");
            values = java.util.Set.copyOf(values);
        }
    }
}
