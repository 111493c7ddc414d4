package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revlake serve} as a command: help, option errors, start-up failures, and a real start. */
class ServeMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Consumer<ApiServer> whileRunning, String... args) {
        return ServeMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), whileRunning);
    }

    private int run(String... args) {
        return run(server -> {
            throw new AssertionError("should not have started");
        }, args);
    }

    @Test
    void help_lists_every_option_with_its_default_and_exits_0() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString()).contains("serve", "--warehouse=DIR", "./warehouse", "--port=N", "7070",
                "--reload-seconds=N", "5", "--host");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_non_numeric_port_fails_with_one_line_on_stderr_and_exit_code_2() {
        assertThat(run("--port", "seventy")).isEqualTo(2);

        assertThat(err.toString()).hasLineCount(1)
                .startsWith("revlake serve: Invalid value for option '--port': 'seventy' is not an int");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void out_of_range_numbers_and_unknown_options_fail_with_one_line() {
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("revlake serve: --port must be between 0 and 65535, got 70000 (see --help)\n");

        err.getBuffer().setLength(0);
        assertThat(run("--reload-seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("revlake serve: --reload-seconds must be at least 1, got 0 (see --help)\n");

        err.getBuffer().setLength(0);
        assertThat(run("--warehose", "x")).isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1).contains("Unknown option", "'--warehose'");
    }

    @Test
    void a_warehouse_that_is_a_file_fails_with_exit_code_1(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("warehouse.txt"), "not a folder");

        assertThat(run("--warehouse", file.toString(), "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("revlake serve: warehouse " + file
                + " is a file, not a directory; pass the warehouse folder with --warehouse\n");
    }

    @Test
    void a_port_in_use_fails_with_exit_code_1_and_says_what_to_do(@TempDir Path warehouse) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThat(run("--warehouse", warehouse.toString(), "--port", String.valueOf(port))).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("revlake serve: cannot listen on 127.0.0.1:" + port
                    + ": the address is in use or not available; stop the other process or choose another --port\n");
        }
    }

    @Test
    void it_prints_the_address_when_ready_and_serves_until_stopped(@TempDir Path dir) throws IOException {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "viewer " + TestServers.VIEWER + "\n");
        AtomicInteger health = new AtomicInteger();
        int code = run(server -> health.set(Http.get(URI.create("http://127.0.0.1:" + server.port() + "/"), "health").status()),
                "--warehouse", GoldFixture.shared().toString(), "--port", "0", "--reload-seconds", "2",
                "--tokens", tokens.toString());

        assertThat(code).isZero();
        assertThat(health.get()).isEqualTo(200);
        assertThat(out.toString()).matches("RevLake API and dashboards on http://localhost:(\\d+)/\n"
                + "Open the dashboards at http://localhost:\\1/\\?token=VIEWER_TOKEN \\(tokens are in "
                + java.util.regex.Pattern.quote(tokens.toString()) + "\\)\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void without_a_tokens_file_it_generates_one_token_per_role_into_an_owner_only_file_and_prints_them_once(
            @TempDir Path dir) throws IOException {
        Path tokens = dir.resolve("private").resolve("tokens");
        java.util.Map<String, Integer> statusByRole = new java.util.LinkedHashMap<>();
        String[] args = {"--warehouse", GoldFixture.shared().toString(), "--port", "0", "--tokens", tokens.toString()};

        int code = run(server -> {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            for (String line : out.toString().split("\n")) {
                if (line.contains(" token: ")) {
                    String role = line.substring(0, line.indexOf(' '));
                    String token = line.substring(line.indexOf(": ") + 2);
                    statusByRole.put(role, Http.send("POST", base, "api/v1/admin/reload", token).status());
                }
            }
        }, args);

        assertThat(code).isZero();
        String printed = out.toString();
        assertThat(printed).containsPattern("(?m)^viewer token: [A-Za-z0-9_-]{43}$")
                .containsPattern("(?m)^analyst token: [A-Za-z0-9_-]{43}$")
                .containsPattern("(?m)^admin token: [A-Za-z0-9_-]{43}$")
                .contains("saved to " + tokens + ", readable only by you")
                .containsPattern("Open the dashboards at http://localhost:\\d+/\\?token=[A-Za-z0-9_-]{43}\n");
        // Each printed token works with exactly its role: only admin may reload.
        assertThat(statusByRole).containsExactly(java.util.Map.entry("viewer", 403), java.util.Map.entry("analyst", 403),
                java.util.Map.entry("admin", 200));
        assertThat(java.nio.file.Files.getPosixFilePermissions(tokens))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.getPosixFilePermissions(tokens.getParent()))
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                        java.nio.file.attribute.PosixFilePermission.GROUP_READ);
        String file = Files.readString(tokens);
        assertThat(file).contains(printed.lines().filter(l -> l.startsWith("admin token: "))
                .findFirst().orElseThrow().substring("admin token: ".length()));

        out.getBuffer().setLength(0);
        assertThat(run(server -> { }, args)).isZero();
        assertThat(out.toString()).doesNotContain(" token: ").contains("tokens are in " + tokens);
        assertThat(Files.readString(tokens)).isEqualTo(file);
    }

    @Test
    void a_malformed_tokens_file_fails_with_the_file_and_line(@TempDir Path dir) throws IOException {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# comment\nsuperuser abcdefghijklmnopqrstuvwxyz\n");

        assertThat(run("--warehouse", dir.toString(), "--port", "0", "--tokens", tokens.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("revlake serve: bad tokens file: " + tokens
                + " line 2: unknown role 'superuser'; use viewer, analyst or admin\n");
    }
}
