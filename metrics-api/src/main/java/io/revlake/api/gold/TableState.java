package io.revlake.api.gold;

import io.revlake.catalog.TableDef;

/** What the server holds for one gold table: its loaded rows, or why it has none. */
public sealed interface TableState permits LoadedTable, UnavailableTable {
    TableDef table();
}
