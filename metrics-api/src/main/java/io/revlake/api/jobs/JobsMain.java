package io.revlake.api.jobs;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job runner of {@code ./revlake run}, in a JVM without Spark: takes the job's lock, runs it (each attempt in a
 * pipeline process given by {@value PipelineCommand#ENV}), records every attempt in {@code ops.job_runs}.
 * Exit code 0 when the run succeeded, 1 when it failed or timed out, 3 when another run held the lock, 2 for bad
 * arguments or configuration.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a named job.")
public final class JobsMain implements Callable<Integer> {
    public static final int EXIT_SKIPPED = 3;
    private static final String PREFIX = "revlake run: ";

    @Parameters(index = "0", paramLabel = "JOB") String job;
    @Option(names = "--warehouse", required = true) String warehouse;
    @Option(names = "--as-of") LocalDate asOf;
    @Option(names = "--log-format", defaultValue = "text") String logFormat;

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cmd = new CommandLine(new JobsMain());
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println(PREFIX + oneLine(e));
            return e instanceof JobException || e instanceof IllegalArgumentException ? 2 : 1;
        });
        cmd.setParameterExceptionHandler((e, a) -> {
            err.println(PREFIX + e.getMessage());
            return 2;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new IllegalArgumentException("--log-format must be text or json, got '" + logFormat + "'");
        }
        RunLog log = RunLog.console(System.out, logFormat.equals("json"), Clock.systemUTC());
        try (JobService jobs = JobService.forWarehouse(warehouse, log)) {
            if (jobs.configProblem() != null) {
                throw new IllegalArgumentException(jobs.configProblem());
            }
            JobService.RunOutcome outcome = jobs.run(job, Trigger.CLI, Optional.ofNullable(asOf));
            return switch (outcome.status()) {
                case SUCCEEDED -> 0;
                case SKIPPED_LOCKED -> {
                    System.err.println(PREFIX + outcome.error());
                    yield EXIT_SKIPPED;
                }
                default -> {
                    System.err.println(PREFIX + job + " " + outcome.status().value() + " (run " + outcome.runId()
                            + "): " + outcome.error());
                    yield 1;
                }
            };
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}
