package io.revlake.cli;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.catalog.Warehouses;
import io.revlake.ingest.IngestJob;
import io.revlake.ingest.IngestReport;
import io.revlake.sample.GeneratorConfig;
import io.revlake.sample.GenerationReport;
import io.revlake.sample.SampleCompanyGenerator;
import io.revlake.sample.formats.SourceFormat;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSessions;
import io.revlake.transform.Exporter;
import io.revlake.transform.Pipeline;
import io.revlake.transform.recurring.DiscountPolicy;
import io.revlake.transform.recurring.RecurringConfig;
import io.revlake.transform.recurring.SummaryPolicy;
import io.revlake.transform.silver.IdentityResolver;
import io.revlake.transform.silver.IdentityStage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./revlake}: the pipeline commands. {@code serve} starts the API in its own JVM (no Spark there). */
@Command(name = "revlake", mixinStandardHelpOptions = true, version = "RevLake 0.1.0",
        description = "Revenue analytics on your own Delta Lake warehouse.",
        subcommands = {RevLakeCli.Generate.class, RevLakeCli.Ingest.class, RevLakeCli.Transform.class,
                RevLakeCli.Export.class, RevLakeCli.Identity.class, RevLakeCli.Serve.class, RevLakeCli.Demo.class, CloseCommand.class,
                JobCommands.Run.class, JobCommands.Execute.class})
