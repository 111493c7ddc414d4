package io.revlake.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one attempt of an ingest or transform job in a pipeline process: {@code <pipeline command> execute <job>
 * --warehouse W --result-file F [--as-of D] [--path P]}. The child writes rows and table versions to F as JSON
 * ({@code {"rows_in":…, "rows_out":…, "tables":{…}}}, or {@code {"error":"…"}}); its output lines (stdout and
 * stderr) are handed to {@code output}. After the timeout it is asked to stop, then killed.
 */
final class PipelineProcess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 5;

    private PipelineProcess() {
    }

    /** Arguments after the pipeline command. */
    static List<String> arguments(JobDef job, String warehouse, Optional<LocalDate> asOf, Optional<String> sourcePath) {
        return arguments(job, warehouse, asOf, sourcePath, Map.of());
    }

    /** @param policy policy options of a transform job ({@link JobsConfig#policy()}); ingest jobs take none */
    static List<String> arguments(JobDef job, String warehouse, Optional<LocalDate> asOf, Optional<String> sourcePath,
                                  Map<String, String> policy) {
        List<String> args = new ArrayList<>(List.of("execute", job.id(), "--warehouse", warehouse,
                "--result-file", RESULT_PLACEHOLDER));
        asOf.ifPresent(d -> args.addAll(List.of("--as-of", d.toString())));
        sourcePath.ifPresent(p -> args.addAll(List.of("--path", p)));
        if (job.kind() != JobDef.Kind.INGEST) {
            new java.util.TreeMap<>(policy).forEach((option, value) -> args.addAll(List.of("--policy", option + "=" + value)));
        }
        return args;
    }

    /**
     * @param started called with the process once it runs (so a shutdown can stop it)
     */
    static AttemptResult run(List<String> command, List<String> args, Duration timeout, Consumer<String> output,
                             Consumer<Process> started) {
        Path dir;
        try {
            dir = Files.createTempDirectory("revlake-run-");
        } catch (IOException e) {
            return AttemptResult.failed("cannot create a temporary folder for the result: " + e.getMessage(), true);
        }
        Path resultFile = dir.resolve("result.json");
        List<String> full = new ArrayList<>(command);
        // The result file argument is a placeholder until here: it lives in this attempt's own folder.
        for (String a : args) {
            full.add(a.equals(RESULT_PLACEHOLDER) ? resultFile.toString() : a);
        }
        Process process;
        try {
            process = new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteQuietly(dir);
            return AttemptResult.failed("cannot start the pipeline process " + command.get(0) + ": " + e.getMessage()
                    + " (check pipeline.command / " + PipelineCommand.ENV + ")", false);
        }
        started.accept(process);
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    output.accept(line);
                }
            } catch (IOException e) {
                // The process went away; its exit code tells the rest.
            }
        }, "revlake-job-output");
        pump.setDaemon(true);
        pump.start();
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                stop(process);
                pump.join(GRACE.toMillis());
                return new AttemptResult(RunStatus.TIMED_OUT, null, null, Map.of(),
                        "timed out after " + describe(timeout) + "; the pipeline process was stopped", true);
            }
            pump.join(GRACE.toMillis());
            int exit = process.exitValue();
            Optional<JsonNode> result = readResult(resultFile);
            if (result.isPresent() && result.get().hasNonNull("error")) {
                return AttemptResult.failed(result.get().get("error").asText(), true);
            }
            if (exit != 0 || result.isEmpty()) {
                String last;
                synchronized (tail) {
                    last = String.join(" | ", tail);
                }
                return AttemptResult.failed("the pipeline process " + (exit != 0 ? "exited with code " + exit
                        : "wrote no result") + (last.isBlank() ? "" : "; last output: " + last), true);
            }
            JsonNode r = result.get();
            Map<String, Long> tables = new LinkedHashMap<>();
            if (r.has("tables")) {
                r.get("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asLong()));
            }
            return new AttemptResult(RunStatus.SUCCEEDED, longOrNull(r, "rows_in"), longOrNull(r, "rows_out"),
                    tables, null, false);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            return AttemptResult.failed("stopped: the runner was shut down while the job ran", false);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Stands for the result file in {@link #arguments}; replaced by a fresh file per attempt. */
    static final String RESULT_PLACEHOLDER = "\u0000result-file";

    /** SIGTERM, then after a grace period SIGKILL, to the process and anything it started. */
    static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
        }
        return s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }

    private static Optional<JsonNode> readResult(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Long longOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
