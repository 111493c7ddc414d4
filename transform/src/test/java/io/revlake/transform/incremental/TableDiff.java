package io.revlake.transform.incremental;

import io.revlake.catalog.TableDef;
import io.revlake.spark.DeltaTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Row-for-row comparison of one table in two warehouses, as a readable list of the first differing rows. */
final class TableDiff {
    private TableDiff() {
    }

    /**
     * @param ignored columns left out of the comparison (lineage that names a warehouse's own ingest batch)
     * @param limit   rows reported per side
     * @return empty when both hold the same multiset of rows
     */
    static List<String> differences(SparkSession spark, TableDef table, String left, String right, List<String> ignored,
                                    int limit) {
        boolean inLeft = DeltaTables.exists(spark, table, left);
        if (inLeft != DeltaTables.exists(spark, table, right)) {
            return List.of(table.qualifiedName() + " exists only in " + (inLeft ? left : right));
        }
        if (!inLeft) {
            return List.of();
        }
        Column[] columns = table.columnNames().stream().filter(c -> !ignored.contains(c))
                .map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        // Test tables are small: compared on the driver, as sorted multisets of rendered rows.
        List<String> a = rendered(DeltaTables.read(spark, table, left).select(columns));
        List<String> b = rendered(DeltaTables.read(spark, table, right).select(columns));
        List<String> out = new ArrayList<>();
        if (a.size() != b.size()) {
            out.add(table.qualifiedName() + ": " + a.size() + " rows incrementally, " + b.size() + " in the full rebuild");
        }
        out.addAll(onlyIn(a, b, table.qualifiedName() + " only incrementally: ", limit));
        out.addAll(onlyIn(b, a, table.qualifiedName() + " only in the full rebuild: ", limit));
        return out;
    }

    private static List<String> rendered(Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }

    /** Rows of {@code a} not matched one-for-one by a row of {@code b}, the first {@code limit}. */
    private static List<String> onlyIn(List<String> a, List<String> b, String label, int limit) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        b.forEach(r -> counts.merge(r, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String r : a) {
            if (counts.merge(r, -1, Integer::sum) < 0 && out.size() < limit) {
                out.add(label + r);
            }
        }
        return out;
    }
}
