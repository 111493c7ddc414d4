package io.revlake.api.mrr;

import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;

/**
 * The gold columns the MRR endpoints select or sort on, resolved from the catalog once. A catalog change
 * that removes one fails here, when the class loads (first request or first test), not with wrong numbers.
 */
final class GoldColumns {
    static final Column SUMMARY_MONTH = column(Tables.MRR_SUMMARY, "month");
    static final Column MOVEMENT_MONTH = column(Tables.MRR_MOVEMENTS, "month");
    static final Column MOVEMENT_KIND = column(Tables.MRR_MOVEMENTS, "movement");
    static final Column MOVEMENT_AMOUNT = column(Tables.MRR_MOVEMENTS, "amount");
    static final Column MOVEMENT_CUSTOMER = column(Tables.MRR_MOVEMENTS, "customer_id");

    private GoldColumns() {
    }

    static Column column(TableDef table, String name) {
        return table.column(name).orElseThrow(() -> new IllegalStateException(
                "The catalog has no column " + name + " in " + table.qualifiedName()
                        + "; the metrics API needs it (io.revlake.api.mrr.GoldColumns)"));
    }
}
