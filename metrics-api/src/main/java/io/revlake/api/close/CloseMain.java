package io.revlake.api.close;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code revlake close}: runs in the API's JVM (Delta Kernel, no Spark). Exit codes: 0 closed (or listed);
 * 2 bad arguments; 3 refused (already closed, not ended, checks failed — the failures are printed); 1 other errors.
 * The last line on stderr is always a one-line reason when the exit code is not 0.
 */
@Command(name = "close", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Close a month: freeze the Delta version of every gold table once the accounting",
                "identities hold on them, and record who and when in ops.period_close. A month closes once.",
                "The API then answers ?as_of=close:PERIOD exactly as at close (docs/period-close.md)."})
public final class CloseMain implements Callable<Integer> {
    static final int REFUSED = 3;
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final String PREFIX = "revlake close: ";

    @Parameters(index = "0", arity = "0..1", paramLabel = "PERIOD", description = "month to close, YYYY-MM")
    String period;

    @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "warehouse",
            description = "warehouse folder or URI (default ${DEFAULT-VALUE})")
    String warehouse;

    @Option(names = "--by", paramLabel = "NAME", description = "who closes (default: your user name)")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "free text kept with the close, e.g. a sign-off reference")
    String note;

    @Option(names = "--list", description = "list the closed periods instead of closing one")
    boolean list;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Parses and runs; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new CloseMain());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println(PREFIX + e.getMessage() + " (see --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CloseRefusedException refused) {
                refused.failures().forEach(f -> out.println("  FAILED " + f));
                out.flush();
                err.println(PREFIX + oneLine(refused.getMessage()));
                return REFUSED;
            }
            if (System.getenv("REVLAKE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.println(PREFIX + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String root = resolveWarehouse();
        CloseService service = new CloseService(root);
        if (list) {
            List<PeriodClose> closes = service.closes();
            if (closes.isEmpty()) {
                out.println("No period is closed in " + root);
            }
            for (PeriodClose c : closes) {
                out.println(c.period() + "  closed " + c.closedAt() + " by " + c.closedBy()
                        + (c.note() == null ? "" : "  (" + c.note() + ")"));
            }
            return 0;
        }
        if (period == null) {
            throw new ParameterException(spec.commandLine(), "give the PERIOD to close (YYYY-MM), or --list");
        }
        YearMonth month = parse(period);
        String who = by != null ? by : System.getProperty("user.name", "unknown");
        PeriodClose close = service.close(month, who, note);
        out.println("Closed " + close.period() + " (by " + close.closedBy() + " at " + close.closedAt() + ")");
        out.println("Checks:");
        close.checks().forEach(c -> out.println("  " + c.status() + "  " + c.name()));
        out.println("Gold table versions frozen:");
        close.versions().forEach((table, version) -> out.println(String.format("  %-34s v%d", table, version)));
        out.println("The API answers ?as_of=close:" + close.period() + " with these versions.");
        return 0;
    }

    private YearMonth parse(String text) {
        if (!text.matches("\\d{4}-\\d{2}")) {
            throw new ParameterException(spec.commandLine(), "PERIOD must be a month written YYYY-MM, e.g. 2026-10;"
                    + " got '" + text + "'");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "PERIOD must be a month written YYYY-MM, e.g. 2026-10;"
                    + " got '" + text + "'");
        }
    }

    /** Local directories become absolute paths (and must exist); URIs pass through. */
    private String resolveWarehouse() {
        if (warehouse.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--warehouse must not be empty");
        }
        if (URI_SCHEME.matcher(warehouse).matches() && !warehouse.startsWith("file:")) {
            return warehouse;
        }
        Path path = (warehouse.startsWith("file:") ? Path.of(java.net.URI.create(warehouse)) : Path.of(warehouse))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new ParameterException(spec.commandLine(), "warehouse " + path + " is not a directory; pass the"
                    + " warehouse folder with --warehouse");
        }
        return path.toString();
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
