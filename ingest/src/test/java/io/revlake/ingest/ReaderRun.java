package io.revlake.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a {@link SourceReader} made of one file, for connector tests without Spark. */
public record ReaderRun(String file, List<SourceRecord> records, SourceReader.Outcome outcome) {
    public static ReaderRun of(SourceReader reader, Path file) throws Exception {
        List<SourceRecord> records = new ArrayList<>();
        SourceReader.Outcome o = reader.read(file, records::add);
        return new ReaderRun(file.getFileName().toString(), records, o);
    }

    /** Every readable file under a folder, by path relative to it. */
    public static Map<String, ReaderRun> all(SourceReader reader, Path folder) throws Exception {
        Map<String, ReaderRun> runs = new TreeMap<>();
        try (var s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                if (reader.whyNot(f) == null) {
                    runs.put(folder.relativize(f).toString(), of(reader, f));
                }
            }
        }
        return runs;
    }

    public static Path shared(String... parts) {
        return Path.of(System.getProperty("revlake.shared.dir"), "data").resolve(String.join("/", parts));
    }

    public List<SourceRecord> accepted() {
        return records.stream().filter(r -> r.accepted() && !r.tombstone()).toList();
    }

    public List<SourceRecord> tombstones() {
        return records.stream().filter(SourceRecord::tombstone).toList();
    }

    public List<SourceRecord> rejected() {
        return records.stream().filter(r -> !r.accepted()).toList();
    }

    /** Reason code → count. */
    public Map<String, Long> reasons() {
        return rejected().stream().collect(Collectors.groupingBy(r -> r.rejection().code().name(), TreeMap::new,
                Collectors.counting()));
    }

    /** {@code CODE: reason} of the rejected record with this key value, e.g. {@code si_P1}. */
    public String reasonOf(String key) {
        var byValue = rejected().stream().filter(r -> r.values().containsValue(key)).findFirst();
        return byValue.or(() -> rejected().stream().filter(r -> r.rawJson().contains("\"" + key + "\"")).findFirst())
                .map(r -> r.rejection().code() + ": " + r.rejection().reason())
                .orElseThrow(() -> new AssertionError("no rejected record " + key + " in " + file));
    }

    /** A record as one line: mapped values in mapping order, '|'-separated, or {@code DELETED key}. */
    public static String line(SourceRecord r) {
        if (r.tombstone()) {
            return "DELETED " + r.values().get(r.entity().key().get(0));
        }
        return r.values().values().stream().map(v -> v == null ? "" : v).collect(Collectors.joining("|"));
    }
}
