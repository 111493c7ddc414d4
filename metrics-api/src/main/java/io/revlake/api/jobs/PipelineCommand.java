package io.revlake.api.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How to start a pipeline process: the command a job's arguments are appended to ({@code execute <job> --warehouse
 * W --result-file F …}). {@code ./revlake serve} and {@code ./revlake run} pass their own JVM's command (java, its
 * options, classpath and {@code io.revlake.cli.RevLakeCli}) as a JSON array in {@value #ENV}; the jobs file's
 * {@code pipeline.command} overrides it (e.g. a wrapper around {@code spark-submit} on a cluster).
 */
public final class PipelineCommand {
    public static final String ENV = "REVLAKE_PIPELINE_COMMAND";

    private PipelineCommand() {
    }

    /** The command from the configuration, else from the environment; empty when neither gives one. */
    public static Optional<List<String>> resolve(JobsConfig config) {
        if (!config.pipelineCommand().isEmpty()) {
            return Optional.of(config.pipelineCommand());
        }
        return parse(System.getenv(ENV));
    }

    static Optional<List<String>> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            List<String> command = new ObjectMapper().readValue(json, new TypeReference<List<String>>() { });
            return command.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(command));
        } catch (IOException e) {
            throw new IllegalArgumentException(ENV + " is not a JSON array of strings: " + e.getMessage());
        }
    }
}
