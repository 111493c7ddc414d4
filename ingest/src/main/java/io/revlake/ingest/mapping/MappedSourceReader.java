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
 */
public final class MappedSourceReader implements SourceReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mapping mapping;

    public MappedSourceReader(Mapping mapping) {
        this.mapping = mapping;
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
        FileState state = new FileState(file.getFileName().toString(), sink);
        if ("json".equals(format(state.fileName))) {
            readJson(file, state);
        } else {
            readCsv(file, state);
        }
        String note = null;
        if (!state.ignored.isEmpty()) {
            List<String> parts = new ArrayList<>();
            state.ignored.forEach((type, n) -> parts.add(type + " ×" + n));
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
        final Set<String> unknownColumns = new LinkedHashSet<>();
        long recordNumber;

        FileState(String fileName, Consumer<SourceRecord> sink) {
            this.fileName = fileName;
            this.sink = sink;
        }

        /** Maps one source record through every rule that applies to it. */
        void offer(JsonNode node, String where, Map<String, String> unmappedColumns) {
            Scope top = new Scope(node, null, mapping.looseNames());
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
                            emit(rule, new Scope(list.get(i), node, mapping.looseNames()),
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
                }
            }
            if (rejection == null && !tombstone) {
                for (Mapping.Check c : rule.checks()) {
                    var r = c.test(s);
                    if (r.isPresent()) {
                        rejection = r.get();
                        break;
                    }
                }
            }
            if (rejection == null) {
                rejection = validator.validate(rule.entity(), values, tombstone).orElse(null);
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
