package io.revlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server's JVM options: RevLake's defaults, then the user's word by word (the last of a flag wins). */
class ServeOptionsTest {
    @Test
    void theDefaultsWhenUnsetOrBlank() {
        assertEquals(List.of("-XX:MaxTenuringThreshold=1"), RevLakeCli.serverJvmOptions(null));
        assertEquals(List.of("-XX:MaxTenuringThreshold=1"), RevLakeCli.serverJvmOptions("  "));
    }

    @Test
    void userOptionsComeAfterTheDefaultsWordByWord() {
        assertEquals(List.of("-XX:MaxTenuringThreshold=1", "-Xmx4g", "-XX:MaxTenuringThreshold=15",
                        "-Xlog:gc:file=gc.log"),
                RevLakeCli.serverJvmOptions(" -Xmx4g  -XX:MaxTenuringThreshold=15\t-Xlog:gc:file=gc.log "));
    }
}
