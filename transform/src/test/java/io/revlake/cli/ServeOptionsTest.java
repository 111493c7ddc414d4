package io.revlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server's JVM options: the user's, word by word; the JVM's defaults when none are given. */
class ServeOptionsTest {
    @Test
    void noOptionsWhenUnsetOrBlank() {
        assertEquals(List.of(), RevLakeCli.serverJvmOptions(null));
        assertEquals(List.of(), RevLakeCli.serverJvmOptions("  "));
    }

    @Test
    void userOptionsReplaceTheDefaultWordByWord() {
        assertEquals(List.of("-Xmx4g", "-XX:+UseZGC", "-Xlog:gc:file=gc.log"),
                RevLakeCli.serverJvmOptions(" -Xmx4g  -XX:+UseZGC\t-Xlog:gc:file=gc.log "));
    }
}
