package io.revlake.bench;

import io.delta.tables.DeltaTable;
import io.revlake.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Baseline for bench/ingest.sh: plain Spark reading every extract file of a folder and writing each as a Delta table,
 * with no validation, mapping, quarantine, ledger or lineage columns. Same Spark session settings as RevLake
 * ({@link SparkSessions#shared()}); the time printed includes the session start, as the {@code ingest} command's does.
 *
 * <ul>
 *   <li>{@code .csv}: Spark's CSV reader, header row, every column as text (like bronze), RFC 4180 quotes
 *   ({@code ""} inside a quoted field).</li>
 *   <li>{@code .jsonl}: Spark's JSON reader on JSON lines, one row per object, schema inferred by Spark (a full pass
 *   over the file); nested objects and lists (e.g. a Stripe invoice's {@code lines.data}) stay nested, not
 *   flattened.</li>
 *   <li>{@code .json}: Spark's JSON reader with {@code multiLine}: one row per document, so a Stripe list page stays
 *   one row holding its {@code data} list.</li>
 * </ul>
 * Other files are left alone. Prints each file's rows written (the Delta commit's {@code numOutputRows}) and the
 * total.
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
            files = s.filter(p -> kind(p) != null).sorted().toList();
        }
        long total = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String table = name.substring(0, name.lastIndexOf('.'));
            String out = Path.of(args[1]).resolve(table).toString();
            read(spark, f).write().format("delta").mode("overwrite").save(out);
            long rows = rowsWritten(spark, out);
            total += rows;
            System.out.printf("baseline: %s %d rows written%n", name, rows);
        }
        System.out.printf("baseline: %d files, %d rows written as Delta in %.1f s%n", files.size(), total,
                (System.nanoTime() - t0) / 1e9);
        SparkSessions.stopIfStarted();
    }

    private static String kind(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String ext : List.of("csv", "jsonl", "json")) {
            if (name.endsWith("." + ext)) {
                return ext;
            }
        }
        return null;
    }

    static Dataset<Row> read(SparkSession spark, Path file) {
        return switch (kind(file)) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "false").option("escape", "\"")
                    .csv(file.toString());
            case "jsonl" -> spark.read().json(file.toString());
            case "json" -> spark.read().option("multiLine", "true").json(file.toString());
            default -> throw new IllegalArgumentException("not an extract file: " + file);
        };
    }

    /** Rows the last commit of the Delta table at {@code path} wrote, from its operation metrics. */
    private static long rowsWritten(SparkSession spark, String path) {
        Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").head();
        Map<String, String> metrics = last.getJavaMap(0);
        return Long.parseLong(metrics.get("numOutputRows"));
    }
}
