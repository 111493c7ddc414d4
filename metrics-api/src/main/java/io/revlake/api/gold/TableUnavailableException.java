package io.revlake.api.gold;

import io.revlake.catalog.TableDef;

/** A request needs a gold table that is not loaded (not built yet, or unreadable). */
public final class TableUnavailableException extends RuntimeException {
    private final transient TableDef table;
    private final String reason;

    public TableUnavailableException(TableDef table, String reason) {
        super(table.qualifiedName() + " is not available: " + reason);
        this.table = table;
        this.reason = reason;
    }

    public TableDef table() {
        return table;
    }

    public String reason() {
        return reason;
    }
}
