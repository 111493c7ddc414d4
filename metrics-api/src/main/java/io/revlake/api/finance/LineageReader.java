package io.revlake.api.finance;

import io.delta.kernel.Snapshot;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.TableUnavailableException;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the few silver and bronze rows behind one answer, on demand, at the tables' latest versions. Each call scans
 * the Delta table but keeps only the matching rows, so the server never holds silver or bronze in memory.
 */
public final class LineageReader {
    private final DeltaGoldReader reader;

    public LineageReader(DeltaGoldReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The silver rows of {@code entity} whose {@code column} is one of {@code values}.
     *
     * @throws TableUnavailableException when the silver table is missing or unreadable (503: run the transform)
     */
    public Table silver(CanonicalEntity entity, String column, Set<String> values) {
        TableDef table = Tables.silver(entity);
        if (values.isEmpty()) {
            return emptyOf(table);
        }
        return read(table, column, values).orElseThrow(() -> new TableUnavailableException(table,
                "no Delta table at " + reader.location(table)));
    }

    /**
     * The bronze rows of {@code source}'s {@code entity} with the given file hashes (callers match {@code _source_row}
     * too), or empty when that bronze table does not exist.
     */
    public Optional<Table> bronze(String source, CanonicalEntity entity, Set<String> fileHashes) {
        return read(Tables.bronze(source, entity), "_file_hash", fileHashes);
    }

    /** invoice_id → YYYY-MM of its invoice date, from silver.invoices. */
    public Map<String, String> invoiceMonths(Set<String> invoiceIds) {
        Table invoices = silver(CanonicalEntity.INVOICES, "invoice_id", invoiceIds);
        StringColumn id = invoices.stringColumn("invoice_id");
        DateColumn date = invoices.dateColumn("invoice_date");
        Map<String, String> months = new HashMap<>();
        for (int i = 0; i < invoices.rowCount(); i++) {
            if (!date.isMissing(i)) {
                months.put(id.get(i), date.get(i).toString().substring(0, 7));
            }
        }
        return months;
    }

    private Optional<Table> read(TableDef table, String column, Set<String> values) {
        try {
            Optional<Snapshot> snapshot = reader.latestSnapshot(table);
            if (snapshot.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(reader.read(table, snapshot.get(), new DeltaGoldReader.RowFilter(column, values)).data());
        } catch (GoldReadException e) {
            throw new TableUnavailableException(table, e.getMessage());
        }
    }

    private static Table emptyOf(TableDef table) {
        Table empty = Table.create(table.qualifiedName());
        table.columns().forEach(c -> empty.addColumns(io.revlake.api.gold.ColumnCodec.emptyColumn(c)));
        return empty;
    }
}
