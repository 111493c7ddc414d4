package io.revlake.api.gold;

import io.revlake.catalog.TableDef;
import java.util.Objects;

/** A gold table the server cannot serve, with the reason in words a user can act on. */
public record UnavailableTable(TableDef table, String reason) implements TableState {
    public UnavailableTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reason, "reason");
    }
}
