package io.revlake.api.gold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.delta.kernel.Snapshot;
import io.revlake.api.Json;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tech.tablesaw.api.InstantColumn;

/**
 * ops.publications read with Delta Kernel: which version of each gold table the transform published last (write,
 * audit, publish; docs/operations.md). The table is re-read only when its Delta version changes.
 */
public final class Publications {
    static final TableDef TABLE = Tables.PUBLICATIONS;

    /** One publication: the run it published and the gold table versions readers get. */
    public record Publication(String publishId, String runId, Instant publishedAt, Map<String, Long> versions) {
        public Publication {
            Objects.requireNonNull(publishId, "publishId");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(publishedAt, "publishedAt");
            versions = Map.copyOf(versions);
        }

        /** The published version of a gold table, or empty when the run published none of it. */
        public Optional<Long> version(TableDef table) {
            return Optional.ofNullable(versions.get(table.qualifiedName()));
        }
    }

    private final DeltaGoldReader reader;
    private long readVersion = -1;
    private Optional<Publication> latest = Optional.empty();

    public Publications(DeltaGoldReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The latest publication; empty when the warehouse has no ops.publications table (a warehouse written before
     * publishing existed: readers then take each table's latest version).
     */
    public synchronized Optional<Publication> latest() throws GoldReadException {
        Optional<Snapshot> snapshot = reader.latestSnapshot(TABLE);
        if (snapshot.isEmpty()) {
            readVersion = -1;
            latest = Optional.empty();
            return latest;
        }
        if (snapshot.get().getVersion() != readVersion) {
            latest = newest(reader.read(TABLE, snapshot.get()));
            readVersion = snapshot.get().getVersion();
        }
        return latest;
    }

    private static Optional<Publication> newest(LoadedTable loaded) throws GoldReadException {
        Publication newest = null;
        var data = loaded.data();
        for (int r = 0; r < loaded.rowCount(); r++) {
            Instant at = ((InstantColumn) data.column("published_at")).get(r);
            String id = data.stringColumn("publish_id").get(r);
            if (newest != null && (at.isBefore(newest.publishedAt())
                    || at.equals(newest.publishedAt()) && id.compareTo(newest.publishId()) < 0)) {
                continue;
            }
            try {
                Map<String, Long> versions = Json.mapper().readValue(data.stringColumn("versions").get(r),
                        new TypeReference<LinkedHashMap<String, Long>>() { });
                newest = new Publication(id, data.stringColumn("run_id").get(r), at, versions);
            } catch (JsonProcessingException e) {
                throw new GoldReadException(TABLE.qualifiedName() + " publication " + id + " has unreadable versions: "
                        + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(newest);
    }
}
