package io.revlake.api.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Warehouses with a jobs file whose pipeline command is {@link FakePipeline}, and small waiting helpers. */
public final class JobFixtures {
    private JobFixtures() {
    }

    /** {@code java -cp <this test classpath> <main>}: a JVM running one of the test mains. */
    public static List<String> testJvm(String mainClass) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                mainClass));
    }

    /** A new warehouse folder whose jobs file runs {@link FakePipeline} with its plans in {@code <warehouse>/fake}. */
    public static Path warehouse(String name, String... extraLines) {
        try {
            Path warehouse = Files.createTempDirectory("revlake-jobs-" + name + "-");
            Files.createDirectories(warehouse.resolve("fake"));
            List<String> command = testJvm(FakePipeline.class.getName());
            command.add(fakeDir(warehouse).toString());
            List<String> lines = new ArrayList<>();
            lines.add("pipeline.command = " + new ObjectMapper().writeValueAsString(command).replace("\\", "\\\\"));
            lines.addAll(List.of(extraLines));
            Files.createDirectories(warehouse.resolve("_ops"));
            Files.write(warehouse.resolve("_ops").resolve("jobs.properties"), lines);
            return warehouse;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path fakeDir(Path warehouse) {
        return warehouse.resolve("fake");
    }

    /** What {@link FakePipeline} should do on each attempt of a job. */
    public static void plan(Path warehouse, String job, String... steps) {
        try {
            Files.write(fakeDir(warehouse).resolve(job.replace(':', '_') + ".plan"), List.of(steps));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JobService service(Path warehouse) {
        return JobService.forWarehouse(warehouse.toString(), RunLog.console(System.out, false, java.time.Clock.systemUTC()));
    }

    /** Waits until the condition holds; fails the test with {@code what} when it does not within {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(max);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + max + " waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
