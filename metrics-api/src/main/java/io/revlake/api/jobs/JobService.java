package io.revlake.api.jobs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named jobs: a lock per job, shared by the transform jobs ({@link JobLock}, {@link JobCatalog#lockName}), a
 * timeout per attempt, retries with exponential backoff, and a
 * row in {@code ops.job_runs} for every attempt's start and end ({@link RunHistory}). Ingest and transform jobs run in
 * a pipeline process ({@link PipelineProcess}); this JVM needs no Spark. {@code all} runs its steps one after another,
 * each as its own run.
 *
 * <p>Configuration comes from the jobs file ({@link JobsConfig}), read again when it changes.
 */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    /** Overrides where the jobs file is ({@code <warehouse>/_ops/jobs.properties} by default). */
    public static final String CONFIG_ENV = "REVLAKE_JOBS_CONFIG";
    private static final Duration LOCK_POLL = Duration.ofSeconds(2);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String warehouse;
    private final Path configFile;
    private final Path lockDir;
    private final RunLog log;
    private final Clock clock;
    private final RunHistory history;
    private final String runner;
    private final ExecutorService executor;
    private final Map<String, String> runningHere = new ConcurrentHashMap<>();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile JobScheduler scheduler;

    private volatile JobsConfig config;
    private volatile FileTime configModified;
    private volatile String configProblem;

    /**
     * @param configFile the jobs file (may not exist yet), or null for none
     * @param lockDir    folder of the job lock files
     */
    public JobService(String warehouse, Path configFile, Path lockDir, RunLog log, Clock clock) {
        this.warehouse = warehouse;
        this.configFile = configFile;
        this.lockDir = lockDir;
        this.log = log;
        this.clock = clock;
        this.history = new RunHistory(warehouse);
        this.runner = ManagementFactory.getRuntimeMXBean().getName();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "revlake-job");
            t.setDaemon(true);
            return t;
        });
        this.config = JobsConfig.empty(configFile);
        reloadConfig(true);
    }

    /**
     * For a warehouse: jobs file {@code $REVLAKE_JOBS_CONFIG} or {@code <warehouse>/_ops/jobs.properties}; locks in
     * {@code <warehouse>/_ops/locks} (for a warehouse on a remote file system, such as s3a://, in
     * {@code ~/.revlake/locks/<hash of the URI>}: runs are then exclusive per machine only).
     */
    public static JobService forWarehouse(String warehouse, RunLog log) {
        Optional<Path> local = localPath(warehouse);
        Path ops = local.map(p -> p.resolve("_ops")).orElse(null);
        String env = System.getenv(CONFIG_ENV);
        Path configFile = env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
                : ops != null ? ops.resolve("jobs.properties") : null;
        Path locks = ops != null ? ops.resolve("locks")
                : Path.of(System.getProperty("user.home"), ".revlake", "locks", shortHash(warehouse));
        return new JobService(warehouse, configFile, locks, log, Clock.systemUTC());
    }

    /** Where a local warehouse's run logs go ({@code <warehouse>/_ops/logs}), if it is local. */
    public static Optional<Path> logDir(String warehouse) {
        return localPath(warehouse).map(p -> p.resolve("_ops").resolve("logs"));
    }

    // ---- configuration ----

    /** The current configuration (the last valid one if the file has since been broken). */
    public JobsConfig config() {
        reloadConfig(false);
        return config;
    }

    /** Why the jobs file cannot be used, or null. */
    public String configProblem() {
        reloadConfig(false);
        return configProblem;
    }

    public Path configFile() {
        return configFile;
    }

    public Path lockDir() {
        return lockDir;
    }

    public List<JobDef> jobs() {
        return JobCatalog.jobs(config());
    }

    public Optional<JobDef> job(String id) {
        return JobCatalog.find(config(), id);
    }

    public RunHistory history() {
        return history;
    }

    /** Whether the pipeline command is known (from the jobs file or {@value PipelineCommand#ENV}). */
    public boolean pipelineConfigured() {
        return PipelineCommand.resolve(config()).isPresent();
    }

    /** The run id of the job's run in this process, if one is running here. */
    public Optional<String> runningHere(String job) {
        return Optional.ofNullable(runningHere.get(job));
    }

    /** Who holds the job's lock, as written in its lock file ("" when unknown). */
    public String lockHolder(String job) {
        return JobLock.describeHolder(lockDir, JobCatalog.lockName(job));
    }

    private synchronized void reloadConfig(boolean first) {
        if (configFile == null) {
            return;
        }
        try {
            FileTime modified = Files.exists(configFile) ? Files.getLastModifiedTime(configFile) : null;
            if (!first && java.util.Objects.equals(modified, configModified)) {
                return;
            }
            configModified = modified;
            config = JobsConfig.load(configFile);
            configProblem = null;
        } catch (IOException | IllegalArgumentException e) {
            configProblem = e.getMessage();
            LOG.error("{}; keeping the previous jobs configuration", e.getMessage());
        }
    }

    // ---- running ----

    /** How a run ended. */
    public record RunOutcome(String runId, String job, RunStatus status, String error, Long rowsIn, Long rowsOut,
                             Map<String, Long> tables) {
    }

    /**
     * Starts a run in the background and returns its id once the job's lock is held.
     *
     * @throws JobException UNKNOWN, NOT_RUNNABLE, or BUSY when another run of the job holds its lock
     */
    public String start(String jobId, Trigger trigger, Optional<LocalDate> asOf) {
        JobsConfig cfg = config();
        JobDef job = runnable(cfg, jobId);
        String runId = newRunId();
        JobLock lock = acquire(job, runId).orElseThrow(() -> busy(job));
        runningHere.put(job.id(), runId);
        try {
            executor.submit(() -> {
                try (lock) {
                    runLocked(job, runId, null, trigger, asOf, cfg);
                } catch (RuntimeException e) {
                    LOG.error("Run {} of {} failed unexpectedly", runId, job.id(), e);
                } finally {
                    runningHere.remove(job.id(), runId);
                }
            });
        } catch (RuntimeException e) {
            lock.close();
            runningHere.remove(job.id(), runId);
            throw e;
        }
        return runId;
    }

    /**
     * Runs a job in this thread and returns how it ended. When another run holds the job's lock, records and returns
     * {@link RunStatus#SKIPPED_LOCKED} without running.
     *
     * @throws JobException UNKNOWN or NOT_RUNNABLE
     */
    public RunOutcome run(String jobId, Trigger trigger, Optional<LocalDate> asOf) {
        JobsConfig cfg = config();
        JobDef job = runnable(cfg, jobId);
        String runId = newRunId();
        Optional<JobLock> lock = acquire(job, runId);
        if (lock.isEmpty()) {
            return recordSkipped(job, runId, trigger);
        }
        runningHere.put(job.id(), runId);
        try (JobLock held = lock.get()) {
            return runLocked(job, runId, null, trigger, asOf, cfg);
        } finally {
            runningHere.remove(job.id(), runId);
        }
    }

    /** A scheduled fire: starts the job, or records a skipped run when it is still running. */
    void fire(String jobId) {
        try {
            start(jobId, Trigger.SCHEDULE, Optional.empty());
        } catch (JobException e) {
            if (e.reason() == JobException.Reason.BUSY) {
                job(jobId).ifPresent(j -> recordSkipped(j, newRunId(), Trigger.SCHEDULE));
            } else {
                LOG.error("Scheduled run of {} not started: {}", jobId, e.getMessage());
                Instant now = clock.instant();
                safeRecord(new JobRun(newRunId(), jobId, null, Trigger.SCHEDULE, 1, RunStatus.FAILED, now, now,
                        null, null, Map.of(), e.getMessage(), runner, now));
            }
        }
    }

    private RunOutcome recordSkipped(JobDef job, String runId, Trigger trigger) {
        String why = "not started: " + lockedBecause(job);
        log.event(job.id(), runId, why);
        Instant now = clock.instant();
        safeRecord(new JobRun(runId, job.id(), null, trigger, 1, RunStatus.SKIPPED_LOCKED, now, now, null, null,
                Map.of(), why, runner, now));
        return new RunOutcome(runId, job.id(), RunStatus.SKIPPED_LOCKED, why, null, null, Map.of());
    }

    private RunOutcome runLocked(JobDef job, String runId, String parentRunId, Trigger trigger,
                                 Optional<LocalDate> given, JobsConfig cfg) {
        Optional<LocalDate> asOf = asOf(job, runId, given, cfg);
        return job.kind() == JobDef.Kind.ALL ? runAll(job, runId, trigger, asOf, cfg)
                : attempts(job, runId, parentRunId, trigger, asOf, cfg);
    }

    /** Attempts until one succeeds, the retries are used up, or a failure no retry can help. */
    private RunOutcome attempts(JobDef job, String runId, String parentRunId, Trigger trigger,
                                Optional<LocalDate> asOf, JobsConfig cfg) {
        JobSettings settings = cfg.settingsFor(job.id());
        AttemptResult result = null;
        for (int attempt = 1; attempt <= settings.retries() + 1; attempt++) {
            if (attempt > 1) {
                Duration wait = settings.backoffBefore(attempt);
                log.event(job.id(), runId, "retrying in " + PipelineProcess.describe(wait) + " (attempt " + attempt
                        + " of " + (settings.retries() + 1) + ")");
                if (!pause(wait)) {
                    break;
                }
            }
            Instant started = clock.instant();
            JobRun running = new JobRun(runId, job.id(), parentRunId, trigger, attempt, RunStatus.RUNNING, started,
                    null, null, null, Map.of(), null, runner, started);
            safeRecord(running);
            log.event(job.id(), runId, "started (attempt " + attempt + ", " + trigger.value() + ")");
            result = attempt(job, runId, asOf, cfg, settings.timeout());
            Instant ended = clock.instant();
            safeRecord(running.ended(result.status(), ended, result.rowsIn(), result.rowsOut(), result.tables(),
                    result.error()));
            log.event(job.id(), runId, result.status().value() + " in " + PipelineProcess.describe(
                    Duration.between(started, ended).withNanos(0)) + (result.error() == null ? ""
                    : ": " + result.error()));
            if (result.status() == RunStatus.SUCCEEDED || !result.retryable() || closing) {
                break;
            }
        }
        if (result == null) {
            result = AttemptResult.failed("stopped before the first attempt", false);
        }
        return new RunOutcome(runId, job.id(), result.status(), result.error(), result.rowsIn(), result.rowsOut(),
                result.tables());
    }

    private AttemptResult attempt(JobDef job, String runId, Optional<LocalDate> asOf, JobsConfig cfg, Duration timeout) {
        Optional<List<String>> command;
        try {
            command = PipelineCommand.resolve(cfg);
        } catch (IllegalArgumentException e) {
            return AttemptResult.failed(e.getMessage(), false);
        }
        if (command.isEmpty()) {
            return AttemptResult.failed("no pipeline command to run the job with: start the server with"
                    + " ./revlake serve (it passes " + PipelineCommand.ENV + "), or set pipeline.command in "
                    + cfg.describeFile(), false);
        }
        Optional<String> source = job.kind() == JobDef.Kind.INGEST
                ? Optional.of(Path.of(cfg.sourcePaths().get(job.target())).toAbsolutePath().toString())
                : Optional.empty();
        List<String> args = PipelineProcess.arguments(job, warehouse, asOf, source, cfg.policy());
        return PipelineProcess.run(command.get(), args, timeout, line -> log.output(job.id(), runId, line), p -> {
            processes.add(p);
            p.onExit().thenRun(() -> processes.remove(p));
            if (closing) {
                PipelineProcess.stop(p);
            }
        });
    }

    /**
     * The as-of date of a run: the one given, else the job's {@code as_of} setting resolved now. Resolved once per run
     * (an all's steps share its date), so a run that crosses midnight keeps one as-of.
     */
    private Optional<LocalDate> asOf(JobDef job, String runId, Optional<LocalDate> given, JobsConfig cfg) {
        if (given.isPresent()) {
            return given;
        }
        AsOfRule rule = cfg.settingsFor(job.id()).asOf();
        Optional<LocalDate> resolved = rule.resolve(clock.instant(), cfg.zone());
        resolved.ifPresent(d -> log.event(job.id(), runId, "as of " + d + " (as_of = " + rule + ")"));
        return resolved;
    }

    /** {@code all}: each step as its own run (parent = this run), stopping at the first that does not succeed. */
    private RunOutcome runAll(JobDef all, String runId, Trigger trigger, Optional<LocalDate> asOf, JobsConfig cfg) {
        Instant started = clock.instant();
        JobRun running = new JobRun(runId, all.id(), null, trigger, 1, RunStatus.RUNNING, started, null, null, null,
                Map.of(), null, runner, started);
        safeRecord(running);
        log.event(all.id(), runId, "started: " + String.join(" → ", all.dependsOn()));
        long rowsIn = 0;
        long rowsOut = 0;
        boolean anyIn = false;
        Map<String, Long> tables = new LinkedHashMap<>();
        RunStatus status = RunStatus.SUCCEEDED;
        String error = null;
        for (String stepId : all.dependsOn()) {
            JobDef step = JobCatalog.find(cfg, stepId).orElseThrow();
            String stepRun = newRunId();
            Optional<JobLock> lock = acquireWaiting(step, stepRun, cfg.settingsFor(step.id()).timeout());
            RunOutcome outcome;
            if (lock.isEmpty()) {
                outcome = recordSkippedStep(step, stepRun, runId, trigger);
            } else {
                runningHere.put(step.id(), stepRun);
                try (JobLock held = lock.get()) {
                    outcome = attempts(step, stepRun, runId, trigger, asOf(step, stepRun, asOf, cfg), cfg);
                } finally {
                    runningHere.remove(step.id(), stepRun);
                }
            }
            if (outcome.rowsIn() != null) {
                rowsIn += outcome.rowsIn();
                anyIn = true;
            }
            rowsOut += outcome.rowsOut() == null ? 0 : outcome.rowsOut();
            tables.putAll(outcome.tables());
            if (outcome.status() != RunStatus.SUCCEEDED) {
                status = RunStatus.FAILED;
                error = "step " + step.id() + " (run " + stepRun + ") " + outcome.status().value() + ": "
                        + outcome.error();
                break;
            }
            if (closing) {
                status = RunStatus.FAILED;
                error = "stopped after step " + step.id() + ": the runner was shut down";
                break;
            }
        }
        Instant ended = clock.instant();
        safeRecord(running.ended(status, ended, anyIn ? rowsIn : null, rowsOut, tables, error));
        log.event(all.id(), runId, status.value() + " in " + PipelineProcess.describe(
                Duration.between(started, ended).withNanos(0)) + (error == null ? "" : ": " + error));
        return new RunOutcome(runId, all.id(), status, error, anyIn ? rowsIn : null, rowsOut, tables);
    }

    private RunOutcome recordSkippedStep(JobDef step, String stepRun, String parentRunId, Trigger trigger) {
        String why = "not started: " + step.id() + " stayed locked by another run (" + describeHolder(step.id())
                + ") for longer than its timeout";
        Instant now = clock.instant();
        safeRecord(new JobRun(stepRun, step.id(), parentRunId, trigger, 1, RunStatus.SKIPPED_LOCKED, now, now, null,
                null, Map.of(), why, runner, now));
        return new RunOutcome(stepRun, step.id(), RunStatus.SKIPPED_LOCKED, why, null, null, Map.of());
    }

    /** A step of {@code all} waits for another run of the same job (e.g. a scheduled one) to finish. */
    private Optional<JobLock> acquireWaiting(JobDef step, String runId, Duration atMost) {
        Instant deadline = clock.instant().plus(atMost);
        boolean told = false;
        while (true) {
            Optional<JobLock> lock = acquire(step, runId);
            if (lock.isPresent() || closing || clock.instant().isAfter(deadline)) {
                return lock;
            }
            if (!told) {
                log.event(step.id(), runId, "waiting: another run holds the lock (" + describeHolder(step.id()) + ")");
                told = true;
            }
            if (!pause(LOCK_POLL)) {
                return Optional.empty();
            }
        }
    }

    private Optional<JobLock> acquire(JobDef job, String runId) {
        try {
            return JobLock.tryAcquire(lockDir, JobCatalog.lockName(job.id()), "run " + runId + " of " + job.id()
                    + " by " + runner);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the lock file of " + job.id() + " in " + lockDir + ": "
                    + e.getMessage(), e);
        }
    }

    private String describeHolder(String job) {
        String holder = JobLock.describeHolder(lockDir, JobCatalog.lockName(job));
        return holder.isEmpty() ? "lock " + JobLock.fileOf(lockDir, JobCatalog.lockName(job)) : holder;
    }

    /** The error for a job id that does not exist, listing those that do. */
    public JobException unknown(String jobId) {
        List<String> ids = jobs().stream().map(JobDef::id).toList();
        return new JobException(JobException.Reason.UNKNOWN, jobId, "No job '" + jobId + "'. Jobs: "
                + String.join(", ", ids), ids);
    }

    private JobDef runnable(JobsConfig cfg, String jobId) {
        JobDef job = JobCatalog.find(cfg, jobId).orElseThrow(() -> unknown(jobId));
        if (!job.runnable()) {
            throw new JobException(JobException.Reason.NOT_RUNNABLE, jobId, jobId + " cannot run: " + job.problem(),
                    List.of());
        }
        if (job.kind() == JobDef.Kind.ALL) {
            for (String step : job.dependsOn()) {
                JobDef s = JobCatalog.find(cfg, step).orElseThrow();
                if (!s.runnable()) {
                    throw new JobException(JobException.Reason.NOT_RUNNABLE, jobId, jobId + " cannot run: step "
                            + step + ": " + s.problem(), List.of());
                }
            }
        }
        if (closing) {
            throw new JobException(JobException.Reason.NOT_RUNNABLE, jobId, "the job runner is shutting down",
                    List.of());
        }
        return job;
    }

    private JobException busy(JobDef job) {
        return new JobException(JobException.Reason.BUSY, job.id(), lockedBecause(job)
                + "; try again when it has finished", List.of());
    }

    /** Why the job's lock is taken: the job itself runs, or (transform jobs share a lock) another transform job. */
    private String lockedBecause(JobDef job) {
        String holder = describeHolder(job.id());
        boolean itself = JobCatalog.lockName(job.id()).equals(job.id()) || runningHere.containsKey(job.id())
                || holder.contains(" of " + job.id() + " by ");
        return itself ? job.id() + " is already running (" + holder + ")"
                : job.id() + " waits for the transform lock, which another transform job holds (" + holder + ")";
    }

    private void safeRecord(JobRun run) {
        try {
            history.record(run);
        } catch (RuntimeException e) {
            LOG.error("Cannot record {} {} of run {} in ops.job_runs: {}", run.job(), run.status().value(),
                    run.runId(), e.getMessage());
        }
    }

    /**
     * Closes the attempts whose runner died: the latest row says {@code running}, no run of this process has it, and
     * the job's lock is free (the OS released it when the runner ended). Each gets an {@code abandoned} row. The state
     * is read again while holding the lock, so a run that ended in between is left alone.
     *
     * @return the attempts marked
     */
    public List<JobRun> markAbandoned() {
        List<JobRun> marked = new java.util.ArrayList<>();
        for (JobRun run : history.runs()) {
            if (run.status() != RunStatus.RUNNING || runningHere.containsValue(run.runId())) {
                continue;
            }
            Optional<JobLock> lock;
            try {
                lock = JobLock.tryAcquire(lockDir, JobCatalog.lockName(run.job()), "check of abandoned run "
                        + run.runId() + " by " + runner);
            } catch (IOException e) {
                LOG.warn("Cannot check whether run {} of {} is abandoned: {}", run.runId(), run.job(), e.getMessage());
                continue;
            }
            if (lock.isEmpty()) {
                continue;
            }
            try (JobLock held = lock.get()) {
                boolean stillRunning = history.run(run.runId()).stream()
                        .anyMatch(a -> a.attempt() == run.attempt() && a.status() == RunStatus.RUNNING);
                if (!stillRunning) {
                    continue;
                }
                Instant now = clock.instant();
                String why = "abandoned: its runner (" + run.runner() + ") stopped without recording an end;"
                        + " the job's lock was free at " + now;
                JobRun abandoned = run.ended(RunStatus.ABANDONED, now, run.rowsIn(), run.rowsOut(),
                        run.tablesWritten(), why);
                safeRecord(abandoned);
                log.event(run.job(), run.runId(), why);
                marked.add(abandoned);
            }
        }
        return marked;
    }

    /**
     * The scheduled fire the job missed, if any: the schedule's last fire time before {@code now} is later than the
     * start of the job's latest recorded run (by any trigger). A job that has never run has missed nothing: the
     * schedule may be newer than any fire time it would name.
     */
    Optional<ZonedDateTime> missedFire(String jobId, ZonedDateTime now) {
        CronSchedule cron = config().schedules().get(jobId);
        if (cron == null || !config().settingsFor(jobId).catchUp()) {
            return Optional.empty();
        }
        Optional<ZonedDateTime> last = cron.lastBefore(now);
        Optional<JobRun> lastRun = history.lastRun(jobId);
        if (last.isEmpty() || lastRun.isEmpty() || !lastRun.get().startedAt().isBefore(last.get().toInstant())) {
            return Optional.empty();
        }
        return last;
    }

    /** Sleeps; false when interrupted or shutting down. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String newRunId() {
        return RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- scheduling ----

    /** Starts the scheduler thread (jobs with a cron in the jobs file). */
    public synchronized void startScheduler() {
        if (scheduler == null) {
            scheduler = new JobScheduler(this, clock);
            scheduler.start();
        }
    }

    /** The next time the scheduler fires the job, if it has a schedule. */
    public Optional<ZonedDateTime> nextFire(String job) {
        JobScheduler s = scheduler;
        if (s != null) {
            return s.nextFire(job);
        }
        CronSchedule cron = config().schedules().get(job);
        return cron == null ? Optional.empty() : cron.nextAfter(ZonedDateTime.now(clock));
    }

    /** Stops the scheduler, stops running pipeline processes (their runs are recorded as failed), and waits. */
    @Override
    public void close() {
        closing = true;
        JobScheduler s = scheduler;
        if (s != null) {
            s.close();
        }
        processes.forEach(p -> executor.submit(() -> PipelineProcess.stop(p)));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> localPath(String warehouse) {
        if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !warehouse.startsWith("file:")) {
            return Optional.empty();
        }
        Path p = warehouse.startsWith("file:") ? Path.of(URI.create(warehouse)) : Path.of(warehouse);
        return Optional.of(p.toAbsolutePath().normalize());
    }

    private static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
