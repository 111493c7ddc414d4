package io.revlake.api.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A hand-written stand-in for the pipeline process ({@code RevLakeCli execute}), so runner tests take seconds instead
 * of Spark start-ups. Started as {@code java -cp … FakePipeline DIR execute JOB --warehouse W --result-file F …}.
 *
 * <p>{@code DIR/<job>.plan} holds one line per attempt, used in order (the last line repeats): {@code ok MILLIS}
 * (work that long, then write a result), {@code fail} (exit 1 with a message on stderr), {@code error} (write an
 * error result), {@code hang} (never end). Every start is appended to {@code DIR/events.log} as
 * {@code start JOB PID ARGS}; a start while another process of the same job is inside its work is appended to
 * {@code DIR/overlaps.log}: the proof that the runner's lock kept runs apart.
 */
public final class FakePipeline {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String job = args[2];
        String resultFile = value(args, "--result-file");
        String name = job.replace(':', '_');
        long pid = ProcessHandle.current().pid();
        append(dir.resolve("events.log"), "start " + job + " " + pid + " " + String.join(" ", List.of(args).subList(1, args.length)));
        Path inside = dir.resolve(name + ".inside");
        try {
            Files.createFile(inside);
        } catch (FileAlreadyExistsException e) {
            append(dir.resolve("overlaps.log"), job + " " + pid);
        }
        try {
            String step = nextStep(dir, name);
            String[] parts = step.split(" ");
            switch (parts[0]) {
                case "ok" -> {
                    Thread.sleep(parts.length > 1 ? Long.parseLong(parts[1]) : 0);
                    Files.writeString(Path.of(resultFile), "{\"rows_in\":10,\"rows_out\":7,\"tables\":{\"bronze.fake_"
                            + name + "\":3}}");
                }
                case "error" -> Files.writeString(Path.of(resultFile), "{\"error\":\"Cannot ingest customers.csv line 2:"
                        + " bad date\"}");
                case "hang" -> Thread.sleep(Long.MAX_VALUE);
                default -> {
                    System.out.println("working on " + job);
                    System.err.println("fake failure of " + job);
                    System.exit(1);
                }
            }
        } finally {
            Files.deleteIfExists(inside);
        }
        System.out.println("done " + job);
    }

    private static String nextStep(Path dir, String name) throws IOException {
        Path plan = dir.resolve(name + ".plan");
        if (!Files.exists(plan)) {
            return "ok 0";
        }
        List<String> steps = Files.readAllLines(plan).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        Path counter = dir.resolve(name + ".count");
        int n = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).strip()) : 0;
        Files.writeString(counter, String.valueOf(n + 1));
        return steps.get(Math.min(n, steps.size() - 1));
    }

    private static String value(String[] args, String option) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(option)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("no " + option);
    }

    static synchronized void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
