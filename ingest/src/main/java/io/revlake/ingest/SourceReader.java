package io.revlake.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A connector: turns one input file into validated records of one or more canonical entities. {@link IngestJob}
 * owns everything around it (ledger, bronze and quarantine writes, idempotency), identically for every source.
 *
 * <p>Contract: every record read from the file is passed to the sink exactly once, accepted or with a rejection, so
 * rows read = accepted + rejected. A file that cannot be read as a whole raises {@link FileRejectedException} (nothing
 * of it is written).
 */
public interface SourceReader {
    /** Source name: bronze tables are {@code bronze.<source>_<entity>}, quarantine is {@code quarantine.<source>}. */
    String source();

    /**
     * Whether this reader handles the file, judged by its name only; null when it does, else why not (the file is
     * reported as ignored).
     */
    String whyNot(Path file);

    /** The entity a file maps to judging by its name, for files reported before they are read; "" when unknown. */
    default String entityHint(Path file) {
        return "";
    }

    /** A fingerprint of the configuration the reader maps with; part of the ledger key, so a new mapping re-ingests. */
    default String configFingerprint() {
        return "";
    }

    /**
     * Other files of the same folder whose content this file's records are joined with (QuickBooks payment lines take
     * customer, date and currency from {@code payment_data.csv}); only files that exist, none by default.
     * {@link IngestJob} folds their hashes into this file's ledger key, so a changed sibling re-ingests the file.
     */
    default List<Path> dependencies(Path file) {
        return List.of();
    }

    /** Reads the whole file, calling {@code sink} for each record. */
    Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException;

    /**
     * What a reader learnt about a file besides its records.
     *
     * @param entities       entities the file maps to (for the ledger), in order
     * @param unknownColumns source columns not mapped, kept in bronze as extras
     * @param note           what was skipped and why (object types without a mapping), or null
     */
    record Outcome(List<String> entities, List<String> unknownColumns, String note) {
        public Outcome {
            entities = List.copyOf(entities);
            unknownColumns = List.copyOf(unknownColumns);
        }
    }
}
