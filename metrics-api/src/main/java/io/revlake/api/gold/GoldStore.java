package io.revlake.api.gold;

import io.delta.kernel.Snapshot;
import io.revlake.catalog.TableDef;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link GoldSnapshot} and replaces it when a new gold table version is published.
 *
 * <p>Each table is served at the version the latest row of ops.publications names (see {@link Publications}): the
 * transform publishes only runs whose blocking checks all passed, so readers never see a half-written or failed run.
 * A warehouse without ops.publications (written before publishing existed) is served at each table's latest version.
 *
 * <p>A reload reads every changed table completely, then swaps the whole snapshot with one atomic write;
 * requests that hold the previous snapshot finish on it. Unchanged tables are carried over as they are.
 * When a new version cannot be read, the previous version keeps being served (and the failure is logged
 * once per version); a table that never loaded, or whose Delta table disappeared, is unavailable.
 */
public final class GoldStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GoldStore.class);

    private final DeltaGoldReader reader;
    private final Publications publications;
    private volatile Optional<Publications.Publication> served = Optional.empty();
    private final List<TableDef> tables;
    private final Clock clock;
    private final AtomicReference<GoldSnapshot> current = new AtomicReference<>();
    private final Map<String, Long> loggedFailures = new LinkedHashMap<>();
    private volatile ScheduledExecutorService scheduler;
    /** Called with a new snapshot before readers see it (to compute answers ahead); may be null. */
    private volatile java.util.function.Consumer<GoldSnapshot> beforeSwap;
    /** Time-travel reads, least recently used dropped first. */
    private final Map<String, LoadedTable> history = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedTable> eldest) {
            return size() > HISTORY_SIZE;
        }
    };
    private static final int HISTORY_SIZE = 16;
    /** Paces reloads while a snapshot is served; only the poller (under this store's lock) uses it. */
    private final ReloadPacer reloadPacer = ReloadPacer.fromSystemProperty();

    /** Loads every table once, synchronously, so the store is complete before anyone reads it. */
    public GoldStore(DeltaGoldReader reader, List<TableDef> tables, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.publications = new Publications(reader);
        this.tables = List.copyOf(tables);
        this.clock = Objects.requireNonNull(clock, "clock");
        refresh();
    }

    /** The reader this store loads with (lineage look-ups read silver and bronze tables on demand through it). */
    public DeltaGoldReader reader() {
        return reader;
    }

    /**
     * Sets what runs on each new snapshot before it is swapped in: readers keep the previous snapshot meanwhile, so work
     * done here (answers computed ahead) is never paid for by a request. A failure is logged and the swap goes on.
     */
    public void beforeSwap(java.util.function.Consumer<GoldSnapshot> warmer) {
        this.beforeSwap = warmer;
    }

    /** The publication the current snapshot serves; empty for a warehouse without ops.publications. */
    public Optional<Publications.Publication> publication() {
        return served;
    }

    /** ops.publications of this store's warehouse. */
    public Publications publications() {
        return publications;
    }

    /** The snapshot to answer a request with. Take it once per request. */
    public GoldSnapshot current() {
        return current.get();
    }

    /**
     * Probes the latest publication (or, without ops.publications, each table's latest Delta version) and, if any
     * table changed (new version, appeared or disappeared), swaps in a fully loaded new snapshot.
     *
     * @return whether a new snapshot was swapped in
     */
    public synchronized boolean refresh() {
        GoldSnapshot previous = current.get();
        Optional<Publications.Publication> published;
        try {
            published = publications.latest();
        } catch (GoldReadException e) {
            if (previous != null) {
                // Without knowing what is published, keep serving what was: never fall back to unaudited versions.
                LOG.warn("{}; still serving the previous snapshot", e.getMessage());
                return false;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, TableState> next = new LinkedHashMap<>();
        boolean changed = previous == null;
        for (TableDef table : tables) {
            TableState before = previous == null ? null : previous.tables().get(table.qualifiedName());
            TableState after = published.isPresent() ? probePublished(table, before, published.get())
                    : probe(table, before);
            next.put(table.qualifiedName(), after);
            changed |= !after.equals(before);
        }
        served = published;
        if (changed) {
            GoldSnapshot fresh = new GoldSnapshot(next, clock.instant());
            java.util.function.Consumer<GoldSnapshot> warmer = beforeSwap;
            if (warmer != null && previous != null) {
                try {
                    warmer.accept(fresh);
                } catch (RuntimeException e) {
                    LOG.warn("Warming the new snapshot failed; swapping it in cold: {}", e.toString());
                }
            }
            current.set(fresh);
            LOG.info("Serving gold snapshot: {}", describe(next));
        }
        return changed;
    }

    /**
     * The current snapshot with {@code tables} replaced by their Delta version {@code version} (time travel,
     * {@code ?as_of=}). Versions already read are kept in a small cache; the current version is reused.
     *
     * @throws VersionUnavailableException when a table has no such version or it cannot be read
     */
    public GoldSnapshot asOf(long version, List<TableDef> wanted) {
        Map<TableDef, Long> versions = new LinkedHashMap<>();
        wanted.forEach(t -> versions.put(t, version));
        return asOf(versions);
    }

    /**
     * The current snapshot with each table of {@code versions} replaced by its own Delta version (a period close
     * freezes a different version per table). Same cache and errors as {@link #asOf(long, List)}.
     */
    public GoldSnapshot asOf(Map<TableDef, Long> versions) {
        GoldSnapshot now = current();
        Map<String, TableState> states = new LinkedHashMap<>(now.tables());
        for (Map.Entry<TableDef, Long> e : versions.entrySet()) {
            TableDef table = e.getKey();
            long version = e.getValue();
            TableState state = now.tables().get(table.qualifiedName());
            long latest = state instanceof LoadedTable l ? l.version() : -1;
            String expected = latest >= 0 ? "a Delta version from 0 to " + latest : "a Delta version of the table";
            if (latest >= 0 && version > latest) {
                throw new VersionUnavailableException(table, version, "the latest version is " + latest, expected);
            }
            if (state instanceof LoadedTable l && l.version() == version) {
                continue;
            }
            states.put(table.qualifiedName(), historical(table, version, expected));
        }
        return new GoldSnapshot(states, now.createdAt());
    }

    private LoadedTable historical(TableDef table, long version, String expected) {
        String key = table.qualifiedName() + "@" + version;
        synchronized (history) {
            LoadedTable cached = history.get(key);
            if (cached != null) {
                return cached;
            }
        }
        LoadedTable loaded;
        try {
            loaded = reader.read(table, reader.snapshotAt(table, version));
        } catch (GoldReadException e) {
            throw new VersionUnavailableException(table, version, e.getMessage(), expected);
        }
        synchronized (history) {
            history.put(key, loaded);
        }
        return loaded;
    }

    /** Starts polling for new versions every {@code every}, on one daemon thread. */
    public synchronized void startReloading(Duration every) {
        if (scheduler != null) {
            throw new IllegalStateException("already reloading");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gold-reloader");
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops reloading; waits (briefly) for a reload in progress. Not synchronized, so it never queues behind one. */
    @Override
    public void close() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException | Error e) {
            // A failed poll must not cancel the schedule: keep serving, try again next time.
            LOG.error("Gold reload failed; still serving the previous snapshot", e);
        }
    }

    private TableState probePublished(TableDef table, TableState before, Publications.Publication published) {
        Optional<Long> version = published.version(table);
        if (version.isEmpty()) {
            return new UnavailableTable(table, "not in the latest publication (transform run " + published.runId()
                    + ")");
        }
        if (before instanceof LoadedTable loaded && loaded.version() == version.get()) {
            return loaded;
        }
        try {
            return load(table, reader.snapshotAt(table, version.get()), before != null);
        } catch (GoldReadException e) {
            return keepOr(before, table, e, version.get());
        }
    }

    private TableState probe(TableDef table, TableState before) {
        Optional<Snapshot> latest;
        try {
            latest = reader.latestSnapshot(table);
        } catch (GoldReadException e) {
            return keepOr(before, table, e, -1);
        }
        if (latest.isEmpty()) {
            return new UnavailableTable(table, "no Delta table at " + reader.location(table));
        }
        Snapshot snapshot = latest.get();
        if (before instanceof LoadedTable loaded && loaded.version() == snapshot.getVersion()) {
            return loaded;
        }
        try {
            return load(table, snapshot, before != null);
        } catch (GoldReadException e) {
            return keepOr(before, table, e, snapshot.getVersion());
        }
    }

    /** @param serving whether a snapshot is being served meanwhile (a reload, paced), not the first load */
    private LoadedTable load(TableDef table, Snapshot snapshot, boolean serving) throws GoldReadException {
        long started = System.nanoTime();
        ReloadPacer pacer = serving ? reloadPacer : ReloadPacer.NONE;
        long sleptBefore = pacer.sleptMillis();
        pacer.begin();
        LoadedTable loaded = reader.read(table, snapshot, null, pacer);
        LOG.info("Loaded {} version {} ({} rows) in {} ms{}", table.qualifiedName(), loaded.version(),
                loaded.rowCount(), (System.nanoTime() - started) / 1_000_000,
                serving ? " (" + (pacer.sleptMillis() - sleptBefore) + " ms of it giving way to requests)" : "");
        loggedFailures.remove(table.qualifiedName());
        return loaded;
    }

    /** After a failed read: keep what was served before if it was loaded, else the table is unavailable. */
    private TableState keepOr(TableState before, TableDef table, GoldReadException failure, long version) {
        Long lastLogged = loggedFailures.put(table.qualifiedName(), version);
        if (lastLogged == null || lastLogged != version) {
            LOG.warn("{}{}", failure.getMessage(), before instanceof LoadedTable loaded
                    ? "; still serving version " + loaded.version() : "");
        }
        if (before instanceof LoadedTable) {
            return before;
        }
        String reason = failure.getMessage();
        if (before instanceof UnavailableTable unavailable && unavailable.reason().equals(reason)) {
            return before;
        }
        return new UnavailableTable(table, reason);
    }

    private static String describe(Map<String, TableState> states) {
        StringBuilder sb = new StringBuilder();
        for (TableState s : states.values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(s.table().qualifiedName());
            if (s instanceof LoadedTable l) {
                sb.append(" v").append(l.version()).append(" (").append(l.rowCount()).append(" rows)");
            } else {
                sb.append(" unavailable");
            }
        }
        return sb.toString();
    }
}
