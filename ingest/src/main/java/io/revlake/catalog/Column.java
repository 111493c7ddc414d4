package io.revlake.catalog;

import java.util.Objects;

/** One column of a catalogued table. */
public record Column(String name, ColumnType type, boolean nullable, String doc) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("_?[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column names are snake_case: " + name);
        }
        doc = doc == null ? "" : doc;
    }

    public static Column required(String name, ColumnType type, String doc) {
        return new Column(name, type, false, doc);
    }

    public static Column optional(String name, ColumnType type, String doc) {
        return new Column(name, type, true, doc);
    }
}
