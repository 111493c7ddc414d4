package io.revlake.notebooks.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the revlake-java kernel as Jupyter does (a child JVM given a connection file) and talks to it over
 * the real ZeroMQ wire protocol with signed messages.
 */
class KernelProtocolTest {
    @TempDir
    static Path dir;

    private static Process kernel;
    private static JupyterTestClient client;
    private static Path kernelLog;

    @BeforeAll
    static void startKernel() throws Exception {
        String deps = Files.readString(Path.of(System.getProperty("revlake.kernel.classpath"))).trim();
        String classpath = System.getProperty("revlake.kernel.classes") + File.pathSeparator + deps;
        client = new JupyterTestClient();
        Path connection = client.writeConnectionFile(dir);
        kernelLog = dir.resolve("kernel.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlog4j2.configurationFile=revlake-notebooks-log4j2.properties",
                "-cp", classpath, RevLakeKernel.class.getName(), connection.toString()));
        kernel = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(kernelLog.toFile()).start();
        client.connect();
        client.waitUntilReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopKernel() throws Exception {
        try {
            if (kernel != null && kernel.isAlive()) {
                client.shutdown();
                if (!kernel.waitFor(20, TimeUnit.SECONDS)) {
                    kernel.destroyForcibly();
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    @Test
    void kernel_info_names_java_and_the_kernel() {
        JupyterTestClient.Result r = client.waitUntilReady(Duration.ofSeconds(10));
        assertThat(r.reply().content().getAsJsonObject("language_info").get("name").getAsString()).isEqualTo("java");
        assertThat(r.reply().content().get("banner").getAsString()).contains("RevLake");
    }

    @Test
    void an_expression_cell_replies_ok_with_its_value_as_the_execute_result() {
        JupyterTestClient.Result r = client.execute("int answer = 6 * 7;\nanswer");
        assertThat(r.status()).isEqualTo("ok");
        List<JupyterTestClient.Msg> results = r.ofType("execute_result");
        assertThat(results).hasSize(1);
        assertThat(data(results.get(0)).get("text/plain").getAsString()).isEqualTo("42");
    }

    @Test
    void a_trailing_semicolon_silences_the_value_as_in_ipython() {
        JupyterTestClient.Result r = client.execute("System.out.printf(\"%d%n\", 7);");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.ofType("execute_result")).isEmpty();
        assertThat(stdout(r)).isEqualTo("7\n");
    }

    @Test
    void declarations_persist_from_cell_to_cell_even_after_a_failing_cell() {
        assertThat(client.execute("String who = \"finance\";").status()).isEqualTo("ok");
        assertThat(client.execute("Integer.parseInt(\"not a number\")").status()).isEqualTo("error");
        JupyterTestClient.Result r = client.execute("who.toUpperCase()");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(data(r.ofType("execute_result").get(0)).get("text/plain").getAsString()).isEqualTo("FINANCE");
    }

    @Test
    void printed_lines_arrive_as_a_stdout_stream_and_statements_have_no_result() {
        JupyterTestClient.Result r = client.execute("for (int i = 1; i <= 2; i++) { System.out.println(\"line \" + i); }");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.ofType("execute_result")).isEmpty();
        assertThat(stdout(r)).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void a_tablesaw_table_is_shown_as_an_html_table_with_a_text_fallback() {
        JupyterTestClient.Result r = client.execute("""
                Table t = Table.create("movements",
                    StringColumn.create("movement", "new", "churn"),
                    DoubleColumn.create("amount", 1200.5, -300.25));
                t""");
        assertThat(r.status()).isEqualTo("ok");
        JsonObject data = data(r.ofType("execute_result").get(0));
        assertThat(data.get("text/html").getAsString())
                .contains("<table", "<th", "movement", "1,200.50", "-300.25", "2 rows × 2 columns");
        assertThat(data.get("text/plain").getAsString()).contains("movements", "churn");
    }

    @Test
    void a_chart_is_inline_echarts_html_with_the_library_embedded_from_the_webjar() {
        JupyterTestClient.Result r = client.execute("""
                Table s = Table.create("s", StringColumn.create("month", "2024-01", "2024-02"),
                    DoubleColumn.create("mrr", 100.0, 120.0));
                display(Chart.line("MRR", s, "month", "mrr"));
                display(Chart.bar("MRR again", s, "month", "mrr"));""");
        assertThat(r.status()).isEqualTo("ok");
        List<JupyterTestClient.Msg> shown = r.ofType("display_data");
        assertThat(shown).hasSize(2);
        String all = shown.stream().map(m -> data(m).get("text/html").getAsString()).reduce("", String::concat);
        // Checked as booleans: a failure message quoting a megabyte of JavaScript helps nobody.
        assertThat(all.contains("window.echarts.init(el).setOption(o)")).as("charts initialise ECharts").isTrue();
        assertThat(all.contains("\"data\":[\"2024-01\",\"2024-02\"]")).as("months on the x axis").isTrue();
        assertThat(all.contains("t.version=\"5.3.1\"")).as("ECharts 5.3.1 embedded from the webjar").isTrue();
        assertThat(all.contains("<script src")).as("no script loaded from elsewhere (CDN)").isFalse();
        assertThat(data(shown.get(0)).get("text/plain").getAsString()).isEqualTo("[chart] MRR (line of mrr by month, 2 points)");
        // The ECharts library (about 1 MB) travels once per kernel, not with every chart.
        int libraries = (int) shown.stream().filter(m -> data(m).get("text/html").getAsString().length() > 500_000).count();
        assertThat(libraries).isLessThanOrEqualTo(1);
    }

    @Test
    void a_compile_error_is_a_jupyter_error_naming_the_problem_and_the_line() {
        JupyterTestClient.Result r = client.execute("int ok = 1;\nint bad = \"text\";");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.reply().content().get("ename").getAsString()).isEqualTo("CompilationError");
        assertThat(r.reply().content().get("evalue").getAsString()).contains("incompatible types");
        List<JupyterTestClient.Msg> errors = r.ofType("error");
        assertThat(errors).hasSize(1);
        assertThat(traceback(errors.get(0))).contains("int bad = \"text\";").contains("incompatible types");
    }

    @Test
    void a_runtime_exception_is_a_jupyter_error_with_the_thrown_class_and_message() {
        JupyterTestClient.Result r = client.execute("List.of(1, 2).get(5)");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.reply().content().get("ename").getAsString()).isEqualTo("EvaluationError");
        assertThat(r.reply().content().get("evalue").getAsString())
                .startsWith("java.lang.").contains("IndexOutOfBoundsException");
        assertThat(traceback(r.ofType("error").get(0))).contains("IndexOutOfBoundsException");
    }

    @Test
    void an_incomplete_cell_is_an_error_not_a_hang() {
        JupyterTestClient.Result r = client.execute("if (true) {");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.reply().content().get("ename").getAsString()).isEqualTo("CompilationError");
    }

