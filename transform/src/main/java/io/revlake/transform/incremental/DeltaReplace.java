package io.revlake.transform.incremental;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.revlake.catalog.TableDef;
import io.revlake.spark.DeltaTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Replacing part of a Delta table in one commit. */
public final class DeltaReplace {
    private static final String OP = "_replace_op";

    private DeltaReplace() {
    }

    /**
     * Makes the table's rows that match {@code scope} (on the scope's columns, e.g. {@code customer_id}) equal to
     * {@code rows}, leaving every other row as it is: one MERGE on the table's key that updates rows present in both,
     * inserts new ones and deletes the scope's rows {@code rows} no longer has. Readers see the old or the new
     * table, never a mix. Deletion vectors are turned on first, so the MERGE writes the changed rows only.
     *
     * @param rows the complete new rows of the scope, with at least the table's columns, unique by the table's key
     */
    public static void rows(SparkSession spark, TableDef table, String warehouse, Dataset<Row> scope, Dataset<Row> rows) {
        List<String> key = table.key();
        Column[] columns = table.columnNames().stream().map(rows::col).toArray(Column[]::new);
        Column[] keyColumns = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        DeltaTables.enableDeletionVectors(spark, table, warehouse);
        DeltaTable target = DeltaTable.forPath(spark, table.location(warehouse));
        Dataset<Row> fresh = rows.select(columns).withColumn(OP, lit("upsert"));
        Dataset<Row> stale = target.toDF().join(scope, scope.columns(), "left_semi").select(keyColumns)
                .join(fresh.select(keyColumns), key.toArray(String[]::new), "left_anti")
                .withColumn(OP, lit("delete"));
        Dataset<Row> source = fresh.unionByName(stale, true);
        String on = key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        Map<String, String> values = new LinkedHashMap<>();
        table.columnNames().forEach(c -> values.put("`" + c + "`", "s.`" + c + "`"));
        target.as("t").merge(source.as("s"), on)
                .whenMatched("s." + OP + " = 'delete'").delete()
                .whenMatched().updateExpr(values)
                .whenNotMatched("s." + OP + " = 'upsert'").insertExpr(values)
                .execute();
    }

    /**
     * Makes the rows of {@code customers} equal to {@code rows}, their complete new rows, leaving every other
     * customer's rows as they are, in one commit. Needs no key, so it also serves tables whose rows have none: one
     * MERGE on {@code customer_id} whose source is the new rows plus one marker row per customer; a marker matches
     * (and deletes) each old row of its customer, the new rows match nothing and are inserted.
     *
     * @param rows with at least the table's columns, every one belonging to one of {@code customers}
     */
    public static void customers(SparkSession spark, TableDef table, String warehouse, Set<String> customers,
                                 Dataset<Row> rows) {
        if (customers.isEmpty()) {
            return;
        }
        DeltaTables.enableDeletionVectors(spark, table, warehouse);
        Column[] columns = table.columnNames().stream().map(rows::col).toArray(Column[]::new);
        Dataset<Row> fresh = rows.select(columns).withColumn(OP, lit("insert"));
        Dataset<Row> markers = spark.createDataset(List.copyOf(customers), org.apache.spark.sql.Encoders.STRING())
                .toDF("customer_id").withColumn(OP, lit("delete"));
        Dataset<Row> source = fresh.unionByName(markers, true);
        Map<String, String> values = new LinkedHashMap<>();
        table.columnNames().forEach(c -> values.put("`" + c + "`", "s.`" + c + "`"));
        DeltaTable.forPath(spark, table.location(warehouse)).as("t")
                .merge(source.as("s"), col("t.customer_id").equalTo(col("s.customer_id"))
                        .and(col("s." + OP).equalTo(lit("delete"))))
                .whenMatched().delete()
                .whenNotMatched("s." + OP + " = 'insert'").insertExpr(values)
                .execute();
    }
}
