package io.revlake.cli;

import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.spark.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipeline}: ingest one extract folder, then transform, in one Spark application. This is the one job to
 * schedule on a cluster ({@code spark-submit … revlake-transform-…-cluster.jar pipeline …}, see docs/cluster.md):
 * one driver start instead of two, and the transform never runs on a half-ingested warehouse, because a rejected
 * file stops the run before it.
 */
@Command(name = "pipeline",
        description = "Ingest an extract folder into bronze, then compute silver and gold (ingest + transform in one run).")
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--source", defaultValue = IngestJob.SOURCE,
            description = "canonical, stripe, salesforce, fx, erp, hubspot or zuora (default ${DEFAULT-VALUE})") String source;
    @Option(names = "--path", required = true,
            description = "folder of extract files, on the driver's local file system") Path path;
    @Option(names = "--allow-rejected", description = "transform even when a file was rejected (default: stop, exit 2)")
    boolean allowRejected;
    /** The transform command's options (--warehouse, --as-of, --stage, policies) and --help: one definition. */
    @Mixin RevLakeCli.Transform transform;

    @Override
    public Integer call() throws Exception {
        if (!io.revlake.ingest.SourceReaders.names().contains(source)) {
            throw new IllegalArgumentException("source '" + source + "' is not supported; use --source "
                    + String.join("|", io.revlake.ingest.SourceReaders.names()));
        }
        IngestReport report = source.equals(IngestJob.SOURCE) ? RevLakeCli.ingest(path, transform.warehouse)
                : new IngestJob(SparkSessions.shared(), transform.warehouse, RevLakeCli::say, source).run(path);
        if (!source.equals(IngestJob.SOURCE)) {
            RevLakeCli.say(report.toText().stripTrailing());
        }
        if (!allowRejected && report.files().stream().anyMatch(f -> f.status().equals("rejected"))) {
            RevLakeCli.say("Stopped before the transform: a file was rejected (see above; --allow-rejected to go on)");
            return 2;
        }
        return transform.call();
    }
}
