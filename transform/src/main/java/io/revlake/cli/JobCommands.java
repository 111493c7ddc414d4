package io.revlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.ingest.SourceReaders;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.PolicySettings;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./revlake run JOB}: named jobs with a lock, timeout, retries and run history. The runner (io.revlake.api.jobs,
 * no Spark) runs in its own JVM, as the API server does, and starts one pipeline process per attempt with the hidden
 * {@code execute} command below. See docs/operations.md.
 */
final class JobCommands {
    /** Environment variable that tells the job runner how to start a pipeline process (a JSON array). */
    static final String PIPELINE_COMMAND_ENV = "REVLAKE_PIPELINE_COMMAND"; // = io.revlake.api.jobs.PipelineCommand.ENV
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobCommands() {
    }

    /**
     * This JVM as a pipeline command: java, this JVM's options (the --add-opens flags Spark needs, memory, logging),
     * its classpath, and the CLI's main class. A debugger agent is left out (two processes cannot share its port).
     */
    static List<String> currentPipelineCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RevLakeCli.class.getName());
        return cmd;
    }

    static String currentPipelineCommandJson() {
        try {
            return JSON.writeValueAsString(currentPipelineCommand());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a named job with its lock, timeout and retries; every attempt is recorded in"
                    + " ops.job_runs.",
                    "Jobs: ingest:canonical|stripe|salesforce|fx|erp|hubspot|zuora (extract folder from source.<name>.path in"
                            + " WAREHOUSE/_ops/jobs.properties), transform:silver|recurring|clv|finance, all.",
                    "Exit code 0 succeeded, 1 failed or timed out, 3 already running elsewhere (skipped)."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "job id, e.g. all or transform:silver") String job;
        @Option(names = "--warehouse", defaultValue = RevLakeCli.DEFAULT_WAREHOUSE,
                description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--as-of", description = "compute facts up to this date YYYY-MM-DD (default: today, UTC)") LocalDate asOf;
        @Option(names = "--log-format", defaultValue = "text",
                description = "text (default) or json: one JSON object per line, for log collectors") String logFormat;

        @Override
        public Integer call() throws Exception {
            String cp = System.getProperty("revlake.api.classpath");
            if (cp == null || cp.isBlank()) {
                throw new IllegalStateException("the job runner's classpath is unknown; start RevLake with ./revlake");
            }
            String root = warehouse.contains("://") ? warehouse : new File(warehouse).getAbsolutePath();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", cp, "io.revlake.api.jobs.JobsMain", job, "--warehouse", root,
                    "--log-format", logFormat));
            if (asOf != null) {
                cmd.addAll(List.of("--as-of", asOf.toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put(PIPELINE_COMMAND_ENV, currentPipelineCommandJson());
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        }
    }

    /**
     * One attempt of one job, in this (pipeline) process: what the job runner starts. Writes
     * {@code {"rows_in":…, "rows_out":…, "tables":{table: version}}} to the result file, or {@code {"error":"…"}}.
     */
    @Command(name = "execute", hidden = true, description = "Run one job stage in this process (used by the job runner).")
    static final class Execute implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB") String job;
        @Option(names = "--warehouse", required = true) String warehouse;
        @Option(names = "--result-file", required = true) Path resultFile;
        @Option(names = "--as-of") LocalDate asOf;
        @Option(names = "--path", description = "extract folder (ingest jobs)") Path path;
        @Option(names = "--policy", description = "policy option=value of transform jobs (policy.* of the jobs file),"
                + " e.g. discounts=none; repeatable") Map<String, String> policy = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            // The runner holds the job's lock; if it dies, the OS frees the lock, so this process must not go on.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                System.err.println("revlake execute: the job runner is gone; stopping " + job);
                Runtime.getRuntime().halt(143);
            }));
            Map<String, Object> result;
            try {
                result = execute();
            } catch (Exception | Error e) {
                write(Map.of("error", RevLakeCli.oneLine(e)));
                throw e;
            }
            write(result);
            return 0;
        }

        private Map<String, Object> execute() throws Exception {
            Map<String, Object> result = new LinkedHashMap<>();
            if (job.startsWith("ingest:")) {
                String source = job.substring("ingest:".length());
                if (!SourceReaders.names().contains(source)) {
                    throw new IllegalArgumentException("unknown source '" + source + "' in job " + job);
                }
                if (path == null) {
                    throw new IllegalArgumentException(job + " needs --path (the extract folder)");
                }
                SparkSession spark = SparkSessions.shared();
                List<TableDef> touched = new ArrayList<>();
                for (CanonicalEntity e : CanonicalEntity.values()) {
                    touched.add(Tables.bronze(source, e));
                }
                touched.add(Tables.quarantine(source));
                touched.add(Tables.INGEST_LEDGER);
                Map<String, Long> before = versions(spark, touched);
                RevLakeCli.say("Ingesting " + path + " (" + source + ") into " + warehouse);
                IngestReport report = new IngestJob(spark, warehouse, RevLakeCli::say, source).run(path);
                RevLakeCli.say(report.toText().stripTrailing());
                Map<String, Long> written = new LinkedHashMap<>();
                versions(spark, touched).forEach((table, v) -> {
                    if (!v.equals(before.get(table))) {
                        written.put(table, v);
                    }
                });
                result.put("rows_in", report.rowsRead());
                result.put("rows_out", report.rowsAccepted() + report.rowsRejected());
                result.put("tables", written);
            } else if (job.startsWith("transform:")) {
                String stage = job.substring("transform:".length());
                Pipeline.Stage s;
                try {
                    s = Pipeline.Stage.valueOf(stage.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown stage '" + stage + "' in job " + job
                            + " (silver, recurring, clv, finance, all)");
                }
                SparkSession spark = SparkSessions.shared();
                LocalDate date = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
                RevLakeCli.say("Transforming " + warehouse + " (" + stage + ") as of " + date);
                // transform:all refreshes incrementally when it can (the pipeline falls back to a full build and
                // says why); single stages always run in full.
                Map<String, Long> counts = new Pipeline(spark, warehouse, RevLakeCli::say)
                        .transform(s, PolicySettings.config(date, policy), s == Pipeline.Stage.ALL);
                Map<String, Long> written = new LinkedHashMap<>();
                for (String table : counts.keySet()) {
                    Tables.fixed().stream().filter(t -> t.qualifiedName().equals(table)).findFirst()
                            .ifPresent(t -> written.put(table, DeltaTables.version(spark, t, warehouse)));
                }
                result.put("rows_in", null);
                result.put("rows_out", counts.values().stream().mapToLong(Long::longValue).sum());
                result.put("tables", written);
            } else {
                throw new IllegalArgumentException("job '" + job + "' does not run in a pipeline process"
                        + " (ingest:<source> or transform:<stage>)");
            }
            return result;
        }

        private Map<String, Long> versions(SparkSession spark, List<TableDef> tables) {
            Map<String, Long> v = new LinkedHashMap<>();
            tables.forEach(t -> v.put(t.qualifiedName(), DeltaTables.version(spark, t, warehouse)));
            return v;
        }

        /** Written to a temporary file and moved, so the runner never reads half a result. */
        private void write(Map<String, Object> result) throws Exception {
            Path tmp = resultFile.resolveSibling(resultFile.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(result));
            Files.move(tmp, resultFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
