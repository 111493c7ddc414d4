package io.revlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server's JVM options: a concurrent collector unless the user gives their own. */
class ServeOptionsTest {
    @Test
    void defaultsToZgcWhenUnsetOrBlank() {
        assertEquals(List.of("-XX:+UseZGC"), RevLakeCli.serverJvmOptions(null));
        assertEquals(List.of("-XX:+UseZGC"), RevLakeCli.serverJvmOptions("  "));
    }

    @Test
    void userOptionsReplaceTheDefaultWordByWord() {
        assertEquals(List.of("-Xmx4g", "-XX:+UseG1GC", "-Xlog:gc:file=gc.log"),
                RevLakeCli.serverJvmOptions(" -Xmx4g  -XX:+UseG1GC\t-Xlog:gc:file=gc.log "));
    }
}
