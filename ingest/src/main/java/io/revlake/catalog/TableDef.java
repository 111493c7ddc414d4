package io.revlake.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A catalogued table: where it lives, its schema, its key and grain.
 * Location is {@code <warehouse>/<layer>/<name>}; the warehouse may be any Hadoop-compatible URI.
 */
public record TableDef(Layer layer, String name, List<Column> columns, List<String> key, String grain, String doc) {
    public TableDef {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        for (String k : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new IllegalArgumentException(name + ": key column " + k + " is not in the schema");
            }
        }
    }

    /** {@code layer.name}, e.g. {@code gold.mrr_summary}. */
    public String qualifiedName() {
        return layer.folder() + "." + name;
    }

    /** Location of the table under a warehouse root given as a path or URI string. */
    public String location(String warehouse) {
        String root = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
        return root + "/" + layer.folder() + "/" + name;
    }

    public Path location(Path warehouse) {
        return warehouse.resolve(layer.folder()).resolve(name);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