public final class RevLakeCli {
    static final String DEFAULT_WAREHOUSE = "warehouse";

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new RevLakeCli()).addSubcommand(new PipelineCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One line on stderr: what failed and why. Stack traces only with REVLAKE_DEBUG set.
            if (System.getenv("REVLAKE_DEBUG") != null) {
                e.printStackTrace();
            }
            cmd.getErr().println("revlake " + cmd.getCommandName() + ": " + oneLine(e));
            return 1;
        });
        int code = cli.execute(args);
        if (SparkSessions.submitted()) {
            // Under spark-submit: end by returning with the context stopped; System.exit(0) fails a YARN application.
            SparkSessions.stopIfStarted();
            if (code != 0) {
                System.exit(code);
            }
            return;
        }
        System.exit(code);
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg) + (msg.lines().count() > 1 ? " (…)" : "");
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static YearMonth defaultStart(int months) {
        return YearMonth.now(ZoneOffset.UTC).minusMonths(months);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a deterministic sample company as a canonical extract, with ground truth in OUT/truth.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "output folder") Path out;
        @Option(names = "--customers", defaultValue = "2000", description = "customers (default ${DEFAULT-VALUE})") int customers;
        @Option(names = "--months", defaultValue = "36", description = "months simulated (default ${DEFAULT-VALUE})") int months;
        @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--start", description = "first month YYYY-MM (default: MONTHS before the current month)") YearMonth start;
        @Option(names = "--format", split = ",", paramLabel = "FORMAT",
                description = "also write the company as stripe, salesforce and/or erp (NetSuite) exports into OUT/FORMAT, "
                        + "for ./revlake ingest --source FORMAT --path OUT/FORMAT (comma-separated; docs/connectors.md)")
        List<String> formats = List.of();
        @Option(names = "--recurring-line-parts", defaultValue = "1",
                description = "write each recurring invoice line as N lines that sum to it, for benchmarks that need"
                        + " more lines per invoice (default ${DEFAULT-VALUE})") int recurringLineParts;

        @Override
        public Integer call() throws Exception {
            YearMonth first = start != null ? start : defaultStart(months);
            List<SourceFormat> sourceFormats = formats.stream().map(SourceFormat::of).toList();
            say("Generating " + customers + " customers × " + months + " months from " + first + " (seed " + seed + ") into " + out);
            GenerationReport report = SampleCompanyGenerator.generate(
                    new GeneratorConfig(customers, months, seed, first, recurringLineParts), out);
            report.rowCounts().forEach((file, n) -> say(String.format("  %-24s %,12d rows", file, n)));
            for (SourceFormat f : sourceFormats) {
                f.write(out, out.resolve(f.source())).forEach((file, n) ->
                        say(String.format("  %-24s %,12d records", f.source() + "/" + file, n)));
            }
            say("Done in " + seconds(report.elapsed()));
            return 0;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Load extract files into bronze Delta tables; invalid rows go to quarantine with a reason.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--source", defaultValue = "canonical",
                description = "canonical, stripe, salesforce, fx, erp, hubspot or zuora (mappings: docs/connectors.md)") String source;
        @Option(names = "--path", required = true, description = "folder of extract files") Path path;
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;

        @Override
        public Integer call() throws Exception {
            if (!io.revlake.ingest.SourceReaders.names().contains(source)) {
                throw new IllegalArgumentException("source '" + source + "' is not supported; use --source "
                        + String.join("|", io.revlake.ingest.SourceReaders.names()));
            }
            IngestReport report = source.equals(IngestJob.SOURCE) ? ingest(path, warehouse)
                    : new IngestJob(SparkSessions.shared(), warehouse, RevLakeCli::say, source).run(path);
            if (!source.equals(IngestJob.SOURCE)) {
                say(report.toText().stripTrailing());
            }
            return report.files().stream().anyMatch(f -> f.status().equals("rejected")) ? 2 : 0;
        }
    }

    static IngestReport ingest(Path path, String warehouse) throws Exception {
        Instant t0 = Instant.now();
        say("Ingesting " + path + " into " + warehouse + " (starting Spark…)");
        IngestReport report = new IngestJob(SparkSessions.shared(), warehouse, RevLakeCli::say).run(path);
        say(report.toText().stripTrailing());
        say("Ingest done in " + seconds(Duration.between(t0, Instant.now())));
        return report;
    }

    @Command(name = "transform", mixinStandardHelpOptions = true,
            description = "Compute silver and gold tables from bronze, as of a date.")
    static final class Transform implements Callable<Integer> {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--as-of", description = "compute facts up to this date YYYY-MM-DD (default: today, UTC)") LocalDate asOf;
        @Option(names = "--stage", defaultValue = "all", description = "silver, recurring, clv, finance or all (default ${DEFAULT-VALUE})") String stage;
        @Option(names = "--discounts", defaultValue = "all", description = "discount policy: all, forever_only, none (default ${DEFAULT-VALUE})") String discounts;
        @Option(names = "--constant-currency-base", description = "base month YYYY-MM of constant-currency figures (default: first month with MRR)") YearMonth base;
        @Option(names = "--arpu-unit", defaultValue = "customer", description = "ARPU per customer or seat (default ${DEFAULT-VALUE})") String arpuUnit;
        @Option(names = "--fx-date", defaultValue = "month_end", description = "rate date of reporting-currency MRR: month_end or invoice_date (default ${DEFAULT-VALUE})") String fxDate;
        @Option(names = "--same-month-churn", defaultValue = "ignore", description = "a customer who starts and leaves within one month: ignore (month-end snapshots only) or count (new and churned in that month) (default ${DEFAULT-VALUE})") String sameMonthChurn;
        @Option(names = "--gross-margin", defaultValue = "1", description = "gross margin in (0, 1] for CLV and CAC payback (default ${DEFAULT-VALUE})") BigDecimal grossMargin;
        @Option(names = "--incremental", description = "recompute only what the bronze rows ingested since the previous run touch; same tables as a full run (falls back to one, saying why). See docs/operations.md") boolean incremental;

        @Override
        public Integer call() {
            RecurringConfig config = new RecurringConfig(asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC),
                    DiscountPolicy.parse(discounts), "USD", Optional.ofNullable(base),
                    new SummaryPolicy(SummaryPolicy.ArpuUnit.parse(arpuUnit), grossMargin),
                    io.revlake.transform.recurring.FxDatePolicy.parse(fxDate),
                    io.revlake.transform.recurring.SameMonthChurnPolicy.parse(sameMonthChurn));
            transform(warehouse, config, Pipeline.Stage.valueOf(stage.toUpperCase()), incremental);
            return 0;
        }
    }

    static void transform(String warehouse, RecurringConfig config, Pipeline.Stage stage) {
        transform(warehouse, config, stage, false);
    }

    static void transform(String warehouse, RecurringConfig config, Pipeline.Stage stage, boolean incremental) {
        Instant t0 = Instant.now();
        say("Transforming " + warehouse + " as of " + config.asOf() + (incremental ? ", incrementally" : "")
                + " (starting Spark…)");
        Map<String, Long> counts = new Pipeline(SparkSessions.shared(), warehouse, RevLakeCli::say)
                .transform(stage, config, incremental);
        say("Transform done in " + seconds(Duration.between(t0, Instant.now())) + ": " + counts.size() + " tables written");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a table to a CSV file.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", description = "table, e.g. mrr_summary or silver.customers") String table;
        @Option(names = "--out", required = true, description = "CSV file to write") Path out;
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--version", description = "Delta table version N, or close:YYYY-MM for the version a period"
                + " close froze (default: latest)") String version;

        @Override
        public Integer call() throws Exception {
            TableDef def = Tables.byName(table).orElseThrow(() -> new IllegalArgumentException("unknown table '" + table
                    + "'; known: " + String.join(", ", Tables.fixed().stream().map(TableDef::qualifiedName).toList())));
            Long v = Exporter.resolveVersion(SparkSessions.shared(), def, warehouse, version);
            long n = Exporter.export(SparkSessions.shared(), def, warehouse, v, out);
            say(String.format("Wrote %,d rows of %s%s to %s", n, def.qualifiedName(),
                    v == null ? "" : " (version " + v + (version.startsWith("close:") ? ", " + version : "") + ")", out));
            return 0;
        }
    }

    @Command(name = "identity", mixinStandardHelpOptions = true,
            description = {"Which customer records of CRM, billing and ERP are one customer (silver.identity_map, "
                    + "written by transform): the unmatched and conflicting ones, or all with --all.",
                    "Edit WAREHOUSE/_config/identity.csv (source,source_id,customer_id) to place records by hand, then "
                            + "run transform --stage silver."})
    static final class Identity implements Callable<Integer> {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--all", description = "list matched records too") boolean all;

        @Override
        public Integer call() {
            var spark = SparkSessions.shared();
            if (!DeltaTables.exists(spark, Tables.IDENTITY_MAP, warehouse)) {
                throw new IllegalStateException(Tables.IDENTITY_MAP.qualifiedName() + " does not exist in " + warehouse
                        + ": ingest customers and run ./revlake transform --stage silver first");
            }
            List<IdentityResolver.Entry> entries = DeltaTables.read(spark, Tables.IDENTITY_MAP, warehouse)
                    .select("source", "source_customer_id", "customer_id", "status", "linked_by", "detail")
                    .collectAsList().stream().map(r -> new IdentityResolver.Entry(r.getString(0), r.getString(1),
                            r.getString(2), r.getString(3), r.getString(4), r.getString(5))).toList();
            say(IdentityStage.report(entries, all).stripTrailing());
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the API and dashboards over the gold tables (http://localhost:7070 by default).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--port", defaultValue = "7070", description = "port (default ${DEFAULT-VALUE})") int port;

        @Override
        public Integer call() throws Exception {
            return serve(warehouse, port);
        }
    }

    /** Environment variable with the API server JVM's options (the launcher's REVLAKE_JAVA_OPTS are this JVM's). */
    static final String SERVE_JAVA_OPTS_ENV = "REVLAKE_SERVE_JAVA_OPTS";

    /**
     * Always first, so the user's options can override it: objects that survive one young collection go to the old
     * generation at the next. A reload builds the new snapshot (about 1.3 GB at 100k customers) while requests are
     * served; with G1's default aging its tables were copied between survivor spaces at every young pause, 50-320 ms
     * each. Measured with api-load.sh at 100k (bench/README.md): p99 during a full publish 65 ms with this flag
     * against 85-199 ms without, 16 ms against 39 ms with the paced reload. ZGC did worse than G1 (no collector is
     * chosen here).
     */
    static final List<String> SERVER_JVM_DEFAULTS = List.of("-XX:MaxTenuringThreshold=1");

    /**
     * The server JVM's options: {@link #SERVER_JVM_DEFAULTS}, then {@code REVLAKE_SERVE_JAVA_OPTS} split on spaces (a
     * later option wins, so the user's come last).
     */
    static List<String> serverJvmOptions(String env) {
        List<String> options = new ArrayList<>(SERVER_JVM_DEFAULTS);
        if (env != null && !env.isBlank()) {
            options.addAll(List.of(env.trim().split("\\s+")));
        }
        return List.copyOf(options);
    }

    /**
     * Runs the API server in a child JVM on the metrics-api classpath (which has no Spark), passing this console
     * through. The launcher tells us that classpath in {@code revlake.api.classpath}.
     */
    static int serve(String warehouse, int port) throws Exception {
        String cp = System.getProperty("revlake.api.classpath");
        if (cp == null || cp.isBlank()) {
            throw new IllegalStateException("the API classpath is unknown; start RevLake with ./revlake");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(serverJvmOptions(System.getenv(SERVE_JAVA_OPTS_ENV)));
        cmd.addAll(List.of("-cp", cp, "io.revlake.api.ServeMain", "--warehouse", warehouse, "--port",
                String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        // The server's job runner starts pipeline processes like this one (docs/operations.md).
        pb.environment().put(JobCommands.PIPELINE_COMMAND_ENV, JobCommands.currentPipelineCommandJson());
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        return p.waitFor();
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Generate a sample company, ingest it, transform it and serve the dashboards.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE, description = "warehouse folder (default ${DEFAULT-VALUE})") String warehouse;
        @Option(names = "--data", defaultValue = "sample-data", description = "where the sample extract is written (default ${DEFAULT-VALUE})") Path data;
        @Option(names = "--customers", defaultValue = "2000", description = "customers (default ${DEFAULT-VALUE})") int customers;
        @Option(names = "--months", defaultValue = "36", description = "months (default ${DEFAULT-VALUE})") int months;
        @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--port", defaultValue = "7070", description = "port (default ${DEFAULT-VALUE})") int port;
        @Option(names = "--no-serve", description = "stop after the transform") boolean noServe;

        @Override
        public Integer call() throws Exception {
            Instant t0 = Instant.now();
            YearMonth start = defaultStart(months);
            say("[demo 1/4] generating the sample company");
            GenerationReport report = SampleCompanyGenerator.generate(new GeneratorConfig(customers, months, seed, start), data);
            say(String.format("  %,d files, %,d rows in %s", report.rowCounts().size(),
                    report.rowCounts().values().stream().mapToLong(Long::longValue).sum(), seconds(report.elapsed())));
            say("[demo 2/4] ingesting");
            ingest(data, warehouse);
            say("[demo 3/4] transforming");
            // The simulation ends with the month before this one: report complete months only.
            LocalDate asOf = start.plusMonths(months - 1L).atEndOfMonth();
            transform(warehouse, RecurringConfig.defaults(asOf), Pipeline.Stage.ALL);
            say("Pipeline done in " + seconds(Duration.between(t0, Instant.now())));
            if (noServe) {
                return 0;
            }
            say("[demo 4/4] serving on http://localhost:" + port + "/ (Ctrl-C to stop)");
            SparkSessions.shared().stop();
            return serve(Warehouses.absolute(warehouse), port);
        }
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
