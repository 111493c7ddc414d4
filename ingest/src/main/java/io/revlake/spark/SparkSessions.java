package io.revlake.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession for jobs. One session per JVM: tests share it too.
 *
 * <p>Two runtimes: without {@code spark.master} set (./revlake, tests) this is the embedded local mode with
 * small-machine defaults. Under spark-submit (which sets {@code spark.master} and every {@code --conf} as system
 * properties, in client and cluster deploy mode alike) the master, resources and tuning come from the cluster: only
 * the settings the jobs cannot run without are added, and a value the submitter set always wins.
 */
public final class SparkSessions {
    static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    private SparkSessions() {
    }

    /** True when a master was given from outside (spark-submit, or {@code -Dspark.master=…}): not the embedded mode. */
    public static boolean submitted() {
        return System.getProperty("spark.master") != null;
    }

    public static synchronized SparkSession shared() {
        SparkSession.Builder builder = SparkSession.builder().appName(System.getProperty("spark.app.name", "revlake"))
                .config("spark.sql.extensions", extensions(System.getProperty("spark.sql.extensions")))
                // Dates and month ends are computed in UTC; another session zone would shift them, so this is not optional.
                .config("spark.sql.session.timeZone", "UTC");
        defaultTo(builder, "spark.sql.catalog.spark_catalog", DELTA_CATALOG);
        defaultTo(builder, "spark.ui.showConsoleProgress", "false");
        if (!submitted()) {
            builder.master("local[*]")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "localhost")
                    // Row counts here are modest; few partitions avoid thousands of tiny tasks and files.
                    .config("spark.sql.shuffle.partitions", System.getProperty("revlake.shuffle.partitions", "4"))
                    .config("spark.ui.enabled", "false")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
        }
        return builder.getOrCreate();
    }

    /**
     * Stops the session if one was started. Under spark-submit the application should end by returning from
     * {@code main} with the context stopped, not by {@code System.exit(0)} (YARN marks that run as failed).
     */
    public static synchronized void stopIfStarted() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
    }

    /** The submitter's {@code spark.sql.extensions} with Delta's added when missing (Iceberg or others may be set too). */
    static String extensions(String configured) {
        if (configured == null || configured.isBlank()) {
            return DELTA_EXTENSION;
        }
        for (String e : configured.split(",")) {
            if (e.trim().equals(DELTA_EXTENSION)) {
                return configured;
            }
        }
        return configured + "," + DELTA_EXTENSION;
    }

    private static void defaultTo(SparkSession.Builder builder, String key, String value) {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
    }
}
