package io.revlake.api.routes;

import io.javalin.http.Context;
import io.revlake.api.close.CloseService;
import io.revlake.api.close.PeriodClose;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.gold.TableState;
import io.revlake.api.gold.VersionUnavailableException;
import io.revlake.catalog.TableDef;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot a request answers from, per its {@code as_of}: absent → the current snapshot (the one the request was
 * pinned to by {@link SnapshotAnswers}, if it was); a number → every table
 * read at that Delta version; {@code close:YYYY-MM} → each table at the version the close of that month froze. Every
 * route that takes {@code as_of} (core or in a {@link RouteGroup}) resolves it here.
 */
public final class AsOfSnapshots {
    private final GoldStore store;
    private final CloseService closes;

    /** @param closes the period closes, or null when this server has none (close:… is then a 404) */
    public AsOfSnapshots(GoldStore store, CloseService closes) {
        this.store = store;
        this.closes = closes;
    }

    /** The snapshot for the request's {@code as_of} parameter, with {@code tables} replaced as asked. */
    public GoldSnapshot resolve(Context ctx, List<TableDef> tables) {
        Optional<Params.AsOf> asOf = Params.optionalAsOf(ctx, "as_of");
        if (asOf.isEmpty()) {
            GoldSnapshot pinned = ctx.attribute(SnapshotAnswers.PINNED);
            return pinned != null ? pinned : store.current();
        }
        if (asOf.get() instanceof Params.AsOf.Version v) {
            return store.asOf(v.version(), tables);
        }
        YearMonth period = ((Params.AsOf.Close) asOf.get()).period();
        return atClose(closed("as_of", ctx.queryParam("as_of"), period), tables);
    }

    /** The close of {@code period}, or a 404 naming the closed periods. */
    PeriodClose closed(String parameter, String value, YearMonth period) {
        Optional<PeriodClose> close = closes == null ? Optional.empty() : closes.find(period);
        return close.orElseThrow(() -> CloseErrors.notClosed(parameter, value, period.toString(),
                closes == null ? List.of() : closes.closedPeriods()));
    }

    /** The current snapshot with each of {@code tables} at the version {@code close} froze. */
    GoldSnapshot atClose(PeriodClose close, List<TableDef> tables) {
        Map<TableDef, Long> versions = new LinkedHashMap<>();
        for (TableDef table : tables) {
            Long version = close.versions().get(table.qualifiedName());
            if (version == null) {
                throw CloseErrors.tableNotFrozen(close.period().toString(), table.qualifiedName(),
                        close.versions().keySet());
            }
            versions.put(table, version);
        }
        if (versions.entrySet().stream().anyMatch(e -> e.getValue() > loadedVersion(e.getKey()))) {
            store.refresh(); // closed just after a transform this server has not picked up yet
        }
        try {
            return store.asOf(versions);
        } catch (VersionUnavailableException e) {
            throw CloseErrors.frozenVersionGone(close.period().toString(), e.table().qualifiedName(), e.version(),
                    e.reason());
        }
    }

    private long loadedVersion(TableDef table) {
        TableState state = store.current().tables().get(table.qualifiedName());
        return state instanceof LoadedTable l ? l.version() : -1;
    }
}
