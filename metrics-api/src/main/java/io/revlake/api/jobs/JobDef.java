package io.revlake.api.jobs;

import java.util.List;
import java.util.Objects;

/**
 * A named job.
 *
 * @param id          {@code ingest:<source>}, {@code transform:<stage>} or {@code all}
 * @param kind        what runs it
 * @param description one line for people
 * @param dependsOn   jobs whose output it reads; {@code all} runs them first, in this order
 * @param problem     why it cannot run as configured (e.g. no extract folder for a source), or null
 */
public record JobDef(String id, Kind kind, String description, List<String> dependsOn, String problem) {
    /** What a job runs. */
    public enum Kind {
        /** One ingest of a source's extract folder, in a pipeline process. */
        INGEST,
        /** One transform stage, in a pipeline process. */
        TRANSFORM,
        /** Its dependencies one after another, each as its own run. */
        ALL
    }

    public JobDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        dependsOn = List.copyOf(dependsOn);
    }

    public boolean runnable() {
        return problem == null;
    }

    /** The part after the colon: the source of an ingest job, the stage of a transform job. */
    public String target() {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }
}
