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
    void it_prints_the_address_when_ready_and_serves_until_stopped() {
        AtomicInteger health = new AtomicInteger();
        int code = run(server -> health.set(Http.get(URI.create("http://127.0.0.1:" + server.port() + "/"), "health").status()),
                "--warehouse", GoldFixture.shared().toString(), "--port", "0", "--reload-seconds", "2");

        assertThat(code).isZero();
        assertThat(health.get()).isEqualTo(200);
        assertThat(out.toString()).matches("RevLake API and dashboards on http://localhost:\\d+/\\n");
        assertThat(err.toString()).isEmpty();
    }
}
