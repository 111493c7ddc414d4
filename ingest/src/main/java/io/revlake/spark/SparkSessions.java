package io.revlake.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession for jobs. Local mode by default (the embedded runtime); under spark-submit the
 * master and resources come from the cluster and only the Delta settings are added here.
 * One session per JVM: tests share it too.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static synchronized SparkSession shared() {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("revlake")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                // Row counts here are modest; few partitions avoid thousands of tiny tasks and files.
                .config("spark.sql.shuffle.partitions", System.getProperty("revlake.shuffle.partitions", "4"))
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
        if (System.getProperty("spark.master") == null) {
            builder.master("local[*]")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "localhost");
        }
        return builder.getOrCreate();
    }
}
