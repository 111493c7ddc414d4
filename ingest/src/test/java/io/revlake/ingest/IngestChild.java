package io.revlake.ingest;

import io.revlake.spark.SparkSessions;
import java.nio.file.Path;

/** A separate JVM that ingests a canonical extract folder, so a test can kill it at a moment of its choosing. */
public final class IngestChild {
    private IngestChild() {
    }

    /** @param args warehouse, extract folder */
    public static void main(String[] args) throws Exception {
        IngestReport report = new IngestJob(SparkSessions.shared(), args[0], System.out::println).run(Path.of(args[1]));
        System.out.println("ingested " + report.files().size() + " files");
        System.exit(0);
    }
}
