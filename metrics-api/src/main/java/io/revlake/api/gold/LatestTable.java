package io.revlake.api.gold;

import io.delta.kernel.Snapshot;
import io.revlake.catalog.TableDef;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The latest version of a small ops table, parsed, read with Delta Kernel and re-read only when the table gets a new
 * version (run logs, quality results): what readers outside the published gold snapshot use.
 *
 * @param <T> the parsed value
 */
public final class LatestTable<T> {
    private final DeltaGoldReader reader;
    private final TableDef table;
    private final Function<LoadedTable, T> parse;
    private final T absent;
    private long readVersion = -1;
    private T value;

    /** @param absent the value while the table does not exist */
    public LatestTable(DeltaGoldReader reader, TableDef table, Function<LoadedTable, T> parse, T absent) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.table = Objects.requireNonNull(table, "table");
        this.parse = Objects.requireNonNull(parse, "parse");
        this.absent = absent;
    }

    /** @throws IllegalStateException when the table exists but cannot be read */
    public synchronized T get() {
        try {
            Optional<Snapshot> snapshot = reader.latestSnapshot(table);
            if (snapshot.isEmpty()) {
                return absent;
            }
            if (snapshot.get().getVersion() != readVersion) {
                value = parse.apply(reader.read(table, snapshot.get()));
                readVersion = snapshot.get().getVersion();
            }
            return value;
        } catch (GoldReadException e) {
            throw new IllegalStateException("cannot read " + table.qualifiedName() + ": " + e.getMessage(), e);
        }
    }
}
