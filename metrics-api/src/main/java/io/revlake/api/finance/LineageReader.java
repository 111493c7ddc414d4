package io.revlake.api.finance;

import io.delta.kernel.Snapshot;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.TableUnavailableException;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the few silver and bronze rows behind one answer, on demand. Each call scans the Delta table but keeps only
 * the matching rows, so the server never holds silver or bronze in memory.
 *
 * <p>Lineage is read as it stood when the gold version being explained was written ({@link #at}): the silver and
 * bronze versions current at that gold commit. Later ingests or a transform whose gold failed its checks (and so was
 * never published) must not change the explanation of a published or closed figure.
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
    public Table silver(CanonicalEntity entity, String column, Set<String> values, Instant at) {
        TableDef table = Tables.silver(entity);
        if (values.isEmpty()) {
            return emptyOf(table);
        }
        return read(table, column, values, at).orElseThrow(() -> new TableUnavailableException(table,
                "no Delta table at " + reader.location(table) + " as of " + at));
    }

    /**
     * As {@link #silver}, but an optional input (contracts, obligations, invoice lines, credit notes) whose silver
     * table does not exist gives no rows: the transform ran without it.
     */
    public Table silverIfPresent(CanonicalEntity entity, String column, Set<String> values, Instant at) {
        TableDef table = Tables.silver(entity);
        return values.isEmpty() ? emptyOf(table) : read(table, column, values, at).orElseGet(() -> emptyOf(table));
    }

    /**
     * The bronze rows of {@code source}'s {@code entity} with the given file hashes (callers match {@code _source_row}
     * too), or empty when that bronze table does not exist.
     */
    public Optional<Table> bronze(String source, CanonicalEntity entity, Set<String> fileHashes, Instant at) {
        return read(Tables.bronze(source, entity), "_file_hash", fileHashes, at);
    }

    /**
     * The point in time whose silver and bronze explain {@code version} of a gold table: that version's commit.
     * A transform writes silver before the gold it computes from it, so silver at this instant is what gold was built
     * from.
     */
    public Instant at(TableDef gold, long version) {
        try {
            return reader.commitTime(gold, version);
        } catch (GoldReadException e) {
            throw new TableUnavailableException(gold, e.getMessage());
        }
    }

    /** A source system's id of a customer record, and the customer the identity map resolved it to. */
    public record SourceRecord(String source, String sourceCustomerId, String customerId) {
    }

    /**
     * The customer records of any source whose own id is {@code sourceId} and which silver.identity_map matched to
     * a customer (docs/connectors.md, "Identity resolution"), so a Stripe {@code cus_…} or an ERP number finds the
     * customer its facts are under. Empty when the map does not exist or no matched record has that id.
     */
    public List<SourceRecord> matchedRecords(String sourceId) {
        Optional<Table> map = read(Tables.IDENTITY_MAP, "source_customer_id", Set.of(sourceId), Instant.now());
        List<SourceRecord> out = new java.util.ArrayList<>();
        map.ifPresent(t -> {
            for (int i = 0; i < t.rowCount(); i++) {
                if ("matched".equals(t.stringColumn("status").get(i))) {
                    out.add(new SourceRecord(t.stringColumn("source").get(i),
                            t.stringColumn("source_customer_id").get(i), t.stringColumn("customer_id").get(i)));
                }
            }
        });
        return out;
    }

    /** invoice_id → YYYY-MM of its invoice date, from silver.invoices. */
    public Map<String, String> invoiceMonths(Set<String> invoiceIds) {
        Table invoices = silver(CanonicalEntity.INVOICES, "invoice_id", invoiceIds, Instant.now());
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

    private Optional<Table> read(TableDef table, String column, Set<String> values, Instant at) {
        try {
            Optional<Snapshot> snapshot = reader.snapshotAsOf(table, at);
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
