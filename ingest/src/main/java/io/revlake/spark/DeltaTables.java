package io.revlake.spark;

import io.delta.tables.DeltaTable;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Delta reads and writes by catalog entry. Every write is one Delta commit, so readers see all or nothing. */
public final class DeltaTables {
    private DeltaTables() {
    }

    public static boolean exists(SparkSession spark, TableDef table, String warehouse) {
        return DeltaTable.isDeltaTable(spark, table.location(warehouse));
    }

    public static Dataset<Row> read(SparkSession spark, TableDef table, String warehouse) {
        return spark.read().format("delta").load(table.location(warehouse));
    }

    /** Empty frame with the catalog schema, for a table not written yet. */
    public static Dataset<Row> readOrEmpty(SparkSession spark, TableDef table, String warehouse) {
        return exists(spark, table, warehouse) ? read(spark, table, warehouse)
                : spark.createDataFrame(java.util.List.of(), SparkSchemas.schema(table));
    }

    /** Replaces the table's content in one commit (creates it when absent). Columns are selected in catalog order. */
    public static void overwrite(Dataset<Row> data, TableDef table, String warehouse) {
        conform(data, table).write().format("delta").mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true")
                .save(table.location(warehouse));
    }

    /**
     * Appends in one commit, at most once per {@code appId}: Delta's idempotent-write option records the id in
     * the table's log and skips a later write with the same id, so a re-run after a crash cannot duplicate rows.
     */
    public static void appendOnce(Dataset<Row> data, TableDef table, String warehouse, String appId) {
        var writer = conform(data, table).write().format("delta").mode(SaveMode.Append)
                .option("txnAppId", appId)
                .option("txnVersion", 0L);
        if (table.layer() == io.revlake.catalog.Layer.OPS) {
            // Run logs gain optional columns over time; an existing log takes them on its next append.
            writer = writer.option("mergeSchema", "true");
        }
        if (Tables.recordsChanges(table)) {
            if (exists(data.sparkSession(), table, warehouse)) {
                enableChangeDataFeed(data.sparkSession(), table, warehouse);
            } else {
                writer = writer.option(CHANGE_DATA_FEED, "true");
            }
        }
        writer.save(table.location(warehouse));
    }

    static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
    static final String DELETION_VECTORS = "delta.enableDeletionVectors";

    /** Turns the change data feed on for a table made before it was recorded; a no-op once it is on. */
    public static void enableChangeDataFeed(SparkSession spark, TableDef table, String warehouse) {
        enable(spark, table, warehouse, CHANGE_DATA_FEED);
    }

    /**
     * Turns deletion vectors on, so that a MERGE, UPDATE or DELETE marks the rows it replaces as deleted instead of
     * rewriting every file that holds one (a one-day refresh of a few hundred customers otherwise copies the whole
     * table); a no-op once they are on. Readers: Spark and Delta Kernel apply them; a reader of raw Parquet files
     * would not, so none is used on these tables.
     */
    public static void enableDeletionVectors(SparkSession spark, TableDef table, String warehouse) {
        enable(spark, table, warehouse, DELETION_VECTORS);
    }

    /** Sets a boolean table property to true, committing only when it is not already. */
    private static void enable(SparkSession spark, TableDef table, String warehouse, String property) {
        String location = table.location(warehouse);
        java.util.Map<String, String> properties = DeltaTable.forPath(spark, location).detail()
                .select("properties").first().getJavaMap(0);
        if (!"true".equals(properties.get(property))) {
            spark.sql("ALTER TABLE delta.`" + location.replace("`", "``") + "` SET TBLPROPERTIES ("
                    + property + " = true)");
        }
    }

    /** Latest committed version, or -1 when the table does not exist. */
    public static long version(SparkSession spark, TableDef table, String warehouse) {
        if (!exists(spark, table, warehouse)) {
            return -1;
        }
        return DeltaTable.forPath(spark, table.location(warehouse)).history(1)
                .select("version").first().getLong(0);
    }

    private static Dataset<Row> conform(Dataset<Row> data, TableDef table) {
        return data.select(table.columnNames().stream().map(data::col).toArray(org.apache.spark.sql.Column[]::new));
    }
}
