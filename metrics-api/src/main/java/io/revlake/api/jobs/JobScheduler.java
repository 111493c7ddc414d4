package io.revlake.api.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires jobs at their cron times. One thread; each fire starts the run in the background, so a long job never
 * delays another's fire. A fire while the job still runs (here or in another process) is recorded as
 * skipped_locked. At start, a job whose last fire time passed while no scheduler was running (and that has not run
 * since) runs once at once, unless its {@code catch_up} setting is off; several missed fires make one run. Attempts
 * left {@code running} by a runner that died are marked {@code abandoned} at start and at every recheck. Schedules
 * follow changes to the jobs file within {@link #RECHECK}.
 */
final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    static final Duration RECHECK = Duration.ofSeconds(15);

    private final JobService service;
    private final Clock clock;
    private final Thread thread;
    private final Map<String, ZonedDateTime> next = new ConcurrentHashMap<>();
    private final Map<String, String> expressionOf = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;

    JobScheduler(JobService service, Clock clock) {
        this.service = service;
        this.clock = clock;
        this.thread = new Thread(this::loop, "revlake-scheduler");
        this.thread.setDaemon(true);
    }

    void start() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        markAbandoned();
        plan(now);
        for (String job : service.config().schedules().keySet()) {
            try {
                service.missedFire(job, now).ifPresent(missed -> {
                    LOG.info("Catching up {}: its fire at {} was missed while no scheduler was running", job, missed);
                    service.fire(job);
                });
            } catch (RuntimeException e) {
                LOG.error("Cannot check {} for a missed fire: {}", job, e.toString());
            }
        }
        thread.start();
    }

    private void markAbandoned() {
        try {
            service.markAbandoned().forEach(r -> LOG.warn("Run {} of {} (attempt {}) marked abandoned", r.runId(),
                    r.job(), r.attempt()));
        } catch (RuntimeException e) {
            LOG.error("Cannot check for abandoned runs: {}", e.toString());
        }
    }

    Optional<ZonedDateTime> nextFire(String job) {
        return Optional.ofNullable(next.get(job));
    }

    /** Brings the fire times in line with the configuration: new or changed schedules get their next time. */
    private void plan(ZonedDateTime now) {
        Map<String, CronSchedule> schedules = service.config().schedules();
        next.keySet().removeIf(job -> !schedules.containsKey(job));
        expressionOf.keySet().removeIf(job -> !schedules.containsKey(job));
        schedules.forEach((job, cron) -> {
            String key = cron.expression() + "@" + cron.zone();
            if (!key.equals(expressionOf.get(job)) || !next.containsKey(job)) {
                expressionOf.put(job, key);
                cron.nextAfter(now).ifPresentOrElse(t -> next.put(job, t), () -> next.remove(job));
                LOG.info("Schedule {}: '{}' ({}), next run {}", job, cron.expression(), cron.zone(), next.get(job));
            }
        });
    }

    private void loop() {
        while (!closed) {
            try {
                ZonedDateTime now = ZonedDateTime.now(clock);
                plan(now);
                markAbandoned();
                for (Map.Entry<String, ZonedDateTime> e : Map.copyOf(next).entrySet()) {
                    if (!e.getValue().isAfter(now)) {
                        String job = e.getKey();
                        service.fire(job);
                        CronSchedule cron = service.config().schedules().get(job);
                        Optional<ZonedDateTime> following = cron == null ? Optional.empty() : cron.nextAfter(now);
                        following.ifPresentOrElse(t -> next.put(job, t), () -> next.remove(job));
                    }
                }
                long wait = RECHECK.toMillis();
                for (ZonedDateTime t : next.values()) {
                    wait = Math.min(wait, Duration.between(ZonedDateTime.now(clock), t).toMillis());
                }
                if (wait > 0 && stop.await(wait, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Scheduler error (it keeps running): {}", e.toString(), e);
                try {
                    if (stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        // No interrupt: it would close a lock file channel mid-acquire (ClosedByInterruptException).
        closed = true;
        stop.countDown();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
