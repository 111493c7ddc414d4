package io.revlake.ingest;

import io.revlake.catalog.CanonicalEntity;
import java.util.Map;
import java.util.Objects;

/**
 * One canonical record produced by a source reader, already validated.
 *
 * @param entity       canonical entity the record maps to
 * @param recordNumber 1-based number of the record within its file (unique per file and entity; becomes {@code _source_row})
 * @param locator      where it is in the file, for people: {@code line 17}, or {@code line 3 (invoice in_1, lines.data[0])}
 * @param values       canonical field → trimmed value (null when empty)
 * @param extras       source fields kept beside the contract, as received
 * @param rawJson      the source record as received, as a JSON object
 * @param rejection    why it is quarantined, or null when accepted
 * @param tombstone    the source says this key was deleted (Stripe {@code deleted: true}, Salesforce {@code is_deleted});
 *                     only its key is set, and silver drops the key when the tombstone is its latest version
 */
public record SourceRecord(CanonicalEntity entity, long recordNumber, String locator, Map<String, String> values,
                           Map<String, String> extras, String rawJson, Rejection rejection, boolean tombstone) {
    /** Key of {@link #extras} that marks a tombstone row in bronze. */
    public static final String DELETED_MARKER = "_deleted";

    public SourceRecord {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(extras, "extras");
        Objects.requireNonNull(rawJson, "rawJson");
    }

    public boolean accepted() {
        return rejection == null;
    }
}
