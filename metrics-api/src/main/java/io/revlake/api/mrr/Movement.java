package io.revlake.api.mrr;

import io.revlake.catalog.Column;
import io.revlake.catalog.Tables;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MRR movements (METRICS.md), in bridge order: end MRR = start MRR + new + reactivation + expansion
 * + contraction + churn + fx. Each is a value of {@code gold.mrr_movements.movement} and a column of
 * {@code gold.mrr_summary} of the same name.
 */
public enum Movement {
    NEW, REACTIVATION, EXPANSION, CONTRACTION, CHURN, FX;

    private final String value = name().toLowerCase(Locale.ROOT);
    private final Column summaryColumn = GoldColumns.column(Tables.MRR_SUMMARY, value);

    /** As written in the gold tables and the API. */
    public String value() {
        return value;
    }

    /** The {@code gold.mrr_summary} column holding this movement's monthly total. */
    public Column summaryColumn() {
        return summaryColumn;
    }

    /** Every accepted value, in bridge order. */
    public static List<String> accepted() {
        return Arrays.stream(values()).map(Movement::value).toList();
    }

    /** Case-insensitive. */
    public static Optional<Movement> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.value.equals(wanted)).findFirst();
    }
}
