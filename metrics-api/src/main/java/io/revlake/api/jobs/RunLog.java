package io.revlake.api.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the progress of runs goes: the runner's own events and the pipeline process's output lines. */
public interface RunLog {
    /** Something the runner did: started, retrying, succeeded… */
    void event(String job, String runId, String message);

    /** A line the pipeline process printed. */
    void output(String job, String runId, String line);

    /**
     * Console lines for {@code ./revlake run}: {@code 12:00:01 [transform:silver] …} as text, or one JSON object per
     * line ({@code {"ts":…,"job":…,"run_id":…,"source":"runner|pipeline","message":…}}) for log collectors.
     */
    static RunLog console(PrintStream out, boolean json, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
        return new RunLog() {
            @Override
            public void event(String job, String runId, String message) {
                print("runner", job, runId, message);
            }

            @Override
            public void output(String job, String runId, String line) {
                print("pipeline", job, runId, line);
            }

            private void print(String source, String job, String runId, String message) {
                String line;
                if (json) {
                    ObjectNode node = mapper.createObjectNode();
                    node.put("ts", clock.instant().toString());
                    node.put("job", job);
                    node.put("run_id", runId);
                    node.put("source", source);
                    node.put("message", message);
                    line = node.toString();
                } else {
                    line = hms.format(clock.instant()) + " [" + job + "] " + (source.equals("pipeline") ? "  " : "")
                            + message;
                }
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        };
    }

    /** In the API server: events to the server log, pipeline output to {@code <logDir>/<run_id>.log}. */
    static RunLog server(Optional<Path> logDir) {
        Logger log = LoggerFactory.getLogger(JobService.class);
        return new RunLog() {
            @Override
            public void event(String job, String runId, String message) {
                log.info("[{} {}] {}", job, runId, message);
            }

            @Override
            public void output(String job, String runId, String line) {
                if (logDir.isEmpty()) {
                    log.debug("[{} {}] {}", job, runId, line);
                    return;
                }
                try {
                    Files.createDirectories(logDir.get());
                    Files.writeString(logDir.get().resolve(runId + ".log"), line + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    log.debug("[{} {}] {}", job, runId, line);
                }
            }
        };
    }
}
