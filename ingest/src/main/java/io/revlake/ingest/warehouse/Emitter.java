package io.revlake.ingest.warehouse;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.CanonicalField;
import io.revlake.ingest.KeyedValidator;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Per file: numbers the records, validates them the canonical way ({@link KeyedValidator}) and counts what was not
 * ingested and why, for the file's message. Every row that becomes a record is passed to the sink exactly once.
 */
public final class Emitter {
    private final Consumer<SourceRecord> sink;
    private final Map<String, String> fixedExtras;
    private final KeyedValidator validator = new KeyedValidator();
    private final Set<CanonicalEntity> entities = new LinkedHashSet<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final Map<String, Long> remarks = new LinkedHashMap<>();
    private long number;

    /** @param fixedExtras extras every record gets, e.g. {@code erp_system} */
    public Emitter(Map<String, String> fixedExtras, Consumer<SourceRecord> sink) {
        this.fixedExtras = Map.copyOf(fixedExtras);
        this.sink = sink;
    }

    /** A record under construction: every canonical field present (null until set), in catalog order. */
    public final class Draft {
        final CanonicalEntity entity;
        final CsvTable.Row row;
        final String locator;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, String> extras = new LinkedHashMap<>();
        Rejection rejection;
        boolean tombstone;

        private Draft(CanonicalEntity entity, CsvTable.Row row, String what) {
            this.entity = entity;
            this.row = row;
            this.locator = "line " + row.line() + " (" + what + ")";
            for (CanonicalField f : entity.fields()) {
                values.put(f.name(), null);
            }
            extras.putAll(fixedExtras);
        }

        public Draft put(String field, String value) {
            if (!values.containsKey(field)) {
                throw new IllegalArgumentException(entity.fileStem() + " has no field " + field);
            }
            values.put(field, value);
            return this;
        }

        public Draft extra(String name, String value) {
            if (value != null) {
                extras.put(name, value);
            }
            return this;
        }

        /** The first reason wins. */
        public Draft reject(Rejection r) {
            if (rejection == null) {
                rejection = r;
            }
            return this;
        }

        public Draft reject(ReasonCode code, String reason) {
            return reject(new Rejection(code, reason));
        }

        /** A deletion: only the key is kept. */
        public Draft tombstone() {
            tombstone = true;
            values.replaceAll((k, v) -> entity.key().contains(k) ? v : null);
            return this;
        }

        public void emit() {
            Rejection r = rejection != null ? rejection : validator.validate(entity, values, tombstone).orElse(null);
            entities.add(entity);
            sink.accept(new SourceRecord(entity, ++number, locator + " → " + entity.fileStem(), values, extras,
                    row.rawJson(), r, tombstone && r == null));
        }
    }

    public Draft draft(CanonicalEntity entity, CsvTable.Row row, String what) {
        return new Draft(entity, row, what);
    }

    /**
     * A row with more or fewer values than the header is quarantined as a record of the file's main entity;
     * returns whether it was.
     */
    public boolean rejectBroken(CsvTable table, CsvTable.Row row, CanonicalEntity entity) {
        if (row.valueCount() == table.header().size()) {
            return false;
        }
        draft(entity, row, "a row of " + row.valueCount() + " values").reject(ReasonCode.WRONG_COLUMN_COUNT,
                "record has " + row.valueCount() + " values but the header has " + table.header().size() + " columns")
                .emit();
        return true;
    }

    /** A row that is not a record of any entity (a subtotal line, a vendor bill), counted in the message. */
    public void skip(String why) {
        skipped.merge(why, 1L, Long::sum);
    }

    /** Something worth telling that does not drop the row (a currency id with no symbol). */
    public void remark(String what) {
        remarks.merge(what, 1L, Long::sum);
    }

    public SourceReader.Outcome outcome() {
        List<String> parts = new ArrayList<>();
        if (!skipped.isEmpty()) {
            List<String> s = new ArrayList<>();
            skipped.forEach((k, n) -> s.add(k + " ×" + n));
            parts.add("not ingested: " + String.join(", ", s));
        }
        remarks.forEach((k, n) -> parts.add(k + " ×" + n));
        return new SourceReader.Outcome(entities.stream().map(CanonicalEntity::fileStem).toList(), List.of(),
                parts.isEmpty() ? null : String.join("; ", parts));
    }
}
