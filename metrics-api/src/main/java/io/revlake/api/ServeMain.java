package io.revlake.api;

import io.javalin.util.JavalinBindException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import io.revlake.api.security.ApiTokens;
import io.revlake.api.security.Role;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code revlake serve}: the metrics API and dashboards over the gold tables of a warehouse.
 * Exit code 0 on --help; 2 with a one-line reason on stderr for bad options; 1 when the server cannot start.
 * When running, it stops on SIGINT/SIGTERM.
 */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Serve the RevLake metrics API and dashboards over the gold tables of a warehouse.",
                "Gold tables are read with Delta Kernel into memory and reloaded when a new version appears;",
                "until `./revlake transform` has built them, the API answers 503 saying what is missing."})
public final class ServeMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeMain.class);
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final String PREFIX = "revlake serve: ";

    @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = "./warehouse",
            description = "Warehouse root: a directory, or a Hadoop URI (s3a://, abfss://, hdfs://). Default: ${DEFAULT-VALUE}")
    String warehouse;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
            description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--reload-seconds", paramLabel = "N", defaultValue = "5",
            description = "Seconds between checks for new gold table versions. Default: ${DEFAULT-VALUE}")
    int reloadSeconds;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface to listen on; 0.0.0.0 for all (every API call needs a token). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "API tokens file, one 'ROLE TOKEN' per line (roles viewer, analyst, admin). When it does not"
                    + " exist, one token per role is generated into it (readable only by you) and printed once."
                    + " Default: ~/.revlake/tokens")
    Path tokensFile;

    @Option(names = "--gross-margin", paramLabel = "FRACTION", defaultValue = "1",
            description = "Gross margin used for CAC payback over quarters and years; keep it equal to the"
                    + " transform's. Default: ${DEFAULT-VALUE} (100 %)")
    java.math.BigDecimal grossMargin;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Consumer<ApiServer> whileRunning;

    ServeMain(Consumer<ApiServer> whileRunning) {
        this.whileRunning = whileRunning;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err, ServeMain::runUntilStopped);
        System.exit(code);
    }

    /**
     * Parses {@code args}, starts the server, prints the ready line, hands the server to {@code whileRunning}
     * and stops it when that returns.
     *
     * @return the process exit code
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Consumer<ApiServer> whileRunning) {
        CommandLine cmd = new CommandLine(new ServeMain(whileRunning));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println(PREFIX + e.getMessage() + " (see --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, command, parseResult) -> {
            err.println(PREFIX + oneLine(e));
            LOG.debug("serve failed", e);
            return 1;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (reloadSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--reload-seconds must be at least 1, got " + reloadSeconds);
        }
        if (grossMargin.signum() <= 0 || grossMargin.compareTo(java.math.BigDecimal.ONE) > 0) {
            throw new ParameterException(spec.commandLine(), "--gross-margin must be more than 0 and at most 1, got "
                    + grossMargin.toPlainString());
        }
        String root = resolveWarehouse(warehouse);
        Path tokenPath = (tokensFile != null ? tokensFile : defaultTokensFile()).toAbsolutePath().normalize();
        Map<Role, String> generated = Map.of();
        ApiTokens tokens;
        try {
            if (!Files.exists(tokenPath)) {
                generated = ApiTokens.generate(tokenPath);
                LOG.info("Generated API tokens into {} (readable only by its owner)", tokenPath);
            } else if (ApiTokens.readableByOthers(tokenPath)) {
                LOG.warn("{} can be read by other users; run: chmod 600 {}", tokenPath, tokenPath);
            }
            tokens = ApiTokens.load(tokenPath);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ServeException("cannot create the tokens file " + tokenPath + ": it appeared meanwhile; start again");
        } catch (java.io.IOException e) {
            throw new ServeException("cannot read or create the tokens file " + tokenPath + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ServeException("bad tokens file: " + e.getMessage());
        }
        ServerConfig config = new ServerConfig(root, host, port, Duration.ofSeconds(reloadSeconds),
                ServerConfig.DEFAULT_REPORTING_CURRENCY, tokens,
                "Tokens are in " + tokenPath + " (ROLE TOKEN per line).", grossMargin);
        ApiServer server;
        try {
            server = ApiServer.start(config);
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new ServeException("cannot listen on " + host + ":" + port
                        + ": the address is in use or not available; stop the other process or choose another --port");
            }
            throw e;
        }
        try {
            PrintWriter out = spec.commandLine().getOut();
            String base = "http://localhost:" + server.port() + "/";
            generated.forEach((role, token) -> out.println(role.value() + " token: " + token));
            if (!generated.isEmpty()) {
                out.println("(saved to " + tokenPath + ", readable only by you; they are not printed again)");
            }
            out.println("RevLake API and dashboards on " + base);
            out.println(generated.isEmpty()
                    ? "Open the dashboards at " + base + "?token=VIEWER_TOKEN (tokens are in " + tokenPath + ")"
                    : "Open the dashboards at " + base + "?token=" + generated.get(Role.VIEWER));
            out.flush();
            whileRunning.accept(server);
        } finally {
            server.close();
        }
        return 0;
    }

    /** {@code ~/.revlake/tokens}: per user, outside any repository, the same for every warehouse. */
    static Path defaultTokensFile() {
        return Path.of(System.getProperty("user.home"), ".revlake", "tokens");
    }

    /** Local directories become absolute paths; URIs pass through. A path that is a file is an error. */
    private String resolveWarehouse(String value) {
        if (value.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--warehouse must not be empty");
        }
        if (URI_SCHEME.matcher(value).matches() && !value.startsWith("file:")) {
            return value;
        }
        Path path = value.startsWith("file:") ? Path.of(java.net.URI.create(value)) : Path.of(value);
        path = path.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new ServeException("warehouse " + path + " is a file, not a directory; pass the warehouse folder with --warehouse");
        }
        if (!Files.exists(path)) {
            LOG.warn("Warehouse {} does not exist yet; the API answers 503 until ./revlake transform writes the gold tables",
                    path);
        }
        return path.toString();
    }

    /** Blocks until the JVM is asked to stop (SIGINT, SIGTERM); the shutdown hook closes the server. */
    private static void runUntilStopped(ApiServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping");
            server.close();
            LOG.info("Stopped");
            org.apache.logging.log4j.LogManager.shutdown(); // log4j2.properties disables log4j's own hook
        }, "shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JavalinBindException || t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable e) {
        String message = e instanceof ServeException ? e.getMessage()
                : "cannot start: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** A reason the server cannot start that the user can fix; its message is the whole story. */
    static final class ServeException extends RuntimeException {
        ServeException(String message) {
            super(message);
        }
    }
}
