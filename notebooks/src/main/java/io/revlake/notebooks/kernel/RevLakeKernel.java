package io.revlake.notebooks.kernel;

import io.revlake.notebooks.HtmlOutput;
import io.revlake.notebooks.HtmlTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import tech.tablesaw.api.Table;

/**
 * The {@code revlake-java} Jupyter kernel: Java cells evaluated by JShell in this JVM, so the project's
 * classes, Delta Kernel and Tablesaw are on the cell classpath with no extra setup.
 *
 * <p>A cell may hold several statements and declarations; the value of its last expression is the cell's
 * result, unless that expression ends with a semicolon (as in IPython). Tablesaw tables and {@link HtmlOutput}s (charts, notes) are sent as {@code text/html} with a
 * {@code text/plain} stand-in; other values as text. A cell that does not compile fails with a
 * {@link CellException.CompilationError} naming each problem and where; one that throws fails with a
 * {@link CellException.EvaluationError} carrying the thrown exception's class, message and stack. Either way
 * Jupyter gets an {@code error} output and an {@code execute_reply} with status {@code error}, so
 * {@code nbconvert --execute} stops there.
 *
 * <p>Started by Jupyter as {@code java -cp <classpath> io.revlake.notebooks.kernel.RevLakeKernel <connection file>}
 * (see {@code notebooks/install-kernel.sh}).
 */
