package io.revlake.api.jobs;

import io.revlake.ingest.SourceReaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named jobs and their dependencies:
 * <pre>
 * ingest:&lt;source&gt; (each configured source) ─► transform:silver ─► transform:recurring ─► transform:clv
 *                                                           └───────► transform:finance
 * ingest:&lt;source&gt; ─► transform:all (every stage in one run: incremental when it can be, one publication)
 * all = configured ingests, then transform:all
 * </pre>
 * Transform jobs read and write the same silver and gold tables, so they share one lock ({@link #lockName}): no two
 * of them ever run at once, whichever scheduler or command started them.
 */
public final class JobCatalog {
    public static final String ALL = "all";
    public static final String INGEST_PREFIX = "ingest:";
    public static final String TRANSFORM_PREFIX = "transform:";
    /** Transform stages in run order. */
    public static final List<String> STAGES = List.of("silver", "recurring", "clv", "finance");
    /** Every stage in one pipeline run. */
    public static final String TRANSFORM_ALL = TRANSFORM_PREFIX + "all";
    private static final String TRANSFORM_LOCK = "transform";

    private JobCatalog() {
    }

    /** Every job id there can be, whatever the configuration: for parsing config keys and messages. */
    public static List<String> allIds() {
        List<String> ids = new ArrayList<>();
        SourceReaders.names().forEach(s -> ids.add(INGEST_PREFIX + s));
        STAGES.forEach(s -> ids.add(TRANSFORM_PREFIX + s));
        ids.add(TRANSFORM_ALL);
        ids.add(ALL);
        return List.copyOf(ids);
    }

    /** The lock a job takes: its own, except that every transform job takes the one transform lock. */
    public static String lockName(String jobId) {
        return jobId.startsWith(TRANSFORM_PREFIX) ? TRANSFORM_LOCK : jobId;
    }

    /** The jobs under a configuration; ingest jobs of sources without a folder are listed with their problem. */
    public static List<JobDef> jobs(JobsConfig config) {
        List<JobDef> jobs = new ArrayList<>();
        List<String> ingests = new ArrayList<>();
        for (String source : SourceReaders.names()) {
            String id = INGEST_PREFIX + source;
            String path = config.sourcePaths().get(source);
            if (path != null) {
                ingests.add(id);
            }
            jobs.add(new JobDef(id, JobDef.Kind.INGEST, "Ingest the " + source + " extract files"
                    + (path == null ? "" : " from " + path) + " into bronze", List.of(),
                    path == null ? "no extract folder configured for source " + source + "; set source." + source
                            + ".path in " + config.describeFile() : null));
        }
        jobs.add(new JobDef(TRANSFORM_PREFIX + "silver", JobDef.Kind.TRANSFORM,
                "Conform bronze into silver (typed, deduplicated, one customer identity)", ingests, null));
        jobs.add(new JobDef(TRANSFORM_PREFIX + "recurring", JobDef.Kind.TRANSFORM,
                "Gold MRR by customer and month, movements, summary, cohorts, renewals",
                List.of(TRANSFORM_PREFIX + "silver"), null));
        jobs.add(new JobDef(TRANSFORM_PREFIX + "clv", JobDef.Kind.TRANSFORM,
                "Gold customer lifetime value (formula, sBG, BG/NBD + Gamma-Gamma)",
                List.of(TRANSFORM_PREFIX + "recurring"), null));
        jobs.add(new JobDef(TRANSFORM_PREFIX + "finance", JobDef.Kind.TRANSFORM,
                "Gold receivables, DSO, bookings, revenue recognition, deferred revenue, RPO",
                List.of(TRANSFORM_PREFIX + "silver"), null));
        jobs.add(new JobDef(TRANSFORM_ALL, JobDef.Kind.TRANSFORM, "Every stage (silver, recurring, clv, finance) in one"
                + " run: incremental from the bronze change data feed after the first full build (a full rebuild when"
                + " it cannot be, with the reason in ops.transform_runs), and one publication of all gold tables",
                ingests, null));
        List<String> steps = new ArrayList<>(ingests);
        steps.add(TRANSFORM_ALL);
        jobs.add(new JobDef(ALL, JobDef.Kind.ALL, "Ingest every configured source, then transform:all", steps,
                null));
        return List.copyOf(jobs);
    }

    public static Optional<JobDef> find(JobsConfig config, String id) {
        return jobs(config).stream().filter(j -> j.id().equals(id)).findFirst();
    }
}
