package io.revlake.api.close;

import io.delta.kernel.Snapshot;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldReadException;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.gold.Publications;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Period close: freezes the Delta version of every gold table for a month once the accounting identities hold on
 * those versions, and records it in {@code ops.period_close}. The API's admin endpoint and {@code ./revlake close}
 * both call this class; it reads and writes with Delta Kernel only.
 */
public final class CloseService {
    /** Tables the identities read; the MRR ones must exist for a close. */
    static final List<TableDef> REQUIRED = List.of(Tables.MRR_SUMMARY, Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS);
    static final List<TableDef> CHECKED = List.of(Tables.MRR_SUMMARY, Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS,
            Tables.DEFERRED_REVENUE, Tables.RPO_MONTH);

    private final DeltaGoldReader reader;
    private final Publications publications;
    private final PeriodCloseLog log;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(long version, List<PeriodClose> closes) {
    }

    public CloseService(String warehouse) {
        this(DefaultEngine.create(new Configuration()), warehouse, Clock.systemUTC());
    }

    public CloseService(Engine engine, String warehouse, Clock clock) {
        this.reader = new DeltaGoldReader(engine, warehouse, clock);
        this.publications = new Publications(reader);
        this.log = new PeriodCloseLog(engine, reader);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every closed period, oldest first. Re-reads {@code ops.period_close} only when it has a new version. */
    public List<PeriodClose> closes() {
        long version = log.version();
        Cached c = cached;
        if (c == null || c.version() != version) {
            c = new Cached(version, log.readAll());
            cached = c;
        }
        return c.closes();
    }

    public Optional<PeriodClose> find(YearMonth period) {
        return closes().stream().filter(c -> c.period().equals(period)).findFirst();
    }

    /** The closed periods, oldest first, as text ({@code 2024-03}), for messages. */
    public List<String> closedPeriods() {
        return closes().stream().map(c -> c.period().toString()).toList();
    }

    /**
     * Closes {@code period}: reads the published version of every gold table, runs {@link CloseChecks} on them for the
     * months up to the period, and, if all hold, appends the close row.
     *
     * @param closedBy who closes (required)
     * @param note     free text, or null
     * @throws CloseRefusedException when the period is already closed, has not ended, has no gold data, or an
     *                               identity fails (every failure is listed)
     */
    public PeriodClose close(YearMonth period, String closedBy, String note) {
        Objects.requireNonNull(period, "period");
        if (closedBy == null || closedBy.isBlank()) {
            throw new IllegalArgumentException("say who closes the period (--by NAME)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what the API reads back
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        if (!period.isBefore(current)) {
            throw new CloseRefusedException(period, CloseRefusedException.Reason.NOT_ENDED, "cannot close " + period
                    + ": the month has not ended (today is " + now.atZone(ZoneOffset.UTC).toLocalDate()
                    + " UTC); close it from " + period.plusMonths(1).atDay(1) + " on", List.of());
        }
        Optional<PeriodClose> existing = find(period);
        if (existing.isPresent()) {
            PeriodClose c = existing.get();
            throw new CloseRefusedException(period, CloseRefusedException.Reason.ALREADY_CLOSED, period
                    + " is already closed (by " + c.closedBy() + " at " + c.closedAt() + "); a period closes once."
                    + " Its figures as closed: ?as_of=close:" + period + "; what changed since: GET /api/v1/close/"
                    + period + "/restatements", List.of());
        }
        Map<String, Snapshot> snapshots = latestGoldSnapshots();
        List<String> missing = REQUIRED.stream().map(TableDef::qualifiedName).filter(t -> !snapshots.containsKey(t))
                .toList();
        if (!missing.isEmpty()) {
            throw new CloseRefusedException(period, CloseRefusedException.Reason.NO_GOLD_DATA, "cannot close " + period
                    + ": " + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not exist under "
                    + reader.warehouse() + "; run ./revlake transform first", List.of());
        }
        Map<String, LoadedTable> loaded = new LinkedHashMap<>();
        for (TableDef table : CHECKED) {
            Snapshot s = snapshots.get(table.qualifiedName());
            if (s != null) {
                loaded.put(table.qualifiedName(), read(table, s));
            }
        }
        List<CloseCheck> checks = CloseChecks.run(period, loaded);
        List<CloseCheck> failed = checks.stream().filter(CloseCheck::failed).toList();
        if (!failed.isEmpty()) {
            long count = failed.stream().mapToLong(c -> c.failures().size()).sum();
            throw new CloseRefusedException(period, CloseRefusedException.Reason.CHECKS_FAILED, "cannot close " + period
                    + ": " + count + " failure" + (count == 1 ? "" : "s") + " in " + failed.size() + " accounting"
                    + " identit" + (failed.size() == 1 ? "y" : "ies") + " on the gold tables ("
                    + String.join(", ", failed.stream().map(CloseCheck::name).toList())
                    + "); fix the data and run ./revlake transform, then close again", checks);
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        snapshots.forEach((table, s) -> versions.put(table, s.getVersion()));
        PeriodClose close = new PeriodClose(period, now, closedBy.trim(),
                note == null || note.isBlank() ? null : note.trim(), versions, checks);
        log.append(close);
        cached = null;
        return close;
    }

    /**
     * The published snapshot of every gold table (what readers are served, see {@link Publications}), in catalog
     * order; each table's latest snapshot when the warehouse has no ops.publications.
     */
    private Map<String, Snapshot> latestGoldSnapshots() {
        Map<String, Snapshot> snapshots = new LinkedHashMap<>();
        try {
            Optional<Publications.Publication> published = publications.latest();
            for (TableDef table : Tables.GOLD) {
                if (published.isEmpty()) {
                    reader.latestSnapshot(table).ifPresent(s -> snapshots.put(table.qualifiedName(), s));
                } else {
                    Optional<Long> version = published.get().version(table);
                    if (version.isPresent()) {
                        snapshots.put(table.qualifiedName(), reader.snapshotAt(table, version.get()));
                    }
                }
            }
        } catch (GoldReadException e) {
            throw new IllegalStateException("cannot close: " + e.getMessage(), e);
        }
        return snapshots;
    }

    private LoadedTable read(TableDef table, Snapshot snapshot) {
        try {
            return reader.read(table, snapshot);
        } catch (GoldReadException e) {
            throw new IllegalStateException("cannot close: " + e.getMessage(), e);
        }
    }
}
