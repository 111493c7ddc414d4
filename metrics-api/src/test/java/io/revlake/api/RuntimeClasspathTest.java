package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server as {@code ./revlake serve} runs it: {@code java -cp target/classes:$(cat target/runtime-classpath.txt)}.
 *
 * <p>Why this is sound: the classpath file is written by maven-dependency-plugin from Maven's own resolution
 * of the runtime scope, in the same build, just before the tests (process-test-classes). This test (1) checks
 * no Spark, Scala or delta-spark jar is on it, and (2) starts ServeMain in a child JVM on exactly that classpath
 * and reads real Delta tables through it. The surefire classpath would prove nothing: it has Spark (test scope),
 * whose Jackson and logging would hide exactly the conflicts STACK.md warns about.
 */
class RuntimeClasspathTest {
    private static final Pattern READY = Pattern.compile("RevLake API and dashboards on http://localhost:(\\d+)/");

    private static List<String> runtimeClasspath() throws IOException {
        Path file = Path.of(System.getProperty("revlake.runtime.classpath", "target/runtime-classpath.txt"));
        assertThat(file).as("written by maven-dependency-plugin at process-test-classes; run the tests through Maven")
                .exists();
        return Arrays.stream(Files.readString(file).trim().split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    @Test
    void the_server_runtime_classpath_has_no_spark_scala_or_delta_spark() throws IOException {
        List<String> entries = runtimeClasspath();
        List<String> jars = entries.stream().map(p -> Path.of(p).getFileName().toString()).toList();

        assertThat(jars).isNotEmpty()
                .noneMatch(j -> j.startsWith("spark-") || j.startsWith("scala-") || j.startsWith("delta-spark")
                        || j.contains("_2.13") || j.startsWith("revlake-transform") || j.equals("transform"))
                .anyMatch(j -> j.startsWith("delta-kernel-defaults-"))
                .anyMatch(j -> j.startsWith("javalin-"));
        // The dashboards module: its jar, or its target/classes when Maven builds it in the same reactor.
        assertThat(entries).anyMatch(e -> Path.of(e).getFileName().toString().startsWith("revlake-dashboards-")
                || Files.exists(Path.of(e, "revlake", "dashboards", "index.html")));
    }

    @Test
    void serve_main_runs_on_the_runtime_classpath_alone_and_serves_gold_tables_and_dashboards() throws Exception {
        Path warehouse = GoldFixture.shared();
        String classpath = "target/classes" + File.pathSeparator + String.join(File.pathSeparator, runtimeClasspath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path tokens = Files.createTempDirectory("revlake-tokens-").resolve("tokens");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "io.revlake.api.ServeMain",
                "--warehouse", warehouse.toString(), "--port", "0", "--reload-seconds", "1",
                "--tokens", tokens.toString())
                .redirectErrorStream(false).start();
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    stdout.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.matches()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("exited before ready: " + stdout));
        });
        reader.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try {
            URI base = URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/");

            JsonNode health = Http.get(base, "health").json();
            assertThat(health.get("status").asText()).isEqualTo("ok");
            String viewer = stdout.stream().filter(l -> l.startsWith("viewer token: ")).findFirst().orElseThrow()
                    .substring("viewer token: ".length());
            assertThat(Http.get(base, "api/v1/mrr/summary?from=2024-04", null).status()).isEqualTo(401);
            Http.Response summary = Http.get(base, "api/v1/mrr/summary?from=2024-04", viewer);
            assertThat(summary.status()).isEqualTo(200);
            assertThat(summary.body()).contains("\"mrr\":1694.57", "\"arr\":20334.84");
            assertThat(Http.get(base, "api/v1/metrics/nrr/series?grain=quarter", viewer).status()).isEqualTo(200);
            assertThat(Http.get(base, "api/v1/mrr/summary?from=2024-13", viewer).json().get("parameter").asText()).isEqualTo("from");
            assertThat(Http.get(base, "").body()).contains("id=\"mrr-bridge\"");
            assertThat(Http.get(base, "webjars/echarts/5.3.1/dist/echarts.min.js").status()).isEqualTo(200);
            // Logging works without Spark's log4j setup (STACK.md: it can go silently quiet).
            assertThat(String.join("\n", stdout)).contains("Loaded gold.mrr_summary version 0 (4 rows)");
        } finally {
            // SIGTERM: the shutdown hook stops the server. (Process.destroy() would also close our end of the
            // pipes at once and lose the last lines; the handle only signals.)
            process.toHandle().destroy();
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("stops on SIGTERM").isTrue();
            reader.join(5000);
        }
        assertThat(stderr.get(10, TimeUnit.SECONDS)).as("nothing on stderr while healthy").isEmpty();
        assertThat(String.join("\n", stdout)).contains("Stopping", "Stopped");
        // Tokens appear once, on generation, and never in a log line.
        String viewerToken = stdout.stream().filter(l -> l.startsWith("viewer token: ")).findFirst().orElseThrow()
                .substring("viewer token: ".length());
        assertThat(stdout.stream().filter(l -> l.contains(viewerToken))).hasSize(2); // the token line and the URL line
    }
}
