package io.revlake.ingest.warehouse;

import io.revlake.ingest.FileRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files of a warehouse export: one CSV per table, the tables of one system in one folder, named
 * {@code [prefix]<table>[_data].csv} as Fivetran's seeds and {@code COPY … TO} exports name them.
 */
public final class TableFiles {
    private TableFiles() {
    }

    /**
     * The table a file holds: {@code hubspot_deal_company_data.csv} → {@code deal_company} with prefixes
     * {@code hubspot_}; a prefix is optional. Empty for a file that is not CSV.
     */
    public static Optional<String> table(Path file, List<String> prefixes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv")) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - 4);
        if (stem.endsWith("_data")) {
            stem = stem.substring(0, stem.length() - 5);
        }
        for (String prefix : prefixes) {
            if (stem.startsWith(prefix)) {
                return Optional.of(stem.substring(prefix.length()));
            }
        }
        return Optional.of(stem);
    }

    /** The file of the same folder holding {@code table} (the first by name), if any. */
    public static Optional<Path> sibling(Path file, List<String> prefixes, String table) {
        Path folder = file.toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted()
                    .filter(p -> table(p, prefixes).filter(table::equals).isPresent()).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sibling holding {@code table}, read whole, or null when the folder has none; a sibling that cannot be read
     * rejects the file that joins it.
     */
    public static CsvTable readSibling(Path file, List<String> prefixes, String table)
            throws IOException, FileRejectedException {
        Optional<Path> p = sibling(file, prefixes, table);
        if (p.isEmpty()) {
            return null;
        }
        try {
            return CsvTable.read(p.get());
        } catch (FileRejectedException e) {
            throw new FileRejectedException(e.code(), "Cannot ingest " + file.getFileName() + ": it is joined with "
                    + p.get().getFileName() + ", which cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The text of mapping {@code <source>.json}: {@code <dir>/<source>.json} when {@code revlake.mappings.dir} (or
     * {@code REVLAKE_MAPPINGS_DIR}) names a folder holding one, else the built-in one.
     */
    public static String mappingText(String source) {
        String dir = System.getProperty("revlake.mappings.dir", System.getenv("REVLAKE_MAPPINGS_DIR"));
        try {
            if (dir != null && Files.isRegularFile(Path.of(dir, source + ".json"))) {
                return Files.readString(Path.of(dir, source + ".json"));
            }
            try (InputStream in = TableFiles.class.getResourceAsStream("/revlake/mappings/" + source + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("no built-in mapping for " + source);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + source + " mapping", e);
        }
    }
}
