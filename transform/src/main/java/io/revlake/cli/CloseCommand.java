package io.revlake.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revlake close PERIOD}: closes a month. Runs {@code io.revlake.api.close.CloseMain} in a child JVM on the API
 * classpath (Delta Kernel, no Spark), the same code as {@code POST /api/v1/admin/close}; its exit code is ours
 * (0 closed, 3 refused with the failures listed, 2 bad arguments, 1 other errors).
 */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Close a month: freeze the Delta version of every gold table once the accounting",
                "identities hold on them, and record who and when in ops.period_close. A month closes once.",
                "Then ?as_of=close:YYYY-MM in the API and export --version close:YYYY-MM answer as at",
                "close (docs/period-close.md)."})
final class CloseCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PERIOD", description = "month to close, YYYY-MM") String period;
    @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = RevLakeCli.DEFAULT_WAREHOUSE, description = "warehouse folder or URI (default ${DEFAULT-VALUE})") String warehouse;
    @Option(names = "--by", paramLabel = "NAME", description = "who closes (default: your user name)") String by;
    @Option(names = "--note", paramLabel = "TEXT", description = "free text kept with the close, e.g. a sign-off reference") String note;
    @Option(names = "--list", description = "list the closed periods instead of closing one") boolean list;

    @Override
    public Integer call() throws Exception {
        String cp = System.getProperty("revlake.api.classpath");
        if (cp == null || cp.isBlank()) {
            throw new IllegalStateException("the API classpath is unknown; start RevLake with ./revlake");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.revlake.api.close.CloseMain", "--warehouse", warehouse));
        if (period != null) {
            cmd.add(period);
        }
        if (by != null) {
            cmd.addAll(List.of("--by", by));
        }
        if (note != null) {
            cmd.addAll(List.of("--note", note));
        }
        if (list) {
            cmd.add("--list");
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }
}
