package io.revlake.ingest.warehouse;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source whose extract is a folder of warehouse tables, one CSV per table named {@code [prefix]<table>[_data].csv}:
 * what it does with a file is decided by the table's name, and the tables a table is joined with are its
 * {@link #dependencies}.
 */
public abstract class TableSourceReader implements SourceReader {
    private final String source;
    private final List<String> prefixes;
    private final String fingerprint;

    /** @param fingerprint the mapping's fingerprint and the Java readers' version, so a change re-ingests */
    protected TableSourceReader(String source, List<String> prefixes, String fingerprint) {
        this.source = source;
        this.prefixes = List.copyOf(prefixes);
        this.fingerprint = fingerprint;
    }

    /** Null when the table is read, else why not (reported as the file's message). */
    protected abstract String whyNotTable(String table);

    /** The tables of the same folder this table's records are joined with. */
    protected abstract List<String> siblings(String table);

    /** The entity a table maps to, for files reported before they are read; "" when none. */
    protected abstract String entityOf(String table);

    /** Reads a file holding {@code table} (one {@link #whyNotTable} accepts). */
    protected abstract Outcome read(Path file, String table, Consumer<SourceRecord> sink)
            throws IOException, FileRejectedException;

    /** The sibling of {@code file} holding {@code table}, read whole, or null when the folder has none. */
    protected CsvTable sibling(Path file, String table) throws IOException, FileRejectedException {
        return TableFiles.readSibling(file, prefixes, table);
    }

    private Optional<String> table(Path file) {
        return TableFiles.table(file, prefixes);
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final String configFingerprint() {
        return fingerprint;
    }

    @Override
    public final String whyNot(Path file) {
        Optional<String> t = table(file);
        return t.isEmpty() ? "" : whyNotTable(t.get());
    }

    @Override
    public final String entityHint(Path file) {
        return table(file).map(this::entityOf).orElse("");
    }

    @Override
    public final List<Path> dependencies(Path file) {
        List<Path> deps = new ArrayList<>();
        table(file).ifPresent(t -> siblings(t).forEach(s -> TableFiles.sibling(file, prefixes, s).ifPresent(deps::add)));
        return deps;
    }

    @Override
    public final Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        String t = table(file).orElseThrow(() -> new IllegalArgumentException(file + " is not a " + source + " table"));
        if (whyNotTable(t) != null) {
            throw new IllegalArgumentException(file.getFileName() + ": " + whyNotTable(t));
        }
        return read(file, t, sink);
    }
}