public final class RevLakeKernel extends BaseKernel {
    /** Imports every cell starts with. */
    static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.stream.*;",
            "import java.time.*;",
            "import java.math.*;",
            "import tech.tablesaw.api.*;",
            "import io.revlake.notebooks.*;",
            "import static io.revlake.notebooks.kernel.Notebook.*;");

    private final JShell shell;
    private final ObjectExecutionControl control;

    private RevLakeKernel(Builder b, JShell shell, ObjectExecutionControl control) {
        super(b.name(), b.version(), languageInfo(), List.of(
                        new HelpLink("RevLake notebooks", "docs/notebooks.md"),
                        new HelpLink("Tablesaw", "https://jtablesaw.github.io/tablesaw/")),
                b.history(), b.io(), b.comms(), b.renderer(), b.parser(), b.magics(), false, b.errorStyler());
        this.shell = shell;
        this.control = control;
    }

    /** Runs the kernel on the connection file Jupyter passes; returns when Jupyter shuts it down. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RevLakeKernel <connection file>  (Jupyter passes {connection_file})");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        KernelConnectionProperties properties = KernelConnectionProperties.parse(
                Files.readString(connectionFile, StandardCharsets.UTF_8));
        JupyterConnection connection = new JupyterConnection(properties);
        RevLakeKernel kernel = create();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    /**
     * A kernel with a fresh JShell on this JVM's classpath, startup imports evaluated, registered as the
     * notebook kernel (so {@link Notebook#display} reaches it).
     */
    public static RevLakeKernel create() {
        ObjectExecutionControl control = new ObjectExecutionControl();
        JShell shell = JShell.builder()
                .executionEngine(new ExecutionControlProvider() {
                    @Override
                    public String name() {
                        return "revlake-direct";
                    }

                    @Override
                    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                        return control;
                    }
                }, Map.of())
                .compilerOptions("-proc:none", "-Xlint:none")
                .build();
        shell.addToClasspath(System.getProperty("java.class.path"));
        RevLakeKernel kernel = new Builder().name("RevLake").version(kernelVersion()).build(shell, control);
        for (String line : STARTUP_IMPORTS) {
            kernel.evalRaw(line);
        }
        kernel.onStartup();
        return kernel;
    }

    @Override
    public String getBanner() {
        return "RevLake Java kernel (JShell, Java " + Runtime.version().feature() + ")";
    }

    /**
     * Evaluates every complete snippet of {@code source} in order and returns the last one's value when it is
     * an expression (null for declarations and statements).
     */
    @Override
    public Object evalRaw(String source) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
        Object last = null;
        try {
            while (info.completeness().isComplete()) {
                last = evalSnippet(info.source());
                info = analysis.analyzeCompletion(info.remaining());
            }
        } finally {
            control.clear();
        }
        if (source.stripTrailing().endsWith(";")) {
            // As in IPython, a trailing semicolon silences the value: `System.out.printf(...);` shows nothing,
            // `summary` (no semicolon) shows the table.
            last = null;
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            String rest = info.remaining().trim();
            throw new CellException.CompilationError("incomplete or invalid code: " + firstLine(rest),
                    List.of("The cell ends with code that is not a complete Java statement:", rest));
        }
        return last;
    }

    @Override
    public DisplayData eval(String expr) {
        Object value = evalRaw(expr);
        DisplayData data = displayData(value);
        return data != null || value == null ? data : getRenderer().render(value);
    }

    /**
     * How a cell value is shown: tables as an HTML table, {@link HtmlOutput} as its HTML, strings as text;
     * null for values the framework renderer should handle (and for null).
     */
    static DisplayData displayData(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof DisplayData d) {
            return d;
        }
        if (value instanceof Table t) {
            DisplayData d = new DisplayData(HtmlTables.text(t, 20));
            d.putHTML(HtmlTables.html(t));
            return d;
        }
        if (value instanceof HtmlOutput h) {
            DisplayData d = new DisplayData(h.text());
            d.putHTML(h.html());
            return d;
        }
        return new DisplayData(String.valueOf(value));
    }

    private Object evalSnippet(String code) {
        List<SnippetEvent> events = shell.eval(code);
        Object result = null;
        for (SnippetEvent event : events) {
            String key = event.value();
            if (event.causeSnippet() != null || !control.holds(key)) {
                continue;
            }
            Object value = control.take(key);
            Snippet.SubKind kind = event.snippet().subKind();
            result = switch (kind) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value;
                default -> null;
            };
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            JShellException thrown = event.exception();
            if (thrown instanceof EvalException e) {
                throw evaluationError(e);
            }
            if (thrown instanceof UnresolvedReferenceException e) {
                List<String> missing = shell.unresolvedDependencies(e.getSnippet()).collect(Collectors.toList());
                throw new CellException.CompilationError("unresolved: " + String.join(", ", missing),
                        List.of(e.getSnippet().source(), "needs, not yet defined: " + String.join(", ", missing)));
            }
            if (thrown != null) {
                throw new CellException.EvaluationError(thrown.getClass().getName(), String.valueOf(thrown.getMessage()),
                        List.of());
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(event.snippet());
            }
        }
        return result;
    }

    private CellException.CompilationError compilationError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        String source = snippet.source();
        shell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
            String message = d.getMessage(Locale.ROOT);
            messages.add(firstLine(message));
            long position = d.getStartPosition();
            if (position >= 0 && position <= source.length()) {
                int lineStart = source.lastIndexOf('\n', (int) Math.max(0, position - 1)) + 1;
                if (position == 0) {
                    lineStart = 0;
                }
                int lineEnd = source.indexOf('\n', (int) position);
                String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
                int lineNumber = (int) source.substring(0, lineStart).chars().filter(ch -> ch == '\n').count() + 1;
                lines.add("line " + lineNumber + ": " + line);
                lines.add(" ".repeat(("line " + lineNumber + ": ").length() + (int) (position - lineStart)) + "^");
            }
            for (String m : message.split("\n")) {
                if (!m.trim().startsWith("location:")) {
                    lines.add(m);
                }
            }
        });
        if (messages.isEmpty()) {
            messages.add("the snippet was rejected");
            lines.add(source);
        }
        return new CellException.CompilationError(String.join("; ", messages), lines);
    }

    private static CellException.EvaluationError evaluationError(EvalException e) {
        List<String> lines = new ArrayList<>();
        lines.add(e.getExceptionClassName() + ": " + e.getMessage());
        for (StackTraceElement frame : e.getStackTrace()) {
            lines.add("    at " + frame);
        }
        Throwable cause = e.getCause();
        while (cause != null) {
            String name = cause instanceof EvalException ee ? ee.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + name + ": " + cause.getMessage());
            cause = cause.getCause();
        }
        return new CellException.EvaluationError(e.getExceptionClassName(), String.valueOf(e.getMessage()), lines);
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException c) {
            List<String> lines = new ArrayList<>();
            lines.add(errorStyler.secondary(e.getClass().getSimpleName() + ": " + e.getMessage()));
            c.traceback().forEach(l -> lines.add(errorStyler.primary(l)));
            return lines;
        }
        return super.formatError(e);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis()
                .documentation(code, Math.min(code.length(), at), extraDetail);
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.joining("\n\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = shell.sourceCodeAnalysis()
                .completionSuggestions(code, at, anchor);
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        List<String> options = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case EMPTY, COMPLETE, COMPLETE_WITH_SEMI -> IS_COMPLETE_YES;
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        shell.close();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String kernelVersion() {
        String v = RevLakeKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static LanguageInfo languageInfo() {
        String java = String.valueOf(Runtime.version().feature());
        return new LanguageInfo("java", java, "text/x-java", ".jshell", "java", "java", null);
    }

    /** Gives access to the framework's protected builders for I/O, renderer, history and error styling. */
    private static final class Builder extends BaseKernelBuilder<Builder, RevLakeKernel> {
        @Override
        public RevLakeKernel build() {
            throw new UnsupportedOperationException("use RevLakeKernel.create()");
        }

        RevLakeKernel build(JShell shell, ObjectExecutionControl control) {
            return new RevLakeKernel(this, shell, control);
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.history.HistoryManager history() {
            return buildHistoryManager();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() {
            return buildJupyterIO(buildJupyterIOEncoding());
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        MagicParser parser() {
            return new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler());
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler errorStyler() {
            return buildErrorStyler();
        }
    }
}
