package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The objects a mapping's lookups hold, by lookup name and key: the records of a batch (every file of the folder)
 * that a path step {@code @name} can resolve an id to. Built by {@link MappedSourceReader} per folder.
 */
public final class Lookups {
    public static final Lookups NONE = new Lookups(Map.of(), Set.of());

    /**
     * A declared lookup: records matching {@code when} (in files matching {@code file}, when given), keyed by the text
     * at {@code key}.
     */
    public record Definition(String name, Pattern file, Map<String, JsonNode> when, String key) {
        static Definition parse(String name, JsonNode n) {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("lookup name '" + name + "' must be lower-case letters, digits, _");
            }
            if (!n.path("when").isObject() || n.path("when").isEmpty()) {
                throw new IllegalArgumentException("lookup " + name + " needs \"when\": which records it holds");
            }
            String file = n.path("file").asText("");
            return new Definition(name, file.isEmpty() ? null : Pattern.compile(file, Pattern.CASE_INSENSITIVE),
                    Mapping.conditions(n.path("when")), n.path("key").asText("id"));
        }

        boolean takes(String fileName, Scope s) {
            return (file == null || file.matcher(fileName).matches()) && Mapping.matches(s, when);
        }
    }

    private final Map<String, Map<String, JsonNode>> tables;
    private final Set<String> files;

    Lookups(Map<String, Map<String, JsonNode>> tables, Set<String> files) {
        this.tables = tables;
        this.files = files;
    }

    /** The object of lookup {@code name} with this key, or null. */
    public JsonNode find(String name, String key) {
        Map<String, JsonNode> t = tables.get(name);
        return t == null ? null : t.get(key);
    }

    /** Names of the files that gave at least one object. */
    public Set<String> files() {
        return files;
    }

    /** Collects records into lookups; a later record of the same key replaces an earlier one (files in name order). */
    static final class Builder {
        private final List<Definition> definitions;
        private final boolean looseNames;
        private final Map<String, Map<String, JsonNode>> tables = new HashMap<>();
        private final Set<String> files = new TreeSet<>();

        Builder(List<Definition> definitions, boolean looseNames) {
            this.definitions = definitions;
            this.looseNames = looseNames;
        }

        void offer(String fileName, JsonNode record) {
            Scope s = new Scope(record, null, looseNames);
            for (Definition d : definitions) {
                if (d.takes(fileName, s)) {
                    String key = s.text(d.key());
                    if (key != null) {
                        tables.computeIfAbsent(d.name(), k -> new HashMap<>()).put(key, record);
                        files.add(fileName);
                    }
                }
            }
        }

        Lookups build() {
            return new Lookups(tables, files);
        }
    }
}
