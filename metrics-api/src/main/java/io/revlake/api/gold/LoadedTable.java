package io.revlake.api.gold;

import io.revlake.catalog.TableDef;
import java.time.Instant;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A gold table read in full at one Delta version. The Tablesaw table has one column per catalog column,
 * in catalog order, typed by {@link ColumnCodec}. It is never modified after loading: readers may share
 * it across threads, and must only derive new tables from it (filter, sort), never append or set.
 */
public record LoadedTable(TableDef table, Table data, long version, Instant loadedAt) implements TableState {
    public LoadedTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loadedAt, "loadedAt");
        if (version < 0) {
            throw new IllegalArgumentException("Delta versions start at 0: " + version);
        }
        if (!data.columnNames().equals(table.columnNames())) {
            throw new IllegalArgumentException(table.qualifiedName() + ": loaded columns " + data.columnNames()
                    + " differ from the catalog's " + table.columnNames());
        }
    }

    public int rowCount() {
        return data.rowCount();
    }
}