    @Test
    void the_project_classes_are_on_the_cell_classpath() {
        JupyterTestClient.Result r = client.execute("io.revlake.catalog.Tables.MRR_SUMMARY.qualifiedName()");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(data(r.ofType("execute_result").get(0)).get("text/plain").getAsString()).isEqualTo("gold.mrr_summary");
    }

    @Test
    void completion_offers_members_of_project_and_jdk_types() {
        String code = "io.revlake.catalog.Tables.MRR_SUMM";
        JupyterTestClient.Result r = client.complete(code, code.length());
        assertThat(r.status()).isEqualTo("ok");
        JsonArray matches = r.reply().content().getAsJsonArray("matches");
        assertThat(matches.toString()).contains("MRR_SUMMARY");
    }

    /** Everything the cell printed: the kernel may split it across several stream messages. */
    private static String stdout(JupyterTestClient.Result r) {
        return r.ofType("stream").stream()
                .filter(m -> m.content().get("name").getAsString().equals("stdout"))
                .map(m -> m.content().get("text").getAsString()).reduce("", String::concat);
    }

    private static JsonObject data(JupyterTestClient.Msg m) {
        return m.content().getAsJsonObject("data");
    }

    private static String traceback(JupyterTestClient.Msg error) {
        StringBuilder sb = new StringBuilder();
        error.content().getAsJsonArray("traceback").forEach(l -> sb.append(l.getAsString()).append('\n'));
        return sb.toString();
    }
}
