package io.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./revlake generate --format}: the company also written in the sources' formats, beside the canonical extract. */
class GenerateFormatTest {
    @TempDir
    Path tmp;

    @Test
    void generate_writes_each_format_asked_for_into_its_own_folder() {
        int code = new CommandLine(new RevLakeCli()).execute("generate", "--out", tmp.toString(), "--customers", "5",
                "--months", "3", "--seed", "1", "--start", "2024-01", "--format", "stripe,salesforce,erp");
        assertThat(code).isZero();
        assertThat(tmp.resolve("invoices.csv")).exists();
        assertThat(tmp.resolve("stripe/invoices.jsonl")).exists();
        assertThat(tmp.resolve("salesforce/Account.csv")).exists();
        assertThat(tmp.resolve("erp/netsuite2_transaction_data.csv")).exists();
    }

    @Test
    void an_unknown_format_fails_before_generating_naming_the_formats() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RevLakeCli());
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(RevLakeCli.oneLine(e));
            return 1;
        });
        int code = cli.execute("generate", "--out", tmp.toString(), "--customers", "5", "--months", "3", "--format", "quickbooks");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("format 'quickbooks' is not known; use one of stripe|salesforce|erp");
        assertThat(Files.exists(tmp.resolve("customers.csv"))).isFalse();
    }
}
