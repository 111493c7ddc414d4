package io.revlake.api.gold;

import io.revlake.catalog.TableDef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable view of every gold table the server serves, keyed by qualified name
 * ({@code gold.mrr_summary}) in catalog order. A request takes one snapshot and uses only it, so it never
 * mixes two reloads; a reload builds a whole new snapshot and swaps it in at once.
 */
public record GoldSnapshot(Map<String, TableState> tables, Instant createdAt) {
    public GoldSnapshot {
        Objects.requireNonNull(createdAt, "createdAt");
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** The loaded table, or a {@link TableUnavailableException} naming it and why it is missing. */
    public LoadedTable require(TableDef table) {
        TableState state = tables.get(table.qualifiedName());
        if (state instanceof LoadedTable loaded) {
            return loaded;
        }
        if (state instanceof UnavailableTable unavailable) {
            throw new TableUnavailableException(table, unavailable.reason());
        }
        throw new TableUnavailableException(table, "the server does not load this table");
    }

    public boolean allLoaded() {
        return tables.values().stream().allMatch(LoadedTable.class::isInstance);
    }
}
