package io.revlake.bench;

import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Baseline for bench/ingest.sh: plain Spark reading every CSV of a folder (header row, every column as text, like
 * bronze) and writing each as a Delta table, with no validation, quarantine, ledger or lineage columns. Same Spark
 * session settings as RevLake ({@link SparkSessions#shared()}); the time printed includes the session start, as the
 * {@code ingest} command's does.
 *
 * <p>Usage: {@code IngestBaseline EXTRACT_DIR OUT_DIR}
 */
public final class IngestBaseline {
    private IngestBaseline() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: IngestBaseline EXTRACT_DIR OUT_DIR");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.shared();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path f : files) {
            String table = f.getFileName().toString().replaceFirst("\\.csv$", "");
            spark.read().option("header", "true").option("inferSchema", "false").csv(f.toString())
                    .write().format("delta").mode("overwrite").save(Path.of(args[1]).resolve(table).toString());
        }
        System.out.printf("baseline: %d files written as Delta in %.1f s%n", files.size(), (System.nanoTime() - t0) / 1e9);
        SparkSessions.stopIfStarted();
    }
}
