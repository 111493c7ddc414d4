package io.revlake.ingest.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.KeyedValidator;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.Rejection;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.canonical.CanonicalFileReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A connector driven by a {@link Mapping}: reads JSON (one object, a sequence of objects or JSON lines, Stripe list
 * pages {@code {"object":"list","data":[…]}}, Salesforce {@code {"records":[…]}}, webhook events) or CSV files, and
 * turns each source record into the canonical records of every rule that applies to it.
 *
 * <p>Per record and rule: values from the field specs (a transform failure quarantines the record), then the rule's
 * source checks, then {@link KeyedValidator} — the same validation as the canonical CSV connector.
 *
 * <p>When the mapping declares lookups, every JSON file of the file's folder (the batch) is read first for the records
 * they hold; a path step {@code @name} resolves ids through them, and the files that gave records are this file's
 * {@link #dependencies}. An id that cannot be resolved quarantines the record ({@code UNRESOLVED_REFERENCE}).
 */
public final class MappedSourceReader implements SourceReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mapping mapping;
    /** The lookups of the folder last read, and what they were built from (names, sizes, modification times). */
    private Path lookupFolder;
    private List<String> lookupStamp;
    private Lookups lookups;

    public MappedSourceReader(Mapping mapping) {
        this.mapping = mapping;
    }

    /** The files of the folder whose records the mapping's lookups hold, other than this one. */
    @Override
    public List<Path> dependencies(Path file) {
        try {
            Lookups l = lookups(file);
            Path folder = folderOf(file);
            return l.files().stream().filter(n -> !n.equals(file.getFileName().toString())).map(folder::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** The lookups of the file's folder: every JSON file in it, read once per folder state. */
    synchronized Lookups lookups(Path file) throws IOException {
        if (mapping.lookups().isEmpty()) {
            return Lookups.NONE;
        }
        Path folder = folderOf(file);
        List<Path> files;
        try (var s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(f -> "json".equals(format(f.getFileName().toString())))
                    .sorted().toList();
        }
        List<String> stamp = new ArrayList<>();
        for (Path f : files) {
            stamp.add(f.getFileName() + "/" + Files.size(f) + "/" + Files.getLastModifiedTime(f).toMillis());
        }
        if (folder.equals(lookupFolder) && stamp.equals(lookupStamp)) {
            return lookups;
        }
        Lookups.Builder builder = new Lookups.Builder(mapping.lookups(), mapping.looseNames());
        for (Path f : files) {
            String name = f.getFileName().toString();
            try (Reader reader = CanonicalFileReader.utf8Reader(Files.newInputStream(f));
                 JsonParser p = JSON.getFactory().createParser(reader)) {
                while (p.nextToken() != null) {
                    unwrap(JSON.readTree(p), node -> builder.offer(name, node));
                }
            } catch (CharacterCodingException | JsonProcessingException e) {
                // a broken file gives no lookups; it is rejected with its reason when it is read itself
            }
        }
        lookupFolder = folder;
        lookupStamp = stamp;
        lookups = builder.build();
        return lookups;
    }

    /** The records of a JSON value: list pages, query results, arrays and events unwrapped. */
    private void unwrap(JsonNode root, Consumer<JsonNode> sink) {
        Scope s = new Scope(root, null, mapping.looseNames());
        if (root.isArray()) {
            root.forEach(x -> unwrap(x, sink));
        } else if ("list".equals(s.text("object")) && root.path("data").isArray()) {
            root.get("data").forEach(x -> unwrap(x, sink));
        } else if (root.path("records").isArray() && root.get("object") == null) {
            root.get("records").forEach(x -> unwrap(x, sink));
        } else if ("event".equals(s.text("object")) && root.path("data").path("object").isObject()) {
            unwrap(root.get("data").get("object"), sink);
        } else if (root.isObject()) {
            sink.accept(root);
        }
    }

    /**
     * The built-in mapping of a source, or {@code <dir>/<source>.json} when the system property
     * {@code revlake.mappings.dir} (or the environment variable {@code REVLAKE_MAPPINGS_DIR}) names a folder holding it.
     */
    public static MappedSourceReader builtIn(String source) {
        String dir = System.getProperty("revlake.mappings.dir", System.getenv("REVLAKE_MAPPINGS_DIR"));
        if (dir != null) {
            Path custom = Path.of(dir, source + ".json");
            if (Files.isRegularFile(custom)) {
                try {
                    return new MappedSourceReader(Mapping.parse(Files.readString(custom)));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read mapping " + custom, e);
                }
            }
        }
        return new MappedSourceReader(Mapping.builtIn(source));
    }

    public Mapping mapping() {
        return mapping;
    }

    @Override
    public String source() {
        return mapping.source();
    }

    @Override
    public String configFingerprint() {
        return mapping.fingerprint();
    }

    @Override
    public String whyNot(Path file) {
        String name = file.getFileName().toString();
        if (format(name) == null) {
            return "";
        }
        boolean any = mapping.rules().stream().anyMatch(r -> r.file() == null || r.file().matcher(name).matches());
        return any ? null : "no " + mapping.source() + " mapping rule matches this file name";
    }

    private static String format(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return "json";
        }
        return lower.endsWith(".csv") ? "csv" : null;
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        FileState state = new FileState(file.getFileName().toString(), sink, lookups(file));
        if ("json".equals(format(state.fileName))) {
            readJson(file, state);
        } else {
            readCsv(file, state);
        }
        String note = null;
        if (!state.ignored.isEmpty()) {
            List<String> parts = new ArrayList<>();
            state.ignored.forEach((type, n) -> parts.add(type + " ×" + n
                    + (state.lookupTypes.contains(type) ? " (read as a lookup, to resolve ids in other records)" : "")));
            note = "records without a mapping rule, not ingested: " + String.join(", ", parts);
        }
        return new Outcome(state.entities.stream().map(CanonicalEntity::fileStem).toList(),
                List.copyOf(state.unknownColumns), note);
    }

    /** Per-file state: numbering, key checks, what was skipped. */
    private final class FileState {
        final String fileName;
        final Consumer<SourceRecord> sink;
        final KeyedValidator validator = new KeyedValidator();
        final Set<CanonicalEntity> entities = new LinkedHashSet<>();
        final Map<String, Long> ignored = new TreeMap<>();
        final Set<String> lookupTypes = new java.util.TreeSet<>();
        final Set<String> unknownColumns = new LinkedHashSet<>();
        final Lookups lookups;
        long recordNumber;

        FileState(String fileName, Consumer<SourceRecord> sink, Lookups lookups) {
            this.fileName = fileName;
            this.sink = sink;
            this.lookups = lookups;
        }

        /** Maps one source record through every rule that applies to it. */
        void offer(JsonNode node, String where, Map<String, String> unmappedColumns) {
            Scope top = new Scope(node, null, mapping.looseNames(), lookups);
            boolean mapped = false;
            for (Mapping.Rule rule : mapping.rules()) {
                if (!rule.appliesTo(fileName, top)) {
                    continue;
                }
                mapped = true;
                if (rule.each().isEmpty()) {
                    emit(rule, top, where + describe(node, ""), unmappedColumns);
                } else {
                    JsonNode list = top.get(rule.each());
                    if (list != null && list.isArray()) {
                        for (int i = 0; i < list.size(); i++) {
                            emit(rule, new Scope(list.get(i), node, mapping.looseNames(), lookups),
                                    where + describe(node, ", " + rule.each() + "[" + i + "]"), Map.of());
                        }
                    }
                }
            }
            if (!mapped) {
                String type = top.text("object");
                if (type == null) {
                    type = top.text("attributes.type");
                }
                ignored.merge(type == null ? "record" : type, 1L, Long::sum);
                if (mapping.lookups().stream().anyMatch(d -> d.takes(fileName, top))) {
                    lookupTypes.add(type == null ? "record" : type);
                }
            }
        }

        private void emit(Mapping.Rule rule, Scope s, String locator, Map<String, String> unmappedColumns) {
            boolean tombstone = !rule.tombstoneWhen().isEmpty() && Mapping.matches(s, rule.tombstoneWhen());
            Map<String, String> values = new LinkedHashMap<>();
            Rejection rejection = null;
            for (var f : rule.fields().entrySet()) {
                try {
                    values.put(f.getKey(), f.getValue().evaluate(s));
                } catch (MappingException e) {
                    values.put(f.getKey(), null);
                    if (rejection == null) {
                        rejection = e.rejection();
                    }
                } catch (UnresolvedReferenceException e) {
                    values.put(f.getKey(), null);
                    if (rejection == null && !tombstone) {
                        rejection = e.rejection();
                    }
                }
            }
            if (rejection == null && !tombstone) {
                for (Mapping.Check c : rule.checks()) {
                    Optional<Rejection> r;
                    try {
                        r = c.test(s);
                    } catch (UnresolvedReferenceException e) {
                        r = Optional.of(e.rejection());
                    }
                    if (r.isPresent()) {
                        rejection = r.get();
                        break;
                    }
                }
            }
            if (rejection == null) {
                rejection = validator.validate(rule.entity(), values, tombstone).orElse(null);
            } else {
                rejection = new Rejection(rejection.code(), Scope.readable(rejection.reason()));
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (var x : rule.extras().entrySet()) {
                try {
                    String v = x.getValue().evaluate(s);
                    if (v != null) {
                        extras.put(x.getKey(), v);
                    }
                } catch (MappingException e) {
                    extras.put(x.getKey(), s.text(x.getValue().firstPresentPath(s)));
                } catch (UnresolvedReferenceException e) {
                    // the record is quarantined for it (a field reads the same reference), or the extra stays empty
                }
            }
            if (rule.keepUnmapped()) {
                extras.putAll(unmappedColumns);
                unknownColumns.addAll(unmappedColumns.keySet());
            }
            entities.add(rule.entity());
            sink.accept(new SourceRecord(rule.entity(), ++recordNumber, locator + " → " + rule.entity().fileStem(),
                    values, extras, s.node().toString(), rejection, tombstone && rejection == null));
        }
    }

    /** {@code (invoice in_123, lines.data[0])}: the object type and id, so a person can find the record. */
    private static String describe(JsonNode node, String suffix) {
        Scope s = new Scope(node, null);
        String type = s.text("object");
        if (type == null) {
            type = s.text("attributes.type");
        }
        String id = s.text("id");
        if (id == null) {
            id = s.text("attributes.referenceId");
        }
        if (type == null && id == null) {
            return suffix.isEmpty() ? "" : " (" + suffix.substring(2) + ")";
        }
        return " (" + (type == null ? "" : type + " ") + (id == null ? "" : id) + suffix + ")";
    }

    private void readJson(Path file, FileState state) throws IOException, FileRejectedException {
        String name = state.fileName;
        try (Reader reader = CanonicalFileReader.utf8Reader(Files.newInputStream(file));
             JsonParser p = JSON.getFactory().createParser(reader)) {
            boolean any = false;
            while (p.nextToken() != null) {
                int line = p.currentTokenLocation().getLineNr();
                JsonNode root = JSON.readTree(p);
                any = true;
                offerRoot(root, "line " + line, state);
            }
            if (!any) {
                throw new FileRejectedException(ReasonCode.EMPTY_FILE, "Cannot ingest " + name + ": no JSON in it");
            }
        } catch (CharacterCodingException e) {
            throw new FileRejectedException(ReasonCode.INVALID_ENCODING,
                    "Cannot ingest " + name + ": it is not valid UTF-8 (save it as UTF-8 and ingest again)");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new FileRejectedException(ReasonCode.MALFORMED_JSON, "Cannot ingest " + name + ": broken JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + " (" + e.getOriginalMessage() + ")");
        }
    }

    /** Unwraps list pages, query results, arrays and events down to records. */
    private void offerRoot(JsonNode root, String where, FileState state) {
        Scope s = new Scope(root, null, mapping.looseNames());
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                offerRoot(root.get(i), where + ", [" + i + "]", state);
            }
        } else if ("list".equals(s.text("object")) && root.path("data").isArray()) {
            JsonNode data = root.get("data");
            for (int i = 0; i < data.size(); i++) {
                offerRoot(data.get(i), where + ", data[" + i + "]", state);
            }
        } else if (root.path("records").isArray() && root.get("object") == null) {
            JsonNode data = root.get("records");
            for (int i = 0; i < data.size(); i++) {
                offerRoot(data.get(i), where + ", records[" + i + "]", state);
            }
        } else if ("event".equals(s.text("object")) && root.path("data").path("object").isObject()) {
            offerRoot(root.get("data").get("object"), where + ", data.object", state);
        } else if (root.isObject()) {
            state.offer(root, where, Map.of());
        } else {
            state.ignored.merge("non-object JSON value", 1L, Long::sum);
        }
    }

    private void readCsv(Path file, FileState state) throws IOException, FileRejectedException {
        String name = state.fileName;
        try (Reader reader = CanonicalFileReader.utf8Reader(Files.newInputStream(file));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream().map(String::trim).toList();
            if (header.isEmpty()) {
                throw new FileRejectedException(ReasonCode.EMPTY_FILE, "Cannot ingest " + name + ": no header row");
            }
            Set<String> mapped = new java.util.HashSet<>();
            for (Mapping.Rule r : mapping.rules()) {
                if (r.file() == null || r.file().matcher(name).matches()) {
                    mapped.addAll(r.mappedColumns(mapping.looseNames()));
                }
            }
            long lastLine = 1;
            try {
                for (CSVRecord rec : parser) {
                    long line = lastLine + 1;
                    lastLine = parser.getCurrentLineNumber();
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    Map<String, String> unmapped = new LinkedHashMap<>();
                    for (int i = 0; i < rec.size(); i++) {
                        String col = i < header.size() && !header.get(i).isEmpty() ? header.get(i) : "_column_" + (i + 1);
                        String v = rec.get(i);
                        node.put(col, v);
                        if (!mapped.contains(Scope.normalise(col, mapping.looseNames()))) {
                            unmapped.put(col, v);
                        }
                    }
                    if (rec.size() != header.size()) {
                        rejectWhole(state, node, "line " + line, new Rejection(ReasonCode.WRONG_COLUMN_COUNT,
                                "record has " + rec.size() + " values but the header has " + header.size() + " columns"));
                        continue;
                    }
                    state.offer(node, "line " + line, unmapped);
                }
            } catch (UncheckedIOException e) {
                throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name
                        + ": broken CSV near line " + parser.getCurrentLineNumber() + " (" + e.getCause().getMessage() + ")");
            }
        } catch (CharacterCodingException e) {
            throw new FileRejectedException(ReasonCode.INVALID_ENCODING,
                    "Cannot ingest " + name + ": it is not valid UTF-8 (save it as UTF-8 and ingest again)");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new FileRejectedException(ReasonCode.MALFORMED_CSV, "Cannot ingest " + name + ": " + e.getMessage());
        }
    }

    /** A record that cannot be mapped at all still counts once, for the first rule of the file. */
    private void rejectWhole(FileState state, JsonNode node, String where, Rejection rejection) {
        for (Mapping.Rule rule : mapping.rules()) {
            if (rule.file() == null || rule.file().matcher(state.fileName).matches()) {
                state.entities.add(rule.entity());
                state.sink.accept(new SourceRecord(rule.entity(), ++state.recordNumber, where, Map.of(), Map.of(),
                        node.toString(), rejection, false));
                return;
            }
        }
    }
}
